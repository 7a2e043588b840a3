import { ts } from 'ts-morph';
import { compiler } from './compiler';
import type { Config } from './config';
import { parseSource, setParentPointers } from './parse';
import { collectImports, calleeEntry, parseTestCall, titleText, detectFramework, type CalleeEntry, type TestCall } from './frameworks';
import {
  FAMILIES, signalTables, packageFamily, matchCall, sqlStatementCall, httpClientWithBase, callsLibraryClient, isE2eHarnessName, isHttpClientFactory, isSqlMethod,
  callSignal, type CallPattern, type SignalFamily, type SignalTables,
} from './signals';
import {
  ensureParents, newOwner, type Block, type ContainerBlock, type FileModel, type HookBlock, type Owner, type RootBlock,
  type SuiteBlock, type TestBlock,
} from './model';
import { fileLayerAnnotation, leadingLayerAnnotation, optionsTag, titleTag, parseSuppressions, isSuppressed } from './annotations';
import { classifyTests, usageOf, type OwnerUsage, type WorkspaceContext } from './classify';
import { MUTATING_METHODS } from './scope';
import { declaredLayerFromPath } from './paths';
import type { RuleContext, RuleListener, RuleModule, ReportDescriptor } from './rule-api';
import type { AnalysisError, FileReport, Finding, Range, Severity, Span, SuiteInfo, TestInfo } from './types';

export interface AnalyzeInput {
  path: string;
  text: string;
  config: Config;
  rules: readonly RuleModule[];
  /** The workspace around the file, so local helpers it imports are followed; without it the file is read alone. */
  workspace?: WorkspaceContext;
}

// ts-morph exposes `ts` members as getters and SyntaxKind is a large dictionary: read the kinds the walk
// switches on once, into a small object with a fixed shape.
const K = {
  ImportDeclaration: compiler.SyntaxKind.ImportDeclaration,
  ImportEqualsDeclaration: compiler.SyntaxKind.ImportEqualsDeclaration,
  CallExpression: compiler.SyntaxKind.CallExpression,
  NewExpression: compiler.SyntaxKind.NewExpression,
  Identifier: compiler.SyntaxKind.Identifier,
  PropertyAccessExpression: compiler.SyntaxKind.PropertyAccessExpression,
  FunctionDeclaration: compiler.SyntaxKind.FunctionDeclaration,
  ArrowFunction: compiler.SyntaxKind.ArrowFunction,
  FunctionExpression: compiler.SyntaxKind.FunctionExpression,
  VariableDeclarationList: compiler.SyntaxKind.VariableDeclarationList,
  BinaryExpression: compiler.SyntaxKind.BinaryExpression,
  FirstAssignment: compiler.SyntaxKind.FirstAssignment,
  LastAssignment: compiler.SyntaxKind.LastAssignment,
  PrefixUnaryExpression: compiler.SyntaxKind.PrefixUnaryExpression,
  PostfixUnaryExpression: compiler.SyntaxKind.PostfixUnaryExpression,
  PlusPlusToken: compiler.SyntaxKind.PlusPlusToken,
  MinusMinusToken: compiler.SyntaxKind.MinusMinusToken,
  DeleteExpression: compiler.SyntaxKind.DeleteExpression,
  ForOfStatement: compiler.SyntaxKind.ForOfStatement,
  ForInStatement: compiler.SyntaxKind.ForInStatement,
  ElementAccessExpression: compiler.SyntaxKind.ElementAccessExpression,
  ParenthesizedExpression: compiler.SyntaxKind.ParenthesizedExpression,
  NonNullExpression: compiler.SyntaxKind.NonNullExpression,
  AsExpression: compiler.SyntaxKind.AsExpression,
  SatisfiesExpression: compiler.SyntaxKind.SatisfiesExpression,
  ArrayLiteralExpression: compiler.SyntaxKind.ArrayLiteralExpression,
  ObjectLiteralExpression: compiler.SyntaxKind.ObjectLiteralExpression,
  ObjectBindingPattern: compiler.SyntaxKind.ObjectBindingPattern,
  ArrayBindingPattern: compiler.SyntaxKind.ArrayBindingPattern,
} as const;

/** A rule's options over its defaults, merged once per config entry (a fresh object per rule and file cost more). */
const mergedOptions = new WeakMap<object, Readonly<Record<string, unknown>>>();
function optionsFor(rule: RuleModule, setting: { options?: Record<string, unknown> } | undefined): Readonly<Record<string, unknown>> {
  const key = setting ?? rule;
  let options = mergedOptions.get(key);
  if (!options) {
    options = Object.freeze({ ...(rule.meta.defaultOptions ?? {}), ...(setting?.options ?? {}) });
    mergedOptions.set(key, options);
  }
  return options;
}

/** `ts.SyntaxKind` by name, for rules' listener keys. */
const KIND_BY_NAME = new Map<string, ts.SyntaxKind>();
for (const [name, value] of Object.entries(ts.SyntaxKind)) if (typeof value === 'number') KIND_BY_NAME.set(name, value);

/** Node kinds the analyzer's walk itself handles (rules' listeners aside); every other kind is only descended into. */
const ACTION_NONE = 0;
const ACTION_IDENTIFIER = 1;
const ACTION_OTHER = 2;
const WALK_ACTION = new Uint8Array(ts.SyntaxKind.Count + 1);
for (const kind of [
  K.ImportDeclaration, K.ImportEqualsDeclaration, K.CallExpression, K.NewExpression, K.VariableDeclarationList,
  K.BinaryExpression, K.PrefixUnaryExpression, K.PostfixUnaryExpression, K.DeleteExpression, K.ForOfStatement, K.ForInStatement,
  K.FunctionDeclaration, K.ArrowFunction, K.FunctionExpression,
]) WALK_ACTION[kind] = ACTION_OTHER;
WALK_ACTION[K.Identifier] = ACTION_IDENTIFIER;

/** Beyond this depth the walk stops descending, so pathological nesting cannot overflow the stack. */
export const MAX_WALK_DEPTH = 1000;

const PLAYWRIGHT_FIXTURES = new Map<string, string>([
  ['page', 'the Playwright `page` fixture'],
  ['browser', 'the Playwright `browser` fixture'],
  ['context', 'the Playwright browser `context` fixture'],
  ['browserName', 'the Playwright `browserName` fixture'],
  ['request', 'the Playwright `request` API fixture'],
]);

const FAKE_TIMER_CALLS = new Set([
  'jest.useFakeTimers', 'vi.useFakeTimers', 'sinon.useFakeTimers', 'vi.setSystemTime', 'jest.setSystemTime',
  'mock.timers.enable', 'cy.clock', 'page.clock.install', 'page.clock.setFixedTime', 'page.clock.setSystemTime',
  'FakeTimers.install', 'fakeTimers.install', 'timekeeper.freeze', 'MockDate.set', 'tk.freeze',
]);
const MOCK_CALLS = new Set(['jest.mock', 'vi.mock', 'jest.doMock', 'vi.doMock', 'jest.unstable_mockModule', 'td.replace', 'mock.module']);

/** What a callee's chain alone says, worked out once per distinct callee and kept on its interned entry. */
const FACT_COMPUTED = 1;
const FACT_FAKE_TIMER = 2;
const FACT_MOCK = 4;
/** Uses an imported library as a client (`pg()`, `mongoose.connect()`), if the head is an import. */
const FACT_LIBRARY_CLIENT = 8;
const FACT_SQL_METHOD = 16;
/** A bare call whose name looks like an end-to-end launcher (`startApp()`). */
const FACT_E2E_HARNESS = 32;
const FACT_HTTP_CLIENT_FACTORY = 64;
/** `fetch(url)`, `axios(url)`, `axios.get(url)`, `got.post(url)`…: the first argument may be a local URL. */
const FACT_URL_CLIENT = 128;
/** `x.push(…)`, `x['set'](…)`, `Object.assign(…)`: may change what a name holds (see `noteMutatingCall`). */
const FACT_MUTATING = 256;
const URL_CLIENT_HEADS = new Set(['axios', 'got', 'ky', 'request', 'superagent']);

function calleeFacts(chain: readonly string[]): number {
  const dotted = chain.join('.');
  const head = chain[0];
  const last = chain[chain.length - 1];
  let facts = FACT_COMPUTED;
  if (chain.length >= 2 && (MUTATING_METHODS.has(last) || last === 'assign')) facts |= FACT_MUTATING;
  if (FAKE_TIMER_CALLS.has(dotted)) facts |= FACT_FAKE_TIMER;
  if (MOCK_CALLS.has(dotted)) facts |= FACT_MOCK;
  if (callsLibraryClient(chain)) facts |= FACT_LIBRARY_CLIENT;
  if (chain.length >= 2 && isSqlMethod(last)) facts |= FACT_SQL_METHOD;
  if (chain.length === 1 && isE2eHarnessName(head)) facts |= FACT_E2E_HARNESS;
  if (chain.length >= 2 && isHttpClientFactory(last)) facts |= FACT_HTTP_CLIENT_FACTORY;
  if ((chain.length === 1 && (head === 'fetch' || head === 'axios')) || (chain.length === 2 && URL_CLIENT_HEADS.has(head))) facts |= FACT_URL_CLIENT;
  return facts;
}

/** `matchCall` for a callee, remembered on its entry for the last signal tables it was matched against. */
function patternOf(entry: CalleeEntry, tables: SignalTables, isNew: boolean): CallPattern | undefined {
  if (entry.patternTables !== tables) {
    entry.patternTables = tables;
    entry.pattern = entry.newPattern = null;
  }
  if (isNew) {
    if (entry.newPattern === null) entry.newPattern = matchCall(tables, entry.chain, true);
    return entry.newPattern as CallPattern | undefined;
  }
  if (entry.pattern === null) entry.pattern = matchCall(tables, entry.chain, false);
  return entry.pattern as CallPattern | undefined;
}

/** Counts analyses, so a callee's entry can tell whether this analysis has seen it (`CalleeEntry.seenIn`). */
let analysisCount = 0;

/** Analyzes one file: finds tests, classifies them, runs the rules. Pure: no I/O. */
export function analyzeFile(input: AnalyzeInput): FileReport {
  const started = performance.now();
  const epoch = ++analysisCount;
  const { path, text, config } = input;
  // Parents are linked by the walk below, which reaches each node before anything reads its parent.
  const { sourceFile: sf, syntaxErrors } = parseSource(path, text, { linkParents: false });
  const errors: AnalysisError[] = [...syntaxErrors];
  const tables = signalTables(config.signals);
  const imports = collectImports(sf);
  const canonicalOf = (local: string) => {
    const b = imports.bindings.get(local);
    if (b && b.imported !== 'default' && b.imported !== '*') return b.imported;
    return local;
  };
  const root: RootBlock = {
    kind: 'root', parent: null, name: '', fullName: '', children: [], hooks: [], owner: newOwner(),
    declaredLayer: null, declaredBy: null,
  };
  const model: FileModel = {
    path, framework: 'unknown', root, tests: [], suites: [], hooks: [], imports, canonicalOf,
    localFunctions: new Map(), mockedModules: new Map(), fakeTimerCalls: [], blockByFn: new Map(), memo: new Map(), containerVariables: false,
    containerNames: new Set(), writtenNames: new Set(), writesUnknown: false, parentsLinked: false,
  };

  // File-level declared layer: annotation first, then path globs.
  const firstStmt = sf.statements[0];
  const firstIsTestCall = !!firstStmt && compiler.isExpressionStatement(firstStmt) && compiler.isCallExpression(firstStmt.expression)
    && !!parseTestCall(firstStmt.expression, canonicalOf);
  const fileAnnotation = fileLayerAnnotation(text, sf, firstIsTestCall);
  const fromPath = declaredLayerFromPath(path, config.layerPaths);
  if (fileAnnotation) {
    root.declaredLayer = fileAnnotation.layer;
    root.declaredBy = `file annotation \`${fileAnnotation.comment}\``;
  } else if (fromPath) {
    root.declaredLayer = fromPath.layer;
    root.declaredBy = `path glob \`${fromPath.glob}\``;
  }

  // The framework decides how a few shapes are read (node:test subtests); imports settle it for most files.
  model.framework = detectFramework(imports, path, new Set());

  // Rules: one listener table indexed by SyntaxKind so each node costs one array lookup.
  const findings: Finding[] = [];
  const dispatch: ((node: ts.Node) => void)[][] = [];
  const enders: (() => void)[] = [];
  const shared: SharedContextState = { sf, findings, blockStack: [root], testStack: [], classified: [], lineStarts: sf.getLineStarts() };
  const { blockStack, testStack, lineStarts: lineCache } = shared;
  const rangeOf = (span: Span): Range => rangeFromStarts(lineCache, span);

  for (const rule of input.rules) {
    const setting = config.rules[rule.id];
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    const options = optionsFor(rule, setting);
    const context = new FileRuleContext(rule, severity, path, text, model, options, shared);
    const listener: RuleListener = rule.create(context);
    for (const key of Object.keys(listener)) {
      if (key === 'end') continue;
      const kind = KIND_BY_NAME.get(key);
      if (kind === undefined) throw new Error(`rule ${rule.id} listens to "${key}", which is not a node kind`);
      (dispatch[kind] ??= []).push((listener as Record<string, (n: ts.Node) => void>)[key]);
    }
    if (listener.end) enders.push(listener.end);
  }

  const globalsSeen = new Set<string>();
  const usage = new Map<Owner, OwnerUsage>();
  const mockServers = new Set<string>();
  const ownerStack: Owner[] = [root.owner];
  const subtestParams = new Set<string>();
  let depthLimitHit = false;
  const lineOf = (pos: number) => lineFromStarts(lineCache, pos) + 1;

  const addHit = (family: SignalFamily, message: string, node: ts.Node, subject: string) => {
    const owner = ownerStack[ownerStack.length - 1];
    if (owner.hits.some((h) => h.subject === subject && h.family === family)) return;
    const start = node.getStart(sf);
    owner.hits.push({ family, message, line: lineOf(start), start, subject });
  };

  const enterBlock = (block: Block, fn: ts.FunctionLikeDeclaration | undefined) => {
    if (fn) model.blockByFn.set(fn, block);
    blockStack.push(block);
    ownerStack.push(block.owner);
    if (block.kind === 'test') testStack.push(block);
  };
  const exitBlock = () => {
    if (blockStack.pop()!.kind === 'test') testStack.pop();
    ownerStack.pop();
  };

  const containerOf = (): ContainerBlock => {
    for (let i = blockStack.length - 1; i >= 0; i--) {
      const b = blockStack[i];
      if (b.kind !== 'hook') return b;
    }
    return root;
  };

  const makeBlock = (call: ts.CallExpression, parsed: TestCall): Block => {
    const parent = containerOf();
    const title = titleText(parsed.titleNode, sf);
    const fullName = parsed.kind === 'hook' ? parent.fullName : parent.fullName && title ? `${parent.fullName} ${title}` : parent.fullName || title;
    const stmt = compiler.isExpressionStatement(call.parent) ? call.parent : call;
    const annotation = parsed.kind !== 'hook' ? leadingLayerAnnotation(text, stmt) : undefined;
    const tag = parsed.kind !== 'hook' ? titleTag(title) ?? optionsTag(parsed.options) : undefined;
    let declaredLayer = parent.declaredLayer;
    let declaredBy = parent.declaredBy;
    if (tag) {
      declaredLayer = tag;
      declaredBy = `tag \`@${tag}\``;
    }
    if (annotation) {
      declaredLayer = annotation.layer;
      declaredBy = `annotation \`${annotation.comment}\``;
    }
    // Each kind is built as one literal (no shared base object spread into it): a block per test is allocated often.
    if (parsed.kind === 'hook') {
      const hook: HookBlock = {
        kind: 'hook', parent, name: parsed.hookType!, fullName, children: [], hooks: [], owner: newOwner(), declaredLayer, declaredBy,
        call, parsed, fn: parsed.fn, hookType: parsed.hookType!,
      };
      parent.hooks.push(hook);
      model.hooks.push(hook);
      return hook;
    }
    if (parsed.kind === 'suite') {
      let depth = 0;
      for (let p: ContainerBlock | null = parent; p && p.kind === 'suite'; p = p.parent) depth++;
      const suite: SuiteBlock = {
        kind: 'suite', parent, name: title, fullName, children: [], hooks: [], owner: newOwner(), declaredLayer, declaredBy,
        call, parsed, fn: parsed.fn, modifiers: parsed.modifiers, depth,
      };
      parent.children.push(suite);
      model.suites.push(suite);
      return suite;
    }
    const test: TestBlock = {
      kind: 'test', parent, name: title, fullName, children: [], hooks: [], owner: newOwner(), declaredLayer, declaredBy,
      call, parsed, fn: parsed.fn, modifiers: parsed.modifiers, index: model.tests.length,
    };
    parent.children.push(test);
    model.tests.push(test);
    return test;
  };

  const recordFixtureParams = (fn: ts.FunctionLikeDeclaration | undefined) => {
    const first = fn?.parameters[0];
    if (!first) return;
    if (compiler.isObjectBindingPattern(first.name)) {
      const fixtures = usageOf(usage, ownerStack[ownerStack.length - 1]).fixtures;
      for (const el of first.name.elements) {
        const key = el.propertyName && compiler.isIdentifier(el.propertyName) ? el.propertyName.text : compiler.isIdentifier(el.name) ? el.name.text : undefined;
        if (key) fixtures.push(key);
        const label = key ? PLAYWRIGHT_FIXTURES.get(key) : undefined;
        if (key && label) addHit(key === 'request' ? FAMILIES.deployedHttp : FAMILIES.browserDriver, `uses ${label}`, el, `fixture:${key}`);
        // A custom fixture renamed to `page` (`{ appPage: page }`) hands out a browser page.
        else if (key && compiler.isIdentifier(el.name) && el.name.text === 'page') addHit(FAMILIES.browserDriver, `uses the fixture \`${key}\` as a browser \`page\``, el, `fixture:${key}`);
      }
    } else if (compiler.isIdentifier(first.name) && model.framework === 'node:test') {
      subtestParams.add(first.name.text);
    }
  };

  const visitCall = (node: ts.CallExpression | ts.NewExpression): Block | undefined => {
    const isNew = node.kind === compiler.SyntaxKind.NewExpression;
    const entry = calleeEntry(node.expression);
    if (!entry) {
      if (!isNew) noteMutatingCall(node as ts.CallExpression);
      return undefined;
    }
    const facts = entry.facts || (entry.facts = calleeFacts(entry.chain));
    if (!isNew && facts & FACT_MUTATING) noteMutatingCall(node as ts.CallExpression);
    const chain = entry.chain;
    const head = chain[0];
    if (entry.seenIn !== epoch) {
      entry.seenIn = epoch;
      globalsSeen.add(head);
    }
    if (!isNew) {
      const parsed = parseTestCall(node as ts.CallExpression, canonicalOf, subtestParams);
      if (parsed) return makeBlock(node as ts.CallExpression, parsed);
    }
    const dotted = entry.text ??= chain.join('.');
    if (!isNew && facts & FACT_FAKE_TIMER) {
      model.fakeTimerCalls.push({ block: blockStack[blockStack.length - 1], node });
    }
    if (!isNew && facts & FACT_MOCK) {
      const target = (node as ts.CallExpression).arguments[0];
      if (target && compiler.isStringLiteralLike(target)) model.mockedModules.set(target.text, { line: lineOf(node.getStart(sf)), call: dotted });
    }
    if (chain.length === 1) ownerStack[ownerStack.length - 1].calls.add(head);
    if (facts & FACT_LIBRARY_CLIENT && imports.bindings.has(head)) usageOf(usage, ownerStack[ownerStack.length - 1]).called.add(head);
    // msw/nock-style request interceptors `listen` too, but they are mocks, not servers.
    if (!isNew && chain.length === 1 && (head === 'setupServer' || head === 'setupWorker') && compiler.isVariableDeclaration(node.parent) && compiler.isIdentifier(node.parent.name)) {
      mockServers.add(node.parent.name.text);
    }
    const pattern = chain.length === 2 && mockServers.size > 0 && mockServers.has(head) ? undefined : patternOf(entry, tables, isNew);
    if (pattern && !(pattern.family === FAMILIES.childProcess && chain.length === 1 && !importedFrom(head, ['child_process', 'node:child_process', 'execa']))) {
      const text = (isNew ? 'new ' : '') + dotted + '()';
      addHit(pattern.family, pattern.template.replace('{call}', text), node, text);
    }
    const sql = isNew || !(facts & FACT_SQL_METHOD) ? undefined : sqlStatementCall(chain, (node as ts.CallExpression).arguments[0]);
    if (sql) addHit(FAMILIES.databaseClient, `runs SQL on a database with \`${dotted}('${sql} …')\``, node, `sql:${dotted}`);
    if (!isNew && head === 'cy' && chain.length === 2 && !pattern) {
      // Cypress custom commands (`cy.login()`) drive the app like the built-in ones.
      addHit(FAMILIES.browserNavigation, `drives the app through Cypress with \`${dotted}()\``, node, `cy:${dotted}`);
    }
    if (!isNew && facts & FACT_E2E_HARNESS) {
      addHit(FAMILIES.e2eHarness, `calls \`${head}()\`, which looks like an end-to-end page or app launcher`, node, `e2e-harness:${head}`);
    }
    if (!isNew && facts & FACT_HTTP_CLIENT_FACTORY && httpClientWithBase(chain, (node as ts.CallExpression).arguments[0])) {
      addHit(FAMILIES.localHttp, `sends HTTP to a running server through a client with a base URL (\`${dotted}()\`)`, node, `http-client:${dotted}`);
    }
    const extra = callSignal(node, chain, isNew);
    if (extra) addHit(extra.family, extra.message, node, extra.subject);
    if (facts & FACT_URL_CLIENT && !isNew) {
      const url = (node as ts.CallExpression).arguments[0];
      if (url && compiler.isStringLiteralLike(url)) classifyUrl(url.text, node, chain.length === 1 ? head : dotted);
    }
    return undefined;
  };

  /** Records the name a write starts from (see `FileModel.writtenNames`). */
  const noteWrite = (target: ts.Expression) => {
    const e = skipWrappers(target);
    if (e.kind === K.ArrayLiteralExpression || e.kind === K.ObjectLiteralExpression) model.writesUnknown = true;
    else {
      const root = propertyChainRoot(e);
      if (root !== undefined) model.writtenNames.add(root);
    }
  };
  /** `x.list.push(…)`, `x['set'](…)`, `Object.assign(x, …)`: calls that change the object a name holds. */
  const noteMutatingCall = (call: ts.CallExpression) => {
    const callee = call.expression;
    if (callee.kind === K.PropertyAccessExpression) {
      const pa = callee as ts.PropertyAccessExpression;
      const method = pa.name.text;
      if (MUTATING_METHODS.has(method)) noteWrite(pa.expression);
      else if (method === 'assign' && pa.expression.kind === K.Identifier && (pa.expression as ts.Identifier).text === 'Object' && call.arguments[0]) noteWrite(call.arguments[0]);
    } else if (callee.kind === K.ElementAccessExpression) {
      const arg = (callee as ts.ElementAccessExpression).argumentExpression;
      if (compiler.isStringLiteralLike(arg) && MUTATING_METHODS.has(arg.text)) noteWrite((callee as ts.ElementAccessExpression).expression);
    }
  };
  const noteDeclaredNames = (name: ts.BindingName) => {
    if (name.kind === K.Identifier) model.containerNames.add((name as ts.Identifier).text);
    else for (const el of (name as ts.ObjectBindingPattern | ts.ArrayBindingPattern).elements) if (compiler.isBindingElement(el)) noteDeclaredNames(el.name);
  };

  const importedFrom = (local: string, modules: string[]) => {
    const b = imports.bindings.get(local);
    return !!b && modules.includes(b.module);
  };

  const classifyUrl = (url: string, node: ts.Node, call: string) => {
    const m = /^(?:https?|wss?):\/\/([^/:?#]+|\[[^\]]+\])/i.exec(url);
    if (!m) return;
    const host = m[1].toLowerCase();
    const local = host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '0.0.0.0';
    if (local) addHit(FAMILIES.localHttp, `calls a local server with \`${call}('${url}')\``, node, `url:${url}`);
  };

  const functionName = (node: ts.Node): string | undefined => {
    if (compiler.isFunctionDeclaration(node) && node.name) return node.name.text;
    if ((compiler.isArrowFunction(node) || compiler.isFunctionExpression(node)) && compiler.isVariableDeclaration(node.parent) && compiler.isIdentifier(node.parent.name)) {
      return node.parent.name.text;
    }
    return undefined;
  };

  let depth = 0;
  /** The node whose children are being walked: the parent the walk links them to. */
  let linking: ts.Node | undefined;
  // One call per node for most kinds (the depth guard inline, no try/finally): this walk runs for every node of every
  // file. An exception ends the whole analysis, so the depth count need not be restored on the way out.
  const walk = (node: ts.Node): undefined => {
    (node as { parent: ts.Node | undefined }).parent = linking;
    if (depth > MAX_WALK_DEPTH) {
      depthLimitHit = true;
      setParentPointers(node);
      return undefined;
    }
    const kind = node.kind;
    const handlers = dispatch[kind];
    if (handlers !== undefined) for (let i = 0; i < handlers.length; i++) handlers[i](node);
    // Most nodes need nothing of the walk itself: one table lookup instead of the switch's comparisons.
    const action = WALK_ACTION[kind];
    if (action === ACTION_NONE) {
      const outer = linking;
      linking = node;
      depth++;
      compiler.forEachChild(node, walk);
      depth--;
      linking = outer;
    } else if (action === ACTION_IDENTIFIER) {
      // No children: only the use of an import binding is noted.
      const name = (node as ts.Identifier).text;
      if (imports.bindings.has(name) && !isDeclarationName(node)) noteBindingUse(name, node);
    } else {
      depth++;
      walkNode(node, kind);
      depth--;
    }
    return undefined;
  };
  const noteBindingUse = (name: string, node: ts.Node) => {
    const owner = ownerStack[ownerStack.length - 1];
    owner.usedBindings.add(name);
    const p = node.parent;
    if (p && p.kind === K.PropertyAccessExpression && (p as ts.PropertyAccessExpression).expression === node) usageOf(usage, owner).members.add(`${name}.${(p as ts.PropertyAccessExpression).name.text}`);
  };
  /** The kinds the walk handles itself (`WALK_ACTION`), Identifier aside. */
  const walkNode = (node: ts.Node, kind: ts.SyntaxKind): void => {
    let entered: Block | undefined;
    let enteredFunction = false;
    switch (kind) {
      case K.ImportDeclaration:
      case K.ImportEqualsDeclaration:
        // Not walked (imports were read before the walk), only linked.
        setParentPointers(node);
        return;
      case K.CallExpression:
      case K.NewExpression:
        entered = visitCall(node as ts.CallExpression);
        break;
      case K.VariableDeclarationList: {
        const current = blockStack[blockStack.length - 1];
        if (current.kind === 'root' || current.kind === 'suite') {
          model.containerVariables = true;
          for (const d of (node as ts.VariableDeclarationList).declarations) noteDeclaredNames(d.name);
        }
        break;
      }
      case K.BinaryExpression: {
        const op = (node as ts.BinaryExpression).operatorToken.kind;
        if (op >= K.FirstAssignment && op <= K.LastAssignment) noteWrite((node as ts.BinaryExpression).left);
        break;
      }
      case K.PrefixUnaryExpression:
      case K.PostfixUnaryExpression: {
        const op = (node as ts.PrefixUnaryExpression).operator;
        if (op === K.PlusPlusToken || op === K.MinusMinusToken) noteWrite((node as ts.PrefixUnaryExpression).operand);
        break;
      }
      case K.DeleteExpression:
        noteWrite((node as ts.DeleteExpression).expression);
        break;
      case K.ForOfStatement:
      case K.ForInStatement: {
        const init = (node as ts.ForOfStatement).initializer;
        if (init.kind !== K.VariableDeclarationList) noteWrite(init as ts.Expression);
        break;
      }
      case K.FunctionDeclaration:
      case K.ArrowFunction:
      case K.FunctionExpression: {
        // Named helpers at module or suite scope get their own owner, credited to the tests that call them.
        const current = blockStack[blockStack.length - 1];
        if (current.kind === 'root' || current.kind === 'suite') {
          const name = functionName(node);
          if (name && !model.blockByFn.has(node) && ownerStack[ownerStack.length - 1] === current.owner) {
            const owner = newOwner();
            model.localFunctions.set(name, { owner, node, line: lineOf(node.getStart(sf)) });
            ownerStack.push(owner);
            enteredFunction = true;
          }
        }
        break;
      }
    }
    const outer = linking;
    linking = node;
    if (entered) {
      // Title and options are walked in the enclosing block; the body in the new block.
      const call = node as ts.CallExpression;
      // The walk below skips type arguments and `?.`: link them here.
      if (call.typeArguments) {
        for (const t of call.typeArguments) {
          (t as { parent: ts.Node }).parent = call;
          setParentPointers(t);
        }
      }
      if (call.questionDotToken) (call.questionDotToken as { parent: ts.Node }).parent = call;
      walk(call.expression);
      const fn = entered.kind !== 'root' ? (entered as TestBlock).fn : undefined;
      for (const arg of call.arguments) if (arg !== fn) walk(arg);
      enterBlock(entered, fn);
      recordFixtureParams(fn);
      if (fn) walk(fn);
      exitBlock();
      linking = outer;
      return;
    }
    compiler.forEachChild(node, walk);
    linking = outer;
    if (enteredFunction) ownerStack.pop();
  };

  try {
    walk(sf);
  } catch (e) {
    errors.push({ kind: 'internal', message: `analysis stopped: ${e instanceof Error ? e.message : String(e)}` });
    // The nodes it did not reach are not linked yet.
    ensureParents(model, sf);
  }
  model.parentsLinked = true;
  if (depthLimitHit) {
    // Writes below the limit were not seen: the shared-state rules must not rely on the list.
    model.writesUnknown = true;
    errors.push({ kind: 'internal', message: `code nested deeper than ${MAX_WALK_DEPTH} levels was not analyzed` });
  }
  if (model.framework === 'unknown' || model.framework === 'jest') model.framework = detectFramework(imports, path, globalsSeen);

  // Classify tests from the collected signals.
  const verdicts = classifyTests(model, tables, { usage, workspace: input.workspace });
  const classified = shared.classified = model.tests.map((t, i) => {
    const v = verdicts[i];
    const span = { start: t.call.getStart(sf), end: t.call.end };
    const titleSpan = t.parsed.titleNode ? { start: t.parsed.titleNode.getStart(sf), end: t.parsed.titleNode.end } : span;
    const hooks = [];
    for (let p: ContainerBlock | null = t.parent; p; p = p.parent) {
      for (const h of p.hooks) hooks.unshift(`${h.hookType}${p.fullName ? ` (${p.fullName})` : ''}`);
    }
    return {
      name: t.name, fullName: t.fullName, kind: 'test', framework: model.framework, modifiers: t.modifiers,
      span, titleSpan, range: rangeOf(span), titleRange: rangeOf(titleSpan),
      layer: v.layer, declaredLayer: t.declaredLayer, declaredBy: t.declaredBy, confidence: v.confidence, evidence: v.evidence, hooks,
    } satisfies TestInfo;
  });

  for (const end of enders) {
    try {
      end();
    } catch (e) {
      errors.push({ kind: 'internal', message: `a rule failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  const suppressions = parseSuppressions(text, sf);
  const kept = findings
    .filter((f) => !isSuppressed(suppressions, f.ruleId, f.range.line))
    .sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));

  const suites: SuiteInfo[] = model.suites.map((s) => {
    const span = { start: s.call.getStart(sf), end: s.call.end };
    const titleSpan = s.parsed.titleNode ? { start: s.parsed.titleNode.getStart(sf), end: s.parsed.titleNode.end } : span;
    const tests: number[] = [];
    const collect = (b: Block) => {
      if (b.kind === 'test') tests.push(b.index);
      if (b.kind !== 'hook') for (const c of b.children) collect(c);
    };
    collect(s);
    return {
      name: s.name, fullName: s.fullName, kind: 'suite', framework: model.framework, modifiers: s.modifiers, span, titleSpan,
      range: rangeOf(span), titleRange: rangeOf(titleSpan), declaredLayer: s.declaredLayer, tests, depth: s.depth,
    };
  });

  return {
    path, framework: model.framework, declaredLayer: root.declaredLayer, tests: classified, suites, findings: kept, errors,
    durationMs: performance.now() - started,
  };
}

/** What the rule contexts of one analysis share with the analyzer's walk. */
interface SharedContextState {
  sf: ts.SourceFile;
  findings: Finding[];
  blockStack: Block[];
  /** The tests among `blockStack` (node:test subtests nest), innermost last. */
  testStack: TestBlock[];
  /** Filled once the tests are classified, before rules' `end`. */
  classified: TestInfo[];
  lineStarts: readonly number[];
}

/** A rule's view of one analysis (methods on a class: no closures per rule and file). */
class FileRuleContext implements RuleContext {
  readonly id: string;
  readonly sourceFile: ts.SourceFile;

  constructor(
    private readonly rule: RuleModule,
    private readonly severity: Exclude<Severity, 'off'>,
    readonly path: string,
    readonly text: string,
    readonly model: FileModel,
    readonly options: Readonly<Record<string, unknown>>,
    private readonly shared: SharedContextState,
  ) {
    this.id = rule.id;
    this.sourceFile = shared.sf;
  }

  currentBlock(): Block {
    return this.shared.blockStack[this.shared.blockStack.length - 1];
  }

  currentTest(): TestBlock | undefined {
    return this.shared.testStack[this.shared.testStack.length - 1];
  }

  tests(): readonly TestInfo[] {
    return this.shared.classified;
  }

  report(d: ReportDescriptor): void {
    const { sf, lineStarts } = this.shared;
    const severity = this.severity;
    const span = d.span ?? (d.node ? { start: d.node.getStart(sf), end: d.node.end } : { start: 0, end: 0 });
    const test = d.test === undefined ? this.currentTest() : d.test;
    const template = this.rule.meta.messages[d.messageId] ?? d.messageId;
    const message = d.data ? fillTemplate(template, d.data) : template;
    this.shared.findings.push({
      ruleId: this.rule.id,
      // A per-finding cap only lowers the rule's severity (user override included), never raises it.
      severity: d.maxSeverity === 'info' || (d.maxSeverity === 'warning' && severity === 'error') ? d.maxSeverity : severity,
      message,
      span,
      range: rangeFromStarts(lineStarts, span),
      test: test ? test.fullName : null,
      related: (d.related ?? []).map((r) => {
        const rs = r.span ?? (r.node ? { start: r.node.getStart(sf), end: r.node.end } : span);
        return { message: r.message, span: rs, range: rangeFromStarts(lineStarts, rs) };
      }),
      fixes: d.fixes ?? [],
    });
  }
}

/** 0-based offsets → 1-based lines and columns, from the file's line starts. */
function rangeFromStarts(starts: readonly number[], span: Span): Range {
  const line = lineFromStarts(starts, span.start);
  const endLine = lineFromStarts(starts, span.end);
  return { line: line + 1, column: span.start - starts[line] + 1, endLine: endLine + 1, endColumn: span.end - starts[endLine] + 1 };
}

/** Message templates split once into literal text (even indices) and `{placeholder}` names (odd indices). */
const templateParts = new Map<string, string[]>();

/** `{name}` → `data.name`; a placeholder with no value stays as written. */
function fillTemplate(template: string, data: Record<string, unknown>): string {
  let parts = templateParts.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    if (templateParts.size < 1000) templateParts.set(template, parts);
  }
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += (parts[i] in data ? String(data[parts[i]]) : `{${parts[i]}}`) + parts[i + 1];
  return out;
}

/** Parentheses, `!`, `as` and `satisfies` stripped. */
function skipWrappers(e: ts.Expression): ts.Expression {
  while (e.kind === K.ParenthesizedExpression || e.kind === K.NonNullExpression || e.kind === K.AsExpression || e.kind === K.SatisfiesExpression) {
    e = (e as ts.ParenthesizedExpression).expression;
  }
  return e;
}

/** `x` for `x`, `x.a[0].b` or `(x as T)!.a`: the identifier a property chain starts from. */
function propertyChainRoot(target: ts.Expression): string | undefined {
  let e = skipWrappers(target);
  while (e.kind === K.PropertyAccessExpression || e.kind === K.ElementAccessExpression) e = skipWrappers((e as ts.PropertyAccessExpression).expression);
  return e.kind === K.Identifier ? (e as ts.Identifier).text : undefined;
}

function isDeclarationName(node: ts.Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if ((compiler.isPropertyAccessExpression(p) && p.name === node) || (compiler.isPropertyAssignment(p) && p.name === node)) return true;
  if ((compiler.isVariableDeclaration(p) || compiler.isParameter(p) || compiler.isFunctionDeclaration(p) || compiler.isBindingElement(p)) && p.name === node) return true;
  return false;
}

/** Binary search over line starts (0-based line). */
export function lineFromStarts(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** 0-based offsets → 1-based lines and columns. */
export function toRange(sf: ts.SourceFile, span: Span): Range {
  const s = sf.getLineAndCharacterOfPosition(span.start);
  const e = sf.getLineAndCharacterOfPosition(span.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export type { SignalTables };
