import type { ts } from 'ts-morph';
import type { FileModel, Block, TestBlock } from './model';
import type { Severity, Span, TestInfo, Fix } from './types';

export type RuleType = 'flaky' | 'layer' | 'hygiene';

/** Flaky causes as the rule catalogue groups them. */
export type RuleCause =
  | 'timing'
  | 'shared-state'
  | 'external-dependency'
  | 'non-determinism'
  | 'race-condition'
  | 'resource-exhaustion'
  | 'pipeline'
  | 'layers'
  | 'e2e';

export interface RuleMeta {
  type: RuleType;
  cause: RuleCause;
  defaultSeverity: Exclude<Severity, 'off'>;
  docs: { description: string; url: string };
  /** Message templates with `{name}` placeholders. */
  messages: Record<string, string>;
  /** Default values of the rule's options; the keys are the options the rule accepts. */
  defaultOptions?: Record<string, unknown>;
  /** Whether the rule offers fixes that `--fix` may apply. */
  fixable?: boolean;
  /** Whether the rule offers editor-only suggestions. */
  hasSuggestions?: boolean;
}

export interface FixDescriptor {
  description: string;
  safe: boolean;
  edits: { start: number; end: number; newText: string }[];
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** Node or span the finding points at. */
  node?: ts.Node;
  span?: Span;
  /** Test the finding belongs to; defaults to the test being walked. `null` for file-level findings. */
  test?: TestBlock | null;
  related?: { message: string; node?: ts.Node; span?: Span }[];
  fixes?: FixDescriptor[];
  /**
   * The most this finding may be reported at, whatever the rule's severity: `'info'` for a pattern worth showing but
   * not worth a warning. A user's lower setting still wins; `off` still turns the rule off.
   */
  maxSeverity?: Exclude<Severity, 'off'>;
}

/** What a rule sees. Node visitors run during the analyzer's single walk; `end` runs after classification. */
export interface RuleContext {
  readonly id: string;
  readonly path: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
  readonly model: FileModel;
  readonly options: Readonly<Record<string, unknown>>;
  /** The innermost test, hook or suite block the walk is inside (the file root outside any). */
  currentBlock(): Block;
  /** The innermost test being walked, if any. */
  currentTest(): TestBlock | undefined;
  /** Classified tests, in source order; available in `end`. */
  tests(): readonly TestInfo[];
  report(descriptor: ReportDescriptor): void;
}

/** A node kind by its `ts.SyntaxKind` name: `CallExpression`, `ExpressionStatement`. */
export type NodeKindName = keyof typeof ts.SyntaxKind;

/**
 * Listeners keyed by node kind name, as ESLint keys them by node type (named keys: an object literal keyed by kind
 * numbers gets an element store as long as the largest kind, allocated and scanned for every rule and file).
 */
export type RuleListener = { [K in NodeKindName]?: (node: any) => void } & { end?: () => void };

export interface RuleModule {
  id: string;
  meta: RuleMeta;
  create(context: RuleContext): RuleListener;
}

/** Identity helper that keeps the rule object's literal types checked. */
export function defineRule(rule: RuleModule): RuleModule {
  return rule;
}

export type { Fix };
