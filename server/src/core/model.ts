import type { ts } from 'ts-morph';
import { setParentPointers } from './parse';
import type { HookType, ImportTable, TestCall } from './frameworks';
import type { SignalFamily } from './signals';
import type { Framework, Layer, TestModifier } from './types';

/** One piece of layer evidence seen in a region of code. */
export interface Hit {
  family: SignalFamily;
  message: string;
  line: number;
  start: number;
  /** Deduplication key, e.g. the package or the call text. */
  subject: string;
}

/** A region of code whose signals are collected together: a test, a hook, a local function or module scope. */
export interface Owner {
  hits: Hit[];
  /** Names of local functions called from this region. */
  calls: Set<string>;
  /** Import bindings referenced from this region. */
  usedBindings: Set<string>;
}

export function newOwner(): Owner {
  return { hits: [], calls: new Set(), usedBindings: new Set() };
}

interface BlockBase {
  parent: ContainerBlock | null;
  name: string;
  fullName: string;
  /** Blocks nested inside (suites, tests, node:test subtests). */
  children: Block[];
  /** Hooks declared directly inside this block. */
  hooks: HookBlock[];
  owner: Owner;
  declaredLayer: Layer | null;
  /** What declared the layer, e.g. "annotation `// @layer e2e`". */
  declaredBy: string | null;
}

export interface RootBlock extends BlockBase {
  kind: 'root';
}

export interface SuiteBlock extends BlockBase {
  kind: 'suite';
  call: ts.CallExpression;
  parsed: TestCall;
  fn?: ts.FunctionLikeDeclaration;
  modifiers: TestModifier[];
  depth: number;
}

export interface TestBlock extends BlockBase {
  kind: 'test';
  call: ts.CallExpression;
  parsed: TestCall;
  fn?: ts.FunctionLikeDeclaration;
  modifiers: TestModifier[];
  /** Index in FileModel.tests and FileReport.tests. */
  index: number;
}

export interface HookBlock extends BlockBase {
  kind: 'hook';
  call: ts.CallExpression;
  parsed: TestCall;
  fn?: ts.FunctionLikeDeclaration;
  hookType: HookType;
}

export type ContainerBlock = RootBlock | SuiteBlock | TestBlock;
export type Block = ContainerBlock | HookBlock;

export interface FileModel {
  path: string;
  framework: Framework;
  root: RootBlock;
  tests: TestBlock[];
  suites: SuiteBlock[];
  hooks: HookBlock[];
  imports: ImportTable;
  /** Local name → canonical framework name (`it` for `import { test as it }` maps to `test`). */
  canonicalOf(local: string): string;
  /** Functions declared at module or suite scope, by name, with the signals their bodies produce. */
  localFunctions: Map<string, { owner: Owner; node: ts.Node; line: number }>;
  /** Modules replaced by `jest.mock` / `vi.mock` and friends. */
  mockedModules: Map<string, { line: number; call: string }>;
  /** Calls that install fake timers, with the block they run in. */
  fakeTimerCalls: { block: Block; node: ts.Node }[];
  /** The block whose function body is exactly this node, if any. */
  blockByFn: Map<ts.Node, Block>;
  /**
   * Per-file results shared by the rules (scope, shared state, what is in force), each under its module's own key,
   * built on first use. Kept here rather than in WeakMaps keyed by the tree: a long-lived WeakMap keeps every file's
   * tree alive through young-generation collections, which then copy and promote it.
   */
  memo: Map<object, unknown>;
  /**
   * A `let`/`var`/`const` declared outside every test and hook body (at module or suite level, or in a function there).
   * Without one no module or suite state exists, and the shared-state rules need no scope analysis.
   */
  containerVariables: boolean;
  /** Names bound by those declarations (module or suite level, or in a function there). */
  containerNames: Set<string>;
  /**
   * Names written anywhere in the file, by the identifier a write starts from: `x = …`, `x.a += …`, `x++`,
   * `delete x.a`, `x.list.push(…)`, `Object.assign(x, …)`, `for (x of …)`. `writesUnknown` when a destructuring
   * assignment writes names this does not list. Read by name, so it holds every write the scope analysis can see.
   */
  writtenNames: Set<string>;
  writesUnknown: boolean;
  /**
   * False while the analyzer's walk is still linking `parent` pointers (it links each node as it reaches it): code that
   * runs during the walk and looks at nodes further on calls `ensureParents` first.
   */
  parentsLinked: boolean;
}

/** The per-file result stored under `key`, built by `build` on first use. */
export function memoized<T>(model: FileModel, key: object, build: () => T): T {
  let value = model.memo.get(key) as T | undefined;
  if (value === undefined) {
    value = build();
    model.memo.set(key, value);
  }
  return value;
}

/** Ancestor containers of a block, innermost first, ending with the root. */
export function ancestors(block: Block): ContainerBlock[] {
  const out: ContainerBlock[] = [];
  for (let b = block.parent; b; b = b.parent) out.push(b);
  return out;
}

/** Hooks that run around a test (or any block), outermost container first. */
export function applicableHooks(block: Block): HookBlock[] {
  const out: HookBlock[] = [];
  const chain = ancestors(block).reverse();
  if (block.kind !== 'hook') chain.push(block as ContainerBlock);
  for (const c of chain) for (const h of c.hooks) if (h !== block) out.push(h);
  return out;
}

/** Innermost block containing a node, found by walking up to a block's function. */
export function blockOfNode(model: FileModel, node: ts.Node): Block {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    const b = model.blockByFn.get(n);
    if (b) return b;
  }
  return model.root;
}

/** True when a fake clock is installed for this block: in itself, an applicable hook, or at module scope. */
export function hasFakeTimers(model: FileModel, block: Block): boolean {
  if (model.fakeTimerCalls.length === 0) return false;
  const relevant = new Set<Block>([block, model.root, ...applicableHooks(block), ...ancestors(block)]);
  return model.fakeTimerCalls.some((c) => relevant.has(c.block));
}

/** Links every node's parent now if the analyzer's walk has not done so yet (for analyses built during the walk). */
export function ensureParents(model: FileModel, sf: ts.SourceFile): void {
  if (model.parentsLinked) return;
  setParentPointers(sf);
  model.parentsLinked = true;
}
