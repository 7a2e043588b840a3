/** Public shapes of the analyzer: what goes in (text, path, config) and what comes out (a FileReport). */

export type Layer = 'unit' | 'integration' | 'e2e';
export const LAYERS: readonly Layer[] = ['unit', 'integration', 'e2e'];

export type Confidence = 'high' | 'medium' | 'low';
export type Severity = 'off' | 'info' | 'warning' | 'error';
export const SEVERITIES: readonly Severity[] = ['off', 'info', 'warning', 'error'];

export type Framework =
  | 'jest'
  | 'vitest'
  | 'mocha'
  | 'jasmine'
  | 'node:test'
  | 'playwright'
  | 'cypress'
  | 'webdriverio'
  | 'unknown';

/** 0-based offsets into the file text; converted to 1-based lines/columns only at the output edge. */
export interface Span {
  start: number;
  end: number;
}

/** 1-based line and column range as in the CLI JSON contract. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Evidence {
  /** Stable id of the signal family, e.g. `database-client`, `browser-driver`, `mocked-imports`. */
  signal: string;
  /** One human sentence naming the concrete thing. */
  message: string;
  /** 1-based line the signal was seen on (in this file; for helper chains, the call site). */
  line: number;
  /** Which layer the signal points at; `declared` evidence points at the declared layer. */
  layer: Layer;
  /** How strongly this signal alone decides the layer. */
  weight: number;
  /** For signals followed through helpers: the chain from the call site to the signal. */
  chain?: { name: string; path: string; line: number }[];
}

export type TestKind = 'test' | 'suite' | 'hook';
export type TestModifier = 'only' | 'skip' | 'todo' | 'fixme' | 'concurrent' | 'each' | 'serial' | 'parallel' | 'fails';

export interface TestInfo {
  name: string;
  fullName: string;
  kind: 'test';
  framework: Framework;
  modifiers: TestModifier[];
  /** Offsets of the whole call expression. */
  span: Span;
  /** Offsets of the title argument (for hovers and lenses). */
  titleSpan: Span;
  range: Range;
  titleRange: Range;
  layer: Layer;
  declaredLayer: Layer | null;
  /** What declared the layer: a path glob, an annotation or a tag. */
  declaredBy: string | null;
  confidence: Confidence;
  evidence: Evidence[];
  /** Names (kind + title path) of the hooks that apply to this test, outermost first. */
  hooks: string[];
}

export interface SuiteInfo {
  name: string;
  fullName: string;
  kind: 'suite';
  framework: Framework;
  modifiers: TestModifier[];
  span: Span;
  titleSpan: Span;
  range: Range;
  titleRange: Range;
  declaredLayer: Layer | null;
  /** Indexes into FileReport.tests of the tests inside this suite (any depth). */
  tests: number[];
  /** Depth 0 for a top-level suite. */
  depth: number;
}

export interface TextEdit {
  /** 0-based offsets into the original text. */
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  description: string;
  /** Only safe fixes are applied by `test-layers --fix`; the editor offers both. */
  safe: boolean;
  edits: TextEdit[];
}

export interface RelatedLocation {
  message: string;
  span: Span;
  range: Range;
}

export interface Finding {
  ruleId: string;
  severity: Exclude<Severity, 'off'>;
  message: string;
  span: Span;
  range: Range;
  /** Full name of the test the finding belongs to, or null for file-level findings. */
  test: string | null;
  related: RelatedLocation[];
  fixes: Fix[];
}

export interface AnalysisError {
  kind: 'syntax' | 'binary' | 'too-large' | 'encoding' | 'unreadable' | 'internal' | 'timeout';
  message: string;
  line?: number;
  column?: number;
}

export interface FileReport {
  path: string;
  framework: Framework;
  /** Layer declared for the whole file by a path glob or a file-level annotation. */
  declaredLayer: Layer | null;
  tests: TestInfo[];
  suites: SuiteInfo[];
  findings: Finding[];
  errors: AnalysisError[];
  /** Milliseconds the analysis took. */
  durationMs: number;
}
