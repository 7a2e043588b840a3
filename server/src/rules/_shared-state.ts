import { ts } from 'ts-morph';
import { compiler } from '../core/compiler';
import { applicableHooks, memoized, type Block, type ContainerBlock, type FileModel, type TestBlock } from '../core/model';
import { collectionKind, getScope, type Declaration, type FileScope, type Reference } from '../core/scope';

/** One test's contact with a module- or suite-scope binding. */
export interface StateUse {
  test: TestBlock;
  /** The first access of its kind. */
  ref: Reference;
  /** For writers: every counted write of the test. */
  all: Reference[];
}

/** What the shared-state rules need for one declaration, computed once per file. */
export interface SharedState {
  decl: Declaration;
  /** Tests that change the binding (reassign it or mutate what it holds), first write each, in source order. */
  writers: StateUse[];
  /** Tests that read the binding without reassigning it first, first read each, in source order. */
  readers: StateUse[];
  /** Tests that reassign it (`x = …`), so they do not depend on what an earlier test left there. */
  reassigners: Set<TestBlock>;
  /** Hooks that change it, by hook. */
  hookWriters: Map<Block, Reference>;
  /** Whether the state is a plain collection or object literal (its identity is the state). */
  isCollection: boolean;
}

/** How tests run together: `concurrent` (same process, interleaved at awaits) or `workers` (Playwright parallel mode). */
export type Concurrency = 'concurrent' | 'workers';

export interface StateAnalysis {
  states: SharedState[];
  concurrency(test: TestBlock): Concurrency | undefined;
}

const SHARED_STATE = {};

/** Shared module/suite state of a file with who writes and reads it; used by shared-mutable-state, order-dependency and unsafe-concurrency. */
export function sharedStateOf(context: { sourceFile: ts.SourceFile; model: FileModel }): StateAnalysis {
  return memoized(context.model, SHARED_STATE, () => build(context.sourceFile, context.model, () => getScope(context)));
}

function build(sf: ts.SourceFile, model: FileModel, scopeOf: () => FileScope): StateAnalysis {
  const states: SharedState[] = [];
  // Without two tests, a variable outside test bodies and a write to one of those names there is no shared state:
  // skip the scope analysis.
  if (model.tests.length >= 2 && model.containerVariables && (model.writesUnknown || someWritten(model))) {
    const scope = scopeOf();
    for (const decl of scope.declarations) {
      if (decl.level !== 'module' && decl.level !== 'suite') continue;
      if (decl.kind !== 'let' && decl.kind !== 'var' && decl.kind !== 'const') continue;
      if (decl.fn || decl.references.length === 0 || isRequire(decl.initializer)) continue;
      const state = stateOf(decl, scope);
      if (state && (state.writers.length > 0 || state.hookWriters.size > 0)) states.push(state);
    }
  }
  const parallelContainers = playwrightParallelContainers(sf, model);
  const concurrency = (test: TestBlock): Concurrency | undefined => {
    for (let b: ContainerBlock | null = test; b; b = b.parent) {
      if (b.kind !== 'root' && (b.modifiers.includes('concurrent'))) return 'concurrent';
      if (b.kind !== 'root' && b.modifiers.includes('parallel')) return 'workers';
      if (parallelContainers.has(b)) return 'workers';
      if (b.kind !== 'root' && b.modifiers.includes('serial')) return undefined;
    }
    return undefined;
  };
  return { states, concurrency };
}

function someWritten(model: FileModel): boolean {
  for (const name of model.containerNames) if (model.writtenNames.has(name)) return true;
  return false;
}

function stateOf(decl: Declaration, scope: FileScope): SharedState | undefined {
  let isCollection = !!collectionKind(decl);
  if (!isCollection) {
    for (const r of decl.references) {
      if (r.write === 'assign' && compiler.isBinaryExpression(r.node) && isCollectionLiteral(r.node.right)) isCollection = true;
    }
  }
  const counts = (r: Reference) => {
    if (!r.write) return false;
    if (r.write === 'mutate') return isCollection;
    if (decl.kind === 'const' && r.write !== 'property') return false;
    return true;
  };
  const writers: StateUse[] = [];
  const readers: StateUse[] = [];
  const reassigners = new Set<TestBlock>();
  const hookWriters = new Map<Block, Reference>();
  for (const [block, access] of scope.accessesByBlock(decl)) {
    const writes = access.writes.filter(counts);
    if (block.kind === 'hook') {
      if (writes[0]) hookWriters.set(block, writes[0]);
      continue;
    }
    if (block.kind !== 'test') continue;
    if (writes[0]) writers.push({ test: block, ref: writes[0], all: writes });
    if (access.writes.some((w) => w.write === 'assign')) reassigners.add(block);
    else if (access.reads[0]) readers.push({ test: block, ref: access.reads[0], all: [] });
  }
  const byIndex = (a: StateUse, b: StateUse) => a.test.index - b.test.index;
  writers.sort(byIndex);
  readers.sort(byIndex);
  return { decl, writers, readers, reassigners, hookWriters, isCollection };
}

function isCollectionLiteral(e: ts.Expression): boolean {
  while (compiler.isParenthesizedExpression(e) || compiler.isAsExpression(e)) e = e.expression;
  return compiler.isArrayLiteralExpression(e) || compiler.isObjectLiteralExpression(e)
    || (compiler.isNewExpression(e) && compiler.isIdentifier(e.expression) && /^(?:Map|Set|WeakMap|WeakSet|Array)$/.test(e.expression.text));
}

/** True when a hook that runs around `test` changes the state before or after each test, so no test sees another's leftovers. */
export function resetAround(state: SharedState, test: TestBlock): Reference | undefined {
  for (const h of applicableHooks(test)) {
    if (h.hookType === 'beforeEach' || h.hookType === 'afterEach') {
      const w = state.hookWriters.get(h);
      if (w) return w;
    }
  }
  return undefined;
}

/** A hook of any kind that sets the state for `test` (so the test does not rely on another test having run). */
export function setUpFor(state: SharedState, test: TestBlock): Reference | undefined {
  for (const h of applicableHooks(test)) {
    const w = state.hookWriters.get(h);
    if (w && (h.hookType === 'beforeAll' || h.hookType === 'beforeEach')) return w;
  }
  return undefined;
}

/**
 * Whether a reader sees what a writer changed. Reassigning or mutating a collection touches every reader; property writes
 * touch readers of that property, or of the whole object, unless the reader sets that property itself first.
 */
export function touches(state: SharedState, writer: StateUse, reader: TestBlock, scope: FileScope): boolean {
  const access = scope.accessesByBlock(state.decl).get(reader);
  if (!access) return false;
  const own = new Set(access.writes.filter((w) => w.write === 'property').map((w) => w.path[0]));
  for (const write of writer.all) {
    if (write.write !== 'property') return true;
    const key = write.path[0];
    if (own.has(key)) continue;
    // A bare `state` passed along (`expect(state)`, `url(x, loc)`) sees every property of a plain object.
    if (access.reads.some((r) => r.path[0] === key || (r.path.length === 0 && state.isCollection))) return true;
  }
  return false;
}

/** Containers where Playwright's `test.describe.configure({ mode: 'parallel' })` is called. */
function playwrightParallelContainers(sf: ts.SourceFile, model: FileModel): Set<ContainerBlock> {
  const out = new Set<ContainerBlock>();
  if (model.framework !== 'playwright') return out;
  const check = (statements: readonly ts.Statement[], container: ContainerBlock) => {
    for (const s of statements) {
      if (!compiler.isExpressionStatement(s) || !compiler.isCallExpression(s.expression)) continue;
      const call = s.expression;
      if (!compiler.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'configure') continue;
      const opts = call.arguments[0];
      if (!opts || !compiler.isObjectLiteralExpression(opts)) continue;
      for (const p of opts.properties) {
        if (compiler.isPropertyAssignment(p) && compiler.isIdentifier(p.name) && p.name.text === 'mode' && compiler.isStringLiteralLike(p.initializer) && p.initializer.text === 'parallel') out.add(container);
      }
    }
  };
  check(sf.statements, model.root);
  for (const s of model.suites) {
    const body = s.fn?.body;
    if (body && compiler.isBlock(body)) check(body.statements, s);
  }
  return out;
}

/** Source text on one line, shortened for a message. */
export function snippet(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 3)}…` : one;
}

/** 1-based line of a node. */
export function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/**
 * The earlier tests a reader depends on: it does not change the state itself, no hook sets or resets it for the reader,
 * and earlier tests change the part it reads. Empty when the reader does not depend on test order this way.
 */
export function earlierWriters(analysis: StateAnalysis, scope: FileScope, state: SharedState, reader: StateUse): StateUse[] {
  const b = reader.test;
  if (analysis.concurrency(b)) return [];
  if (state.writers.some((w) => w.test === b)) return [];
  if (setUpFor(state, b) || resetAround(state, b)) return [];
  return state.writers.filter((w) => w.test.index < b.index && !resetAround(state, w.test) && touches(state, w, b, scope));
}

/**
 * The name to call a teardown hook by in a quick fix (`after` in Mocha), or undefined when it is not in reach:
 * files that import their test functions must import the hook too; Playwright and node:test need their own forms.
 */
export function hookCallable(model: FileModel, hook: 'afterAll' | 'afterEach'): string | undefined {
  const name = model.framework === 'mocha' && hook === 'afterAll' ? 'after' : hook;
  const explicit = [...model.imports.bindings.values()].filter((b) => ['vitest', '@jest/globals', 'node:test', 'mocha'].includes(b.module));
  if (explicit.length > 0) return explicit.some((b) => b.local === name) ? name : undefined;
  return ['jest', 'vitest', 'mocha', 'jasmine'].includes(model.framework) ? name : undefined;
}

/** `require('x')` or `require('x').y`: a module object, treated like an import. */
function isRequire(init: ts.Expression | undefined): boolean {
  let e = init;
  while (e && (compiler.isPropertyAccessExpression(e) || compiler.isParenthesizedExpression(e) || compiler.isAwaitExpression(e))) e = e.expression;
  return !!e && compiler.isCallExpression(e) && ((compiler.isIdentifier(e.expression) && e.expression.text === 'require') || e.expression.kind === compiler.SyntaxKind.ImportKeyword);
}

/** Type-level test files (tsd, tstyche, vitest typecheck) are compiled, never run: nothing in them can flake. */
export function isTypeTestFile(path: string): boolean {
  return /\.(?:test-d|tst|type-test|types\.test)\.[cm]?tsx?$/i.test(path);
}
