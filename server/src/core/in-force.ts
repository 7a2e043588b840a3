import { ts } from 'ts-morph';
import { compiler } from './compiler';
import { calleeChain } from './frameworks';
import { ancestors, applicableHooks, blockOfNode, hasFakeTimers, memoized, type Block, type FileModel } from './model';

/** What a set-up neutralises: outgoing HTTP/WebSocket, a source of randomness, or the clock. */
export type ForceKind = 'interception' | 'seed' | 'clock';

/** Which random source a seed or stub makes deterministic. */
export type SeedTarget = 'math' | 'faker' | 'chance' | 'any';

/** One set-up seen in the file: `nock(…)`, `page.route(…)`, `faker.seed(1)`, `vi.spyOn(Date, 'now')` … */
export interface ForceSetup {
  kind: ForceKind;
  /** Short source-like description, e.g. "`nock('https://api.example.com')`" or "an import of `msw`". */
  what: string;
  node: ts.Node;
  /** The block the set-up runs in; `null` when it holds for the whole file (an import, a hoisted module mock). */
  block: Block | null;
  /** For seeds: the random source it covers. */
  covers?: SeedTarget;
}

/** Answers "is X in force for this block" from the block's body, the hooks that run around it, and module scope. */
export interface InForce {
  readonly setups: readonly ForceSetup[];
  interception(block: Block): ForceSetup | undefined;
  seed(block: Block, target: Exclude<SeedTarget, 'any'>): ForceSetup | undefined;
  /** Fake timers from the model (`useFakeTimers`, `setSystemTime`, `cy.clock` …) or a stubbed `Date.now`/`performance.now`. */
  clock(block: Block): boolean;
}

/** Packages whose presence in a file means outgoing requests are intercepted (their set-up often lives in shared helpers). */
const INTERCEPTION_MODULES = new Set([
  'nock', 'msw', 'msw/node', 'msw/browser', 'fetch-mock', 'fetch-mock-jest', 'jest-fetch-mock', 'vitest-fetch-mock',
  'axios-mock-adapter', 'moxios', 'mock-socket', 'jest-websocket-mock', 'vitest-websocket-mock', '@pollyjs/core',
  'setup-polly-jest', 'pretender', 'undici-mock', 'mockttp', '@mswjs/interceptors', 'xhr-mock', 'sinon-fake-server',
]);

/** Modules whose replacement by `jest.mock`/`vi.mock` cuts the network for calls made through them. */
export const HTTP_CLIENT_MODULES = new Set([
  'axios', 'node-fetch', 'cross-fetch', 'isomorphic-fetch', 'got', 'ky', 'superagent', 'request', 'request-promise',
  'request-promise-native', 'undici', 'needle', 'ws', 'socket.io-client', 'http', 'https', 'node:http', 'node:https',
]);

const NETWORK_GLOBALS = new Set(['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource']);
const GLOBAL_OBJECTS = new Set(['global', 'globalThis', 'window', 'self']);
const SPY_CALLS = new Set(['jest.spyOn', 'vi.spyOn', 'sinon.stub', 'sinon.replace', 'spyOn', 'stub', 'mock.method', 'td.replace', 'sandbox.stub']);
const CLOCK_OBJECTS = new Set(['Date', 'performance']);

/** Cheap pre-filter: files that mention none of these never need the walk. */
const MENTIONS = /nock|msw|Ajax|Fake|setupServer|setupWorker|route|intercept|[Mm]ock|stub|spyOn|seed|[Cc]hance|fetch|Date|random|useFakeTimers|resetHandlers/;

const IN_FORCE = {};

/** The in-force facts of a file, computed on first use (call it from a rule's `end`) and kept with its model. */
export function inForce(model: FileModel, sf: ts.SourceFile): InForce {
  return memoized(model, IN_FORCE, () => build(model, sf));
}

function build(model: FileModel, sf: ts.SourceFile): InForce {
  const setups: ForceSetup[] = [];
  for (const m of model.imports.modules) {
    if (INTERCEPTION_MODULES.has(m.module)) {
      setups.push({ kind: 'interception', what: `an import of \`${m.module}\``, node: nodeAt(sf, m.start), block: null });
    }
  }
  for (const [module, mock] of model.mockedModules) {
    if (HTTP_CLIENT_MODULES.has(module)) {
      setups.push({ kind: 'interception', what: `\`${mock.call}('${module}')\``, node: sf, block: null });
    }
  }
  if (MENTIONS.test(sf.text)) {
    const visit = (node: ts.Node): void => {
      if (compiler.isCallExpression(node) || compiler.isNewExpression(node)) inspectCall(node, model, sf, setups);
      else if (compiler.isBinaryExpression(node) && node.operatorToken.kind === compiler.SyntaxKind.EqualsToken) inspectAssignment(node, model, sf, setups);
      compiler.forEachChild(node, visit);
    };
    visit(sf);
  }

  const relevant = (setup: ForceSetup, block: Block, scope: Set<Block>) => setup.block === null || scope.has(setup.block);
  const scopes = new Map<Block, Set<Block>>();
  const scopeOf = (block: Block) => {
    let s = scopes.get(block);
    if (!s) {
      s = new Set<Block>([block, model.root, ...applicableHooks(block), ...ancestors(block)]);
      scopes.set(block, s);
    }
    return s;
  };
  return {
    setups,
    interception: (block) => setups.find((s) => s.kind === 'interception' && relevant(s, block, scopeOf(block))),
    seed: (block, target) => setups.find((s) => s.kind === 'seed' && (s.covers === target || s.covers === 'any') && relevant(s, block, scopeOf(block))),
    clock: (block) => hasFakeTimers(model, block) || setups.some((s) => s.kind === 'clock' && relevant(s, block, scopeOf(block))),
  };
}

function nodeAt(sf: ts.SourceFile, pos: number): ts.Node {
  for (const stmt of sf.statements) if (stmt.getStart(sf) <= pos && pos < stmt.end) return stmt;
  return sf;
}

function text(node: ts.Node, sf: ts.SourceFile, max = 60): string {
  const t = node.getText(sf).replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function stringArg(node: ts.Expression | undefined): string | undefined {
  return node && compiler.isStringLiteralLike(node) ? node.text : undefined;
}

/** `global`, `globalThis`, `window` (also through `(global as any)`). */
function isGlobalObject(node: ts.Expression | undefined): boolean {
  while (node && (compiler.isParenthesizedExpression(node) || compiler.isAsExpression(node) || compiler.isNonNullExpression(node) || compiler.isTypeAssertionExpression(node))) node = node.expression;
  return !!node && compiler.isIdentifier(node) && GLOBAL_OBJECTS.has(node.text);
}

function identifierText(node: ts.Expression | undefined): string | undefined {
  while (node && (compiler.isParenthesizedExpression(node) || compiler.isAsExpression(node) || compiler.isNonNullExpression(node))) node = node.expression;
  return node && compiler.isIdentifier(node) ? node.text : undefined;
}

function inspectCall(node: ts.CallExpression | ts.NewExpression, model: FileModel, sf: ts.SourceFile, out: ForceSetup[]): void {
  const chain = calleeChain(node.expression);
  if (!chain) return;
  const args = node.arguments ?? compiler.factory.createNodeArray<ts.Expression>();
  const head = chain[0];
  const last = chain[chain.length - 1];
  const dotted = chain.join('.');
  const binding = model.imports.bindings.get(head);
  const add = (kind: ForceKind, covers?: SeedTarget) => {
    out.push({ kind, what: `\`${text(node, sf)}\``, node, block: blockOfNode(model, node), covers });
  };
  const isNew = compiler.isNewExpression(node);

  // Network interception.
  if (!isNew && (head === 'nock' || binding?.module === 'nock')) return add('interception');
  if (!isNew && chain.length === 1 && (last === 'setupServer' || last === 'setupWorker')) return add('interception');
  if (!isNew && chain.length === 2 && (last === 'resetHandlers' || (last === 'use' && args.some(isMswHandler)))) return add('interception');
  if (!isNew && (last === 'route' || last === 'routeFromHAR' || last === 'routeWebSocket') && chain.length >= 2 && chain.length <= 3 && /^(page|context|browserContext|this)$/.test(head)) return add('interception');
  if (!isNew && head === 'cy' && chain.length === 2 && (last === 'intercept' || last === 'route' || last === 'server')) return add('interception');
  if (!isNew && (head === 'fetchMock' || head === 'fetchMocker' || last === 'enableFetchMocks' || last === 'enableMocks' && head === 'fetchMock')) return add('interception');
  if (!isNew && head === 'moxios') return add('interception');
  if (isNew && (last === 'MockAdapter' || last === 'MockAgent' || last === 'Polly')) return add('interception');
  if (!isNew && (last === 'setGlobalDispatcher' || last === 'setupPolly')) return add('interception');
  // XHR fakes: jasmine-ajax, sinon fake XHR and fake servers.
  if (!isNew && (dotted === 'jasmine.Ajax.install' || last === 'useFakeXMLHttpRequest' || dotted === 'sinon.fakeServer.create' || last === 'createFakeServer' || dotted === 'mock.setup')) return add('interception');
  if (!isNew && (dotted === 'vi.stubGlobal' || dotted === 'jest.stubGlobal') && NETWORK_GLOBALS.has(stringArg(args[0]) ?? '')) return add('interception');

  // Spies and stubs on network globals/clients, `Math.random`, `Date.now`.
  if (!isNew && (SPY_CALLS.has(dotted) || (chain.length === 2 && (last === 'stub' || last === 'spyOn' || last === 'replace')))) {
    const target = args[0];
    const member = stringArg(args[1]);
    const targetName = identifierText(target);
    if (isGlobalObject(target) && member && NETWORK_GLOBALS.has(member)) return add('interception');
    if (targetName && (HTTP_CLIENT_MODULES.has(model.imports.bindings.get(targetName)?.module ?? '') || targetName === 'axios')) return add('interception');
    if (targetName === 'Math' && member === 'random') return add('seed', 'math');
    if (targetName && CLOCK_OBJECTS.has(targetName)) return add('clock');
    if (isGlobalObject(target) && member === 'Date') return add('clock');
    if (targetName && (model.imports.bindings.get(targetName)?.module ?? '').includes('faker')) return add('seed', 'faker');
    return;
  }

  // Seeds.
  if (!isNew && last === 'seed' && args.length > 0 && chain.length >= 2) {
    const owner = model.imports.bindings.get(head)?.module ?? '';
    if (/faker/i.test(head) || owner.includes('faker')) return add('seed', 'faker');
    if (/chance/i.test(head) || owner === 'chance') return add('seed', 'chance');
    if (head === 'Math' || owner === 'seedrandom') return add('seed', 'math');
    return add('seed', 'any');
  }
  if ((isNew || chain.length === 1) && last === 'Chance' && args.length > 0) return add('seed', 'chance');
  if (!isNew && (last === 'seedrandom' || binding?.module === 'seedrandom') && args.length >= 2) {
    // `seedrandom('x', { global: true })` replaces Math.random.
    const opts = args[1];
    if (compiler.isObjectLiteralExpression(opts) && opts.properties.some((p) => p.name && compiler.isIdentifier(p.name) && p.name.text === 'global')) return add('seed', 'math');
  }
  if (!isNew && (last === 'mockRandom' || last === 'mockRandomForEach')) return add('seed', 'math');
  if (!isNew && (last === 'useFakeTimers' || last === 'setSystemTime') && chain.length >= 2) return add('clock');
  if (!isNew && (dotted === 'faker.setDefaultRefDate' || last === 'setDefaultRefDate')) return add('clock');
}

/** `http.get(…)`/`rest.get(…)` handlers passed to `server.use` (msw). */
function isMswHandler(arg: ts.Expression): boolean {
  if (!compiler.isCallExpression(arg)) return false;
  const chain = calleeChain(arg.expression);
  return !!chain && chain.length === 2 && (chain[0] === 'http' || chain[0] === 'rest' || chain[0] === 'graphql' || chain[0] === 'ws');
}

function inspectAssignment(node: ts.BinaryExpression, model: FileModel, sf: ts.SourceFile, out: ForceSetup[]): void {
  const left = node.left;
  if (!compiler.isPropertyAccessExpression(left) && !compiler.isElementAccessExpression(left)) return;
  const member = compiler.isPropertyAccessExpression(left) ? left.name.text : stringArg(left.argumentExpression);
  if (!member) return;
  const target = left.expression;
  const targetName = identifierText(target);
  const add = (kind: ForceKind, covers?: SeedTarget): void => {
    out.push({ kind, what: `\`${text(node, sf)}\``, node, block: blockOfNode(model, node), covers });
  };
  if (isGlobalObject(target) && NETWORK_GLOBALS.has(member)) return add('interception');
  if (targetName && (targetName === 'axios' || HTTP_CLIENT_MODULES.has(model.imports.bindings.get(targetName)?.module ?? ''))) return add('interception');
  if (targetName === 'Math' && member === 'random') return add('seed', 'math');
  if (targetName && CLOCK_OBJECTS.has(targetName) && member === 'now') return add('clock');
  if (isGlobalObject(target) && member === 'Date') return add('clock');
}
