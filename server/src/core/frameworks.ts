import { ts } from 'ts-morph';
import { compiler } from './compiler';
import type { Framework, TestModifier } from './types';

/** One imported or required binding at module level. */
export interface ImportBinding {
  local: string;
  /** `default`, `*` (namespace or whole `require`), or the exported name. */
  imported: string;
  module: string;
  line: number;
  start: number;
}

export interface ImportedModule {
  module: string;
  line: number;
  start: number;
  end: number;
  kind: 'import' | 'require' | 'dynamic' | 'side-effect';
}

export interface ImportTable {
  bindings: Map<string, ImportBinding>;
  modules: ImportedModule[];
}

const SUITE_NAMES = new Set(['describe', 'suite', 'context', 'fdescribe', 'xdescribe', 'xcontext', 'xsuite']);
const TEST_NAMES = new Set(['it', 'test', 'specify', 'fit', 'xit', 'xtest', 'xspecify']);
const HOOK_NAMES = new Set([
  'beforeAll', 'afterAll', 'beforeEach', 'afterEach', 'before', 'after',
  'setup', 'teardown', 'suiteSetup', 'suiteTeardown',
]);
const MODIFIERS = new Map<string, TestModifier | null>([
  ['only', 'only'], ['skip', 'skip'], ['todo', 'todo'], ['fixme', 'fixme'], ['concurrent', 'concurrent'],
  ['each', 'each'], ['for', 'each'], ['serial', 'serial'], ['parallel', 'parallel'], ['fails', 'fails'],
  ['failing', 'fails'], ['skipIf', 'skip'], ['runIf', null], ['sequential', null], ['shuffle', null],
]);

export const TEST_MODULE_FRAMEWORK: Record<string, Framework> = {
  vitest: 'vitest',
  '@jest/globals': 'jest',
  '@playwright/test': 'playwright',
  'node:test': 'node:test',
  test: 'node:test',
  mocha: 'mocha',
  cypress: 'cypress',
  '@wdio/globals': 'webdriverio',
  webdriverio: 'webdriverio',
  '@wdio/mocha-framework': 'webdriverio',
  jasmine: 'jasmine',
};

export type HookType = 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach';

export interface TestCall {
  kind: 'test' | 'suite' | 'hook';
  /** For hooks, normalised to the Jest names. */
  hookType?: HookType;
  modifiers: TestModifier[];
  /** The title argument, if any. */
  titleNode?: ts.Expression;
  /** The test/suite/hook body, if a function literal is passed. */
  fn?: ts.FunctionLikeDeclaration;
  /** Playwright's `{ tag }` or details object. */
  options?: ts.ObjectLiteralExpression;
  /** Canonical head name, e.g. `it`, `test`, `describe`. */
  head: string;
}

function moduleName(node: ts.Expression | undefined): string | undefined {
  return node && compiler.isStringLiteralLike(node) ? node.text : undefined;
}

function requireTarget(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  if (compiler.isAwaitExpression(expr)) expr = expr.expression;
  if (compiler.isCallExpression(expr)) {
    const callee = expr.expression;
    if (compiler.isIdentifier(callee) && callee.text === 'require') return moduleName(expr.arguments[0]);
    if (callee.kind === compiler.SyntaxKind.ImportKeyword) return moduleName(expr.arguments[0]);
    // A call of something other than require or import: not a module binding.
    return undefined;
  }
  if (compiler.isPropertyAccessExpression(expr) && compiler.isCallExpression(expr.expression)) return requireTarget(expr.expression);
  return undefined;
}

/** Collects module-level imports and `require`s with their local names. */
export function collectImports(sf: ts.SourceFile): ImportTable {
  const bindings = new Map<string, ImportBinding>();
  const modules: ImportedModule[] = [];
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const add = (local: string, imported: string, module: string, node: ts.Node) => {
    const start = node.getStart(sf);
    bindings.set(local, { local, imported, module, line: lineOf(start), start });
  };
  for (const stmt of sf.statements) {
    if (compiler.isImportDeclaration(stmt)) {
      const module = moduleName(stmt.moduleSpecifier);
      if (!module) continue;
      const start = stmt.getStart(sf);
      modules.push({ module, line: lineOf(start), start, end: stmt.end, kind: stmt.importClause ? 'import' : 'side-effect' });
      const clause = stmt.importClause;
      if (!clause) continue;
      if (clause.name) add(clause.name.text, 'default', module, clause.name);
      const nb = clause.namedBindings;
      if (nb && compiler.isNamespaceImport(nb)) add(nb.name.text, '*', module, nb.name);
      else if (nb && compiler.isNamedImports(nb)) {
        for (const el of nb.elements) add(el.name.text, (el.propertyName ?? el.name).text, module, el.name);
      }
    } else if (compiler.isImportEqualsDeclaration(stmt) && compiler.isExternalModuleReference(stmt.moduleReference)) {
      const module = moduleName(stmt.moduleReference.expression);
      if (!module) continue;
      const start = stmt.getStart(sf);
      modules.push({ module, line: lineOf(start), start, end: stmt.end, kind: 'require' });
      add(stmt.name.text, '*', module, stmt.name);
    } else if (compiler.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        const module = requireTarget(decl.initializer);
        if (!module) continue;
        const start = decl.getStart(sf);
        modules.push({ module, line: lineOf(start), start, end: decl.end, kind: 'require' });
        const property = decl.initializer && compiler.isPropertyAccessExpression(decl.initializer) ? decl.initializer.name.text : undefined;
        if (compiler.isIdentifier(decl.name)) add(decl.name.text, property ?? '*', module, decl.name);
        else if (compiler.isObjectBindingPattern(decl.name)) {
          for (const el of decl.name.elements) {
            if (!compiler.isIdentifier(el.name)) continue;
            const imported = el.propertyName && compiler.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            add(el.name.text, imported, module, el.name);
          }
        }
      }
    } else if (compiler.isExpressionStatement(stmt)) {
      const module = requireTarget(stmt.expression);
      if (module) {
        const start = stmt.getStart(sf);
        modules.push({ module, line: lineOf(start), start, end: stmt.end, kind: 'side-effect' });
      }
    }
  }
  return { bindings, modules };
}

/**
 * `a.b.c` → ['a','b','c']; calls inside the chain (`it.each(t)`, `test.skipIf(x)`) are stepped through.
 * Results are shared (interned by their parts): callers read them and must not mutate them.
 */
export function calleeChain(expr: ts.Expression): string[] | undefined {
  return internedCallee(expr)?.chain;
}

/** The callee as dotted text (`page.locator`), or undefined when it is not a plain chain. */
export function calleeText(expr: ts.Expression): string | undefined {
  const entry = internedCallee(expr);
  if (!entry) return undefined;
  return (entry.text ??= entry.chain.join('.'));
}

/**
 * One entry per distinct callee (`expect`, `expect.toBe`, `page.locator`), kept in a trie keyed by the parts from the
 * head. Test files call the same few hundred callees over and over, so after warm-up a lookup allocates nothing:
 * no array per call node and no joined string per rule that asks.
 */
export interface CalleeEntry {
  readonly chain: string[];
  text: string | undefined;
  next: Map<string, CalleeEntry> | undefined;
  /** What the analyzer's walk derives from the chain alone, worked out once per callee (bits, see `analyze.ts`; 0 = not yet). */
  facts: number;
  /** The signal tables `pattern`/`newPattern` were matched against (a config's), and the matches (null: none). */
  patternTables: object | undefined;
  pattern: unknown;
  newPattern: unknown;
  /** The last analysis that met this callee (a count), so each analysis notes a callee's head once. */
  seenIn: number;
}

const calleeHeads = new Map<string, CalleeEntry>();
let internedCount = 0;
/** Bounds the trie in a long-running server that sees generated names; past it the trie starts again. */
const MAX_INTERNED = 50_000;
// Reused between calls; `scratchLength` instead of `length = 0`, which would free the backing store each time.
const scratch: string[] = new Array(12).fill('');
let scratchLength = 0;

// The analyzer and the rules ask about the node being visited one after another: remember the last few answers.
const RECENT = 4;
const recentExprs: (ts.Expression | undefined)[] = new Array(RECENT).fill(undefined);
const recentEntries: (CalleeEntry | undefined)[] = new Array(RECENT).fill(undefined);
let recentNext = 0;

/** The interned entry of a callee (shared: read it, and write only the analyzer's cached facts). */
export function calleeEntry(expr: ts.Expression): CalleeEntry | undefined {
  return internedCallee(expr);
}

function internedCallee(expr: ts.Expression): CalleeEntry | undefined {
  for (let i = 0; i < RECENT; i++) if (recentExprs[i] === expr) return recentEntries[i];
  const entry = lookUpCallee(expr);
  recentExprs[recentNext] = expr;
  recentEntries[recentNext] = entry;
  recentNext = (recentNext + 1) % RECENT;
  return entry;
}

function lookUpCallee(expr: ts.Expression): CalleeEntry | undefined {
  if (!collectCalleeParts(expr)) return undefined;
  // `scratch` holds the parts tail first.
  let level = calleeHeads;
  let entry: CalleeEntry | undefined;
  for (let i = scratchLength - 1; i >= 0; i--) {
    const part = scratch[i];
    let found = level.get(part);
    if (!found) {
      if (internedCount >= MAX_INTERNED) {
        calleeHeads.clear();
        internedCount = 0;
      }
      const chain = entry ? [...entry.chain, part] : [part];
      found = { chain, text: undefined, next: undefined, facts: 0, patternTables: undefined, pattern: null, newPattern: null, seenIn: 0 };
      level.set(part, found);
      internedCount++;
    }
    entry = found;
    if (i > 0) level = entry.next ??= new Map();
  }
  return entry;
}

/** Fills `scratch` with the callee's parts, tail first; false when the callee is not a plain chain. */
function collectCalleeParts(expr: ts.Expression): boolean {
  scratchLength = 0;
  let cur: ts.Expression = expr;
  for (let guard = 0; guard < 12; guard++) {
    switch (cur.kind) {
      case KIND_IDENTIFIER:
        scratch[scratchLength++] = (cur as ts.Identifier).text;
        return true;
      case KIND_THIS:
        scratch[scratchLength++] = 'this';
        return true;
      case KIND_PROPERTY_ACCESS:
        scratch[scratchLength++] = (cur as ts.PropertyAccessExpression).name.text;
        cur = (cur as ts.PropertyAccessExpression).expression;
        break;
      case KIND_CALL:
        cur = (cur as ts.CallExpression).expression;
        break;
      case KIND_TAGGED_TEMPLATE:
        cur = (cur as ts.TaggedTemplateExpression).tag;
        break;
      case KIND_ELEMENT_ACCESS: {
        const arg = (cur as ts.ElementAccessExpression).argumentExpression;
        if (!compiler.isStringLiteralLike(arg)) return false;
        scratch[scratchLength++] = arg.text;
        cur = (cur as ts.ElementAccessExpression).expression;
        break;
      }
      case KIND_PARENTHESIZED:
      case KIND_NON_NULL:
        cur = (cur as ts.ParenthesizedExpression | ts.NonNullExpression).expression;
        break;
      default:
        return false;
    }
  }
  return false;
}

const KIND_IDENTIFIER = compiler.SyntaxKind.Identifier;
const KIND_THIS = compiler.SyntaxKind.ThisKeyword;
const KIND_PROPERTY_ACCESS = compiler.SyntaxKind.PropertyAccessExpression;
const KIND_CALL = compiler.SyntaxKind.CallExpression;
const KIND_TAGGED_TEMPLATE = compiler.SyntaxKind.TaggedTemplateExpression;
const KIND_ELEMENT_ACCESS = compiler.SyntaxKind.ElementAccessExpression;
const KIND_PARENTHESIZED = compiler.SyntaxKind.ParenthesizedExpression;
const KIND_NON_NULL = compiler.SyntaxKind.NonNullExpression;

function isTitleLike(node: ts.Expression | undefined): boolean {
  if (!node) return false;
  return !compiler.isFunctionLike(node) && !compiler.isObjectLiteralExpression(node) && !compiler.isArrayLiteralExpression(node)
    && node.kind !== compiler.SyntaxKind.NumericLiteral;
}

function fnArg(args: readonly ts.Expression[]): ts.FunctionLikeDeclaration | undefined {
  for (let i = args.length - 1; i >= 0; i--) {
    const a = args[i];
    if (compiler.isArrowFunction(a) || compiler.isFunctionExpression(a)) return a;
  }
  return undefined;
}

/**
 * Recognises a call as a suite, test or hook of any supported framework (the one place that knows call shapes;
 * rules never re-parse them). `canonicalOf` maps a local identifier to the name it was imported as.
 */
export function parseTestCall(
  call: ts.CallExpression,
  canonicalOf: (local: string) => string,
  subtestParams?: ReadonlySet<string>,
): TestCall | undefined {
  const chain = calleeChain(call.expression);
  if (!chain || chain.length === 0) return undefined;
  const local = chain[0];
  // node:test subtests: `t.test('name', fn)` on the context parameter of a test.
  if (chain.length === 2 && chain[1] === 'test' && subtestParams?.has(local)) {
    const fn = fnArg(call.arguments);
    if (!isTitleLike(call.arguments[0])) return undefined;
    return { kind: 'test', modifiers: [], titleNode: call.arguments[0], fn, head: 'test' };
  }
  let head = canonicalOf(local);
  // Most calls are not tests: decide that before allocating anything.
  if (!SUITE_NAMES.has(head) && !HOOK_NAMES.has(head) && !TEST_NAMES.has(head)) return undefined;
  const modifiers: TestModifier[] = [];
  let rest = chain.slice(1);
  if (head.startsWith('x') && (TEST_NAMES.has(head) || SUITE_NAMES.has(head))) modifiers.push('skip');
  if (head === 'fit' || head === 'fdescribe') modifiers.push('only');
  let kind: TestCall['kind'] | undefined;
  let hookType: HookType | undefined;
  if (SUITE_NAMES.has(head)) kind = 'suite';
  else if (HOOK_NAMES.has(head)) kind = 'hook';
  else if (TEST_NAMES.has(head)) {
    kind = 'test';
    // Playwright style: test.describe(...), test.beforeEach(...), test.step is not a test.
    if (rest.length > 0) {
      const second = rest[0];
      if (SUITE_NAMES.has(second)) {
        kind = 'suite';
        rest = rest.slice(1);
      } else if (HOOK_NAMES.has(second)) {
        kind = 'hook';
        head = second;
        rest = rest.slice(1);
      } else if (!MODIFIERS.has(second)) {
        return undefined;
      }
    }
  } else {
    return undefined;
  }
  for (const part of rest) {
    if (!MODIFIERS.has(part)) return undefined;
    const m = MODIFIERS.get(part);
    if (m && !modifiers.includes(m)) modifiers.push(m);
  }
  const args = call.arguments;
  const fn = fnArg(args);
  if (kind === 'hook') {
    hookType = normaliseHook(head);
    return { kind, hookType, modifiers, fn, head };
  }
  const titleNode = args[0];
  if (!isTitleLike(titleNode)) {
    // `test.skip()` / `test.fixme(cond, 'reason')` inside a test are runtime annotations, not tests.
    return undefined;
  }
  if (!fn && (modifiers.includes('skip') || modifiers.includes('fixme')) && args.length <= 2 && kind === 'test'
    && !compiler.isStringLiteralLike(titleNode) && !compiler.isTemplateExpression(titleNode)) {
    return undefined;
  }
  if (!fn && kind === 'test' && !modifiers.includes('todo')) {
    // Mocha's `it('pending')` without a body is a pending test; Playwright `test.skip(cond, 'reason')` is not a test.
    if (args.length === 1 && (compiler.isStringLiteralLike(titleNode) || compiler.isTemplateExpression(titleNode))) modifiers.push('todo');
    else if (!args.some((a) => compiler.isIdentifier(a) || compiler.isPropertyAccessExpression(a) || compiler.isCallExpression(a))) return undefined;
  }
  let options: ts.ObjectLiteralExpression | undefined;
  for (const a of args) if (compiler.isObjectLiteralExpression(a)) options = a;
  return { kind, modifiers, titleNode, fn, options, head };
}

function normaliseHook(name: string): HookType {
  switch (name) {
    case 'before':
    case 'suiteSetup':
    case 'beforeAll':
      return 'beforeAll';
    case 'after':
    case 'suiteTeardown':
    case 'afterAll':
      return 'afterAll';
    case 'setup':
    case 'beforeEach':
      return 'beforeEach';
    default:
      return 'afterEach';
  }
}

/** Text of a title argument: literal text, template source with substitutions kept, or the expression's source. */
export function titleText(node: ts.Expression | undefined, sf: ts.SourceFile): string {
  if (!node) return '';
  if (compiler.isStringLiteralLike(node)) return node.text;
  if (compiler.isTemplateExpression(node)) return node.getText(sf).slice(1, -1);
  return node.getText(sf);
}

/** Chooses the file's framework from its imports, globals it uses and its name. */
export function detectFramework(imports: ImportTable, path: string, globalsSeen: ReadonlySet<string>): Framework {
  for (const m of imports.modules) {
    const fw = TEST_MODULE_FRAMEWORK[m.module];
    if (fw && fw !== 'cypress') return fw;
  }
  const lower = path.toLowerCase();
  if (globalsSeen.has('cy') || /\.cy\.[cm]?[jt]sx?$/.test(lower) || imports.modules.some((m) => m.module === 'cypress')) return 'cypress';
  if (imports.modules.some((m) => m.module.startsWith('@playwright/') || m.module === 'playwright')) return 'playwright';
  if (globalsSeen.has('vi')) return 'vitest';
  if (globalsSeen.has('jest')) return 'jest';
  if (globalsSeen.has('browser') || globalsSeen.has('$')) return 'webdriverio';
  if (globalsSeen.has('jasmine') || globalsSeen.has('fit') || globalsSeen.has('fdescribe')) return 'jasmine';
  if (globalsSeen.has('context') || globalsSeen.has('suite') || globalsSeen.has('before') || globalsSeen.has('after')) return 'mocha';
  if (globalsSeen.has('describe') || globalsSeen.has('it') || globalsSeen.has('test')) return 'jest';
  return 'unknown';
}
