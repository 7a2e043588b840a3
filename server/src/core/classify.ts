import type { ts } from 'ts-morph';
import { FAMILIES, packageFamily, isClientBinding, isConnectingMember, isE2eHarnessName, type SignalFamily, type SignalTables } from './signals';
import { isTestSupportPath, isTestSupportDir } from './helper-summaries';
import type { ContainerBlock, FileModel, Hit, Owner, TestBlock } from './model';
import type { Confidence, Evidence, Layer } from './types';
import { calleeChain } from './frameworks';
import type { HelperHit, HelperIndex } from './helper-summaries';

/** The workspace around the analyzed file: its absolute path and the shared helper index. */
export interface WorkspaceContext {
  index: HelperIndex;
  /** Absolute path of the analyzed file, with `/` separators. */
  fileName: string;
}

/** What a region of code does with the file's imports, beyond `Owner.usedBindings`. */
export interface OwnerUsage {
  /** Import bindings called or constructed (`knex()`, `new Pool()`, `pg.connect()`). */
  called: Set<string>;
  /** Namespace members read (`helpers.initApp`). */
  members: Set<string>;
  /** Fixtures a test destructures from its first parameter (`{ page, app }`). */
  fixtures: string[];
}

export function usageOf(map: Map<Owner, OwnerUsage>, owner: Owner): OwnerUsage {
  let u = map.get(owner);
  if (!u) {
    u = { called: new Set(), members: new Set(), fixtures: [] };
    map.set(owner, u);
  }
  return u;
}

export interface ClassifyContext {
  usage?: Map<Owner, OwnerUsage>;
  workspace?: WorkspaceContext;
}

export interface Verdict {
  layer: Layer;
  confidence: Confidence;
  evidence: Evidence[];
}

/** How strongly a hit counts, by where it was seen relative to the test. */
const WEIGHT = {
  direct: 3,
  hook: 3,
  helper: 2.5,
  module: 2,
  import: 2,
  harness: 2,
  importOnly: 1.5,
} as const;

/** A layer is chosen when its strongest evidence reaches this weight; e2e is checked before integration. */
const DECIDING_WEIGHT = 2;
const MAX_HELPER_DEPTH = 4;
const TEST_API = new Set(['test', 'it', 'describe', 'expect', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'before', 'after', 'suite', 'context', 'specify']);

/**
 * Harness starters by name: a set-up verb, optionally a product name, and what it starts (`setupTestDb`, `startServer`,
 * `initPayloadInt`, `createTestApp`, `bootIntegrationEnv`). Only for functions imported from local modules.
 */
const HARNESS_NAME = /^(?:setup|setUp|start|init|initialize|boot|launch|create|spin[uU]p|bootstrap|get|with)(?:[A-Z][a-z0-9]*){0,2}?(?:Test|Int|Integration|E2e)?(?:App|Application|Server|Database|Db|DB|Env|Environment|Container|Containers|Api|API|Backend|Stack|Int|Integration|Services|Cluster|Harness|Runtime)(?:ForTest(?:s|ing)?|Instance)?$/;

/** Decides each test's layer from the hits in its body, its hooks, the local helpers it calls and the file's imports. */
export function classifyTests(model: FileModel, tables: SignalTables, context: ClassifyContext = {}): Verdict[] {
  const importFamilies = new Map<string, { family: SignalFamily; line: number; module: string; mocked: boolean }>();
  for (const m of model.imports.modules) {
    const family = packageFamily(tables, m.module);
    if (!family) continue;
    if (!importFamilies.has(m.module)) importFamilies.set(m.module, { family, line: m.line, module: m.module, mocked: model.mockedModules.has(m.module) });
  }
  const bindingModule = new Map<string, string>();
  // Using `test` or `expect` is structure, not evidence; only other bindings count as using a package.
  for (const b of model.imports.bindings.values()) if (!TEST_API.has(b.imported)) bindingModule.set(b.local, b.module);
  const helpers = context.workspace ? new HelperLookup(model, tables, context.workspace) : undefined;
  const file = fileFacts(model, importFamilies);
  try {
    helpers?.index.begin();
    const classifier = new FileClassifier(model, importFamilies, bindingModule, context.usage ?? new Map(), helpers, file);
    return model.tests.map((test) => classifier.classify(test));
  } finally {
    helpers?.index.end();
  }
}

/** Helper hits per import binding of the analyzed file, computed once per analysis. */
class HelperLookup {
  readonly index: HelperIndex;
  private readonly byBinding = new Map<string, HelperHit[]>();
  private readonly localModule = new Map<string, boolean>();

  constructor(private readonly model: FileModel, private readonly tables: SignalTables, private readonly workspace: WorkspaceContext) {
    this.index = workspace.index;
  }

  isLocal(module: string): boolean {
    let local = this.localModule.get(module);
    if (local === undefined) {
      local = !packageFamily(this.tables, module) && this.index.resolve(module, this.workspace.fileName)?.kind === 'file';
      this.localModule.set(module, local);
    }
    return local;
  }

  /** Hits of a used binding (`initApp`) or namespace member (`helpers.initApp`). */
  hits(name: string): HelperHit[] {
    const cached = this.byBinding.get(name);
    if (cached) return cached;
    const dot = name.indexOf('.');
    const local = dot < 0 ? name : name.slice(0, dot);
    const b = this.model.imports.bindings.get(local);
    let out: HelperHit[] = [];
    if (b && this.isLocal(b.module)) {
      const exported = b.imported === '*' ? (dot < 0 ? undefined : name.slice(dot + 1)) : b.imported;
      if (exported) out = this.index.hitsOfImport(b.module, exported, this.workspace.fileName, this.tables);
    }
    this.byBinding.set(name, out);
    return out;
  }

  /** Hits of the fixtures a test destructures, when its `test` comes from a local `test.extend` module. */
  fixtureHits(test: TestBlock, fixtures: string[]): HelperHit[] {
    if (fixtures.length === 0) return [];
    const chain = calleeChain(test.call.expression);
    const b = chain && this.model.imports.bindings.get(chain[0]);
    if (!b || !this.isLocal(b.module)) return [];
    return this.index.hitsOfFixtures(b.module, b.imported === '*' ? chain![1] ?? 'test' : b.imported, fixtures, this.workspace.fileName, this.tables);
  }
}

/** What holds for the whole file, computed once. */
interface FileFacts {
  /** Some dependency is replaced: a mocked module, a mocking library, `jest.fn()`/`sinon.stub()` anywhere. */
  usesMocks: boolean;
  /** The file renders components with a component-testing library (jsdom-style unit tests). */
  rendersComponents: boolean;
  /** Shared clients whose methods the file stubs (`sinon.stub(db, 'query')`): queries through them do not reach a database. */
  stubbedClients: Set<string>;
}

function fileFacts(model: FileModel, importFamilies: Map<string, { family: SignalFamily }>): FileFacts {
  const facts: FileFacts = { usesMocks: model.mockedModules.size > 0, rendersComponents: false, stubbedClients: new Set() };
  for (const m of model.imports.modules) if (COMPONENT_TESTING.test(m.module)) facts.rendersComponents = true;
  for (const info of importFamilies.values()) if (info.family === FAMILIES.mocks) facts.usesMocks = true;
  const owners: Owner[] = [model.root.owner, ...model.hooks.map((h) => h.owner), ...model.tests.map((t) => t.owner), ...model.suites.map((s) => s.owner)];
  for (const f of model.localFunctions.values()) owners.push(f.owner);
  for (const o of owners) {
    for (const h of o.hits) {
      if (h.family !== FAMILIES.mocks) continue;
      facts.usesMocks = true;
      if (h.subject.startsWith('stub:')) for (const n of h.subject.slice(5).split(',')) facts.stubbedClients.add(n);
    }
  }
  return facts;
}

/** The binding is used through a member that opens a client (`electron.launch`, `pg.connect`). */
function calledMember(u: OwnerUsage, binding: string): boolean {
  for (const m of u.members) if (m.length > binding.length && m.startsWith(binding) && m[binding.length] === '.' && isConnectingMember(m.slice(binding.length + 1))) return true;
  return false;
}

/** Component-testing libraries: their tests render in a simulated DOM. */
const COMPONENT_TESTING = /^(?:@testing-library\/|@vue\/test-utils$|enzyme$|react-test-renderer$|@angular\/core\/testing$|@open-wc\/testing$)/;
/** Awaited support helpers that render, wait or tick rather than reach a service. */
const UI_OR_TIMING_HELPER = /^(?:render|mount|shallow|renderHook|act|flush|waitFor|sleep|delay|tick|nextTick|advance)/;

/** A call hit on a bare name (`knex()`, `new Client()`, `createConnection()`): the name it calls. */
const BARE_CALL = /^(?:new )?([A-Za-z_$][\w$]*)\(\)$/;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** "calls `initApp` (helpers.ts:41) → `new Pool()` (db.ts:8): opens a database connection …" */
function helperMessage(verb: string, hit: HelperHit): string {
  const links = hit.chain.map((l) => `\`${l.name}\` (${baseName(l.path)}:${l.line})`).join(' → ');
  return `${verb} ${links}: ${hit.message}`;
}

/** What one region of code contributes in one role (its own hits after weighting, the modules it uses). */
interface OwnerPart {
  weight: number;
  via: string;
  hits: Hit[];
  keys: string[];
  weights: number[];
  used: string[];
  called: string[];
}

type ImportFamilies = Map<string, { family: SignalFamily; line: number; module: string; mocked: boolean }>;

/**
 * Classifies the tests of one file. The regions most tests share (module scope, suites, hooks, local helpers) are
 * weighed once per file and replayed per test; per-test scratch collections are reused.
 */
class FileClassifier {
  private readonly parts = new Map<Owner, OwnerPart[]>();
  private readonly importHits = new Map<string, { used: Hit; unused: Hit; key: string }>();
  private mockHits: { hit: Hit; key: string }[] | undefined;
  // The hits weighed for the current test, as parallel arrays reused from test to test.
  private count = 0;
  private readonly hits: Hit[] = [];
  private readonly weights: number[] = [];
  private readonly vias: (string | undefined)[] = [];
  private readonly chains: (Evidence['chain'] | undefined)[] = [];
  /** Key of a weighed hit → the number of the test that last weighed it (a set cleared per test without reallocating). */
  private readonly seenBy = new Map<string, number>();
  private testNumber = 0;
  private readonly chosenScratch: number[] = [];
  private readonly chainScratch: ContainerBlock[] = [];
  /** "calls `helper` (line 12)", per local helper. */
  private readonly helperRoles = new Map<Owner, string>();
  private readonly usedModules = new Set<string>();
  private readonly calledModules = new Set<string>();
  private readonly visited = new Set<string>();

  constructor(
    private readonly model: FileModel,
    private readonly importFamilies: ImportFamilies,
    private readonly bindingModule: Map<string, string>,
    private readonly usage: Map<Owner, OwnerUsage>,
    private readonly helpers: HelperLookup | undefined,
    private readonly file: FileFacts,
  ) {}

  classify(test: TestBlock): Verdict {
    const { model, helpers, usage, visited } = this;
    this.count = 0;
    this.testNumber++;
    this.usedModules.clear();
    this.calledModules.clear();
    visited.clear();

    this.fromOwner(test.owner, WEIGHT.direct, undefined);
    if (helpers) {
      const fixtures = usage.get(test.owner)?.fixtures ?? [];
      this.addHelperHits(helpers.fixtureHits(test, fixtures), 'uses the fixture', lineOfNode(test.call), WEIGHT.helper);
    }
    this.followHelpers(test.owner, 0);
    for (let p = test.parent; p; p = p.parent) {
      if (p.kind === 'test') {
        this.fromOwner(p.owner, WEIGHT.direct, `in the enclosing test`);
        this.followHelpers(p.owner, 0);
      }
    }
    // The hooks that run around the test, outermost container first (as `applicableHooks` lists them).
    const chain = this.chainScratch;
    let depth = 0;
    for (let p = test.parent; p; p = p.parent) chain[depth++] = p;
    for (let i = depth - 1; i >= -1; i--) {
      for (const hook of i >= 0 ? chain[i].hooks : test.hooks) {
        this.fromOwner(hook.owner, WEIGHT.hook, hookRole(hook.hookType));
        this.followHelpers(hook.owner, 0);
      }
    }
    for (let p = test.parent; p; p = p.parent) {
      if (p.kind === 'suite') {
        this.fromOwner(p.owner, WEIGHT.module, 'in the suite body');
        this.followHelpers(p.owner, 0);
      }
    }
    this.fromOwner(model.root.owner, WEIGHT.module, 'at module scope');
    this.followHelpers(model.root.owner, 0);

    const mocks: string[] = [];
    for (const [module, info] of this.importFamilies) {
      if (info.mocked) {
        mocks.push(module);
        continue;
      }
      const used = this.usedModules.has(module);
      const hits = this.importHitsOf(module, info);
      let weight: number = used ? WEIGHT.direct : WEIGHT.import;
      // Libraries of databases, brokers and processes are often imported for their types, data types or operators:
      // only calling into them (a client, a connection, a query builder) decides integration.
      if (info.family.layer === 'integration' && info.family !== FAMILIES.contract && !this.calledModules.has(module)) weight = WEIGHT.importOnly;
      this.add(used ? hits.used : hits.unused, hits.key, weight, undefined, undefined);
    }
    for (const m of this.mockHitsOf()) this.add(m.hit, m.key, WEIGHT.module, undefined, undefined);

    const { hits, weights, count } = this;
    /** Index of the strongest hit pointing at a layer (the first of equals), or -1. */
    const best = (layer: Layer) => {
      let top = -1;
      for (let i = 0; i < count; i++) if (hits[i].family.layer === layer && (top < 0 || weights[i] > weights[top])) top = i;
      return top;
    };
    const e2e = best('e2e');
    const integration = best('integration');
    let layer: Layer = 'unit';
    let top = -1;
    if (e2e >= 0 && weights[e2e] >= DECIDING_WEIGHT) {
      layer = 'e2e';
      top = e2e;
    } else if (integration >= 0 && weights[integration] >= DECIDING_WEIGHT) {
      layer = 'integration';
      top = integration;
    }

    let confidence: Confidence;
    if (layer === 'unit') {
      confidence = best('unit') >= 0 ? 'high' : 'medium';
    } else if (hits[top].family === FAMILIES.harness || hits[top].family === FAMILIES.e2eHarness || hits[top].family === FAMILIES.httpResponse) {
      confidence = 'low';
    } else {
      confidence = weights[top] >= WEIGHT.direct ? 'high' : 'medium';
    }

    // Strongest first, then by line; equals keep the order they were weighed in (an insertion sort: few hits, and
    // no allocation per test).
    const chosen = this.chosenScratch;
    let chosenCount = 0;
    for (let i = 0; i < count; i++) {
      if (hits[i].family.layer !== layer) continue;
      let j = chosenCount++;
      while (j > 0 && (weights[chosen[j - 1]] < weights[i] || (weights[chosen[j - 1]] === weights[i] && hits[chosen[j - 1]].line > hits[i].line))) {
        chosen[j] = chosen[j - 1];
        j--;
      }
      chosen[j] = i;
    }
    const relevant: Evidence[] = [];
    for (let k = 0; k < chosenCount && k < 6; k++) relevant.push(this.evidenceOf(chosen[k]));
    if (layer === 'unit' && relevant.length === 0) {
      relevant.push({
        signal: 'no-external-dependency',
        message: 'no database, server, network, process or browser use in the test, its hooks or the helpers it calls',
        line: lineOfNode(test.call),
        layer: 'unit',
        weight: 1,
      });
    }
    if (layer !== 'unit' && mocks.length > 0) {
      relevant.push({
        signal: 'mocked-imports',
        message: `mocks ${mocks.map((m) => `\`${m}\``).join(', ')}`,
        line: model.mockedModules.get(mocks[0])!.line,
        layer: 'unit',
        weight: 1,
      });
    }
    return { layer, confidence, evidence: relevant };
  }

  private add(hit: Hit, key: string, weight: number, via: string | undefined, chain: Evidence['chain'] | undefined): void {
    if (this.seenBy.get(key) === this.testNumber) return;
    this.seenBy.set(key, this.testNumber);
    const i = this.count++;
    this.hits[i] = hit;
    this.weights[i] = weight;
    this.vias[i] = via;
    this.chains[i] = chain;
  }

  private evidenceOf(i: number): Evidence {
    const hit = this.hits[i];
    const via = this.vias[i];
    const chain = this.chains[i];
    const evidence: Evidence = { signal: hit.family.id, message: via ? `${via}: ${hit.message}` : hit.message, line: hit.line, layer: hit.family.layer, weight: this.weights[i] };
    if (chain) evidence.chain = chain;
    return evidence;
  }

  private addHelperHits(hits: HelperHit[], verb: string, line: number, weight: number): void {
    for (const h of hits) {
      const last = h.chain[h.chain.length - 1];
      // The deeper the chain, the less direct the evidence; depth alone does not take a harness below deciding
      // (a suite-level `new ApiClientForTests()` whose methods reach the server through two base classes).
      let w = h.chain.length <= 2 ? weight : Math.max(weight - 0.3, Math.min(weight, DECIDING_WEIGHT));
      // A client object a helper module constructs on load is not yet a connection: it alone does not decide.
      if (h.viaValue && h.family === FAMILIES.databaseClient && !last.name.startsWith('sql:')) w = WEIGHT.importOnly;
      const subject = `${last.path}:${last.line}:${last.name}`;
      const hit: Hit = { family: h.family, message: helperMessage(h.viaValue ? verb.replace(/calls$/, 'uses') : verb, h), line, start: 0, subject };
      this.add(hit, `${h.family.id}:${subject}`, w, undefined, h.chain);
    }
  }

  /** The weight a region's own hit counts with (0: it does not count). */
  private ownHitWeight(h: Hit, weight: number): number {
    const { model, file, helpers } = this;
    // A status check on an HTTP response shows a real request unless the file replaces dependencies (then the
    // response may well be a stub's).
    if (h.family === FAMILIES.httpResponse) return file.usesMocks ? WEIGHT.importOnly - 0.5 : WEIGHT.harness;
    if (h.subject.startsWith('awaited:')) {
      // Awaiting a helper of a test-support module that cannot be read (the file alone, or it does not resolve):
      // async set-up and API steps of a harness. Read helpers speak for themselves; mocks make it unit work.
      const b = model.imports.bindings.get(h.subject.slice(8));
      if (!b || file.usesMocks || file.rendersComponents || !isLocalModule(b.module) || !isTestSupportDir(b.module) || /Mock|Fake|Stub/.test(b.imported) || UI_OR_TIMING_HELPER.test(b.imported) || isE2eHarnessName(b.imported)) return 0;
      return helpers?.isLocal(b.module) ? 0 : WEIGHT.harness;
    }
    if (h.family.layer !== 'integration' && h.family.layer !== 'e2e') return weight;
    // An awaited call through a shared client counts, at harness weight, unless the file stubs that client.
    if (h.subject.startsWith('client-query:')) {
      const [client, root] = h.subject.slice(13).split('@');
      const b = model.imports.bindings.get(root);
      const mocked = !!b && model.mockedModules.has(b.module);
      return mocked || file.stubbedClients.has(client) || file.stubbedClients.has(root) ? 0 : Math.min(weight, WEIGHT.harness);
    }
    const bare = BARE_CALL.exec(h.subject);
    if (!bare) return weight;
    const name = bare[1];
    // The file declares that name itself (a fake `createConnection` in the test): its body is followed as a helper.
    if (model.localFunctions.has(name)) return 0;
    // The product's own client factory imported from its sources (a library testing itself): building a client
    // is not yet a connection; a query, a sync or a harness decides.
    const b = model.imports.bindings.get(name);
    if (b && h.family === FAMILIES.databaseClient && isLocalModule(b.module) && !isTestSupportPath(b.module)) return Math.min(weight, WEIGHT.importOnly);
    return weight;
  }

  /** A hit as it is weighed: an awaited support helper is described by the module it comes from. */
  private weighed(h: Hit): Hit {
    if (!h.subject.startsWith('awaited:')) return h;
    const name = h.subject.slice(8);
    return { ...h, message: `awaits \`${name}()\` from the test-support module \`${this.model.imports.bindings.get(name)!.module}\`, which cannot be read here` };
  }

  /** Whether a used binding is used as a client (called, or through a member that connects). */
  private calledAsClient(u: OwnerUsage | undefined, b: string): boolean {
    // Calling a named utility of a database library (`isWhereEmpty()`) is not using it as a client.
    return !!u?.called.has(b) && (isClientBinding(this.model.imports.bindings.get(b)!.imported) || calledMember(u, b));
  }

  /** A shared region's contribution in a role (module scope, a suite, a hook, a helper), computed once per file. */
  private partOf(owner: Owner, weight: number, via: string): OwnerPart {
    let list = this.parts.get(owner);
    if (list) for (const p of list) if (p.weight === weight && p.via === via) return p;
    const part: OwnerPart = { weight, via, hits: [], keys: [], weights: [], used: [], called: [] };
    for (const h of owner.hits) {
      const w = this.ownHitWeight(h, weight);
      if (w <= 0) continue;
      const hit = this.weighed(h);
      part.hits.push(hit);
      part.keys.push(`${hit.family.id}:${hit.subject}`);
      part.weights.push(w);
    }
    const u = this.usage.get(owner);
    for (const b of owner.usedBindings) {
      const module = this.bindingModule.get(b);
      if (!module) continue;
      part.used.push(module);
      if (this.calledAsClient(u, b)) part.called.push(module);
    }
    if (!list) this.parts.set(owner, (list = []));
    list.push(part);
    return part;
  }

  private fromOwner(owner: Owner, weight: number, via: string | undefined): void {
    if (via === undefined) {
      // A test's own body is weighed once: no need to keep its part.
      for (const h of owner.hits) {
        const w = this.ownHitWeight(h, weight);
        if (w <= 0) continue;
        const hit = this.weighed(h);
        this.add(hit, `${hit.family.id}:${hit.subject}`, w, undefined, undefined);
      }
      const u = this.usage.get(owner);
      for (const b of owner.usedBindings) {
        const module = this.bindingModule.get(b);
        if (!module) continue;
        this.usedModules.add(module);
        if (this.calledAsClient(u, b)) this.calledModules.add(module);
      }
    } else {
      const part = this.partOf(owner, weight, via);
      for (let i = 0; i < part.hits.length; i++) this.add(part.hits[i], part.keys[i], part.weights[i], via, undefined);
      for (const m of part.used) this.usedModules.add(m);
      for (const m of part.called) this.calledModules.add(m);
    }
    const { helpers, model } = this;
    if (!helpers) return;
    for (const b of owner.usedBindings) {
      if (!this.bindingModule.has(b)) continue;
      const binding = model.imports.bindings.get(b)!;
      if (binding.imported !== '*') this.addHelperHits(helpers.hits(b), via ? `${via}: calls` : 'calls', binding.line, Math.min(weight, WEIGHT.helper));
    }
    const u = this.usage.get(owner);
    if (u) {
      for (const m of u.members) this.addHelperHits(helpers.hits(m), via ? `${via}: calls` : 'calls', model.imports.bindings.get(m.slice(0, m.indexOf('.')))!.line, Math.min(weight, WEIGHT.helper));
    }
  }

  private followHelpers(owner: Owner, depth: number): void {
    if (depth > MAX_HELPER_DEPTH) return;
    const { model, bindingModule, helpers, visited } = this;
    for (const name of owner.calls) {
      if (visited.has(name)) continue;
      visited.add(name);
      const fn = model.localFunctions.get(name);
      if (fn) {
        let role = this.helperRoles.get(fn.owner);
        if (role === undefined) this.helperRoles.set(fn.owner, (role = `calls \`${name}\` (line ${fn.line})`));
        this.fromOwner(fn.owner, WEIGHT.helper, role);
        this.followHelpers(fn.owner, depth + 1);
      } else if (isHarnessName(name) && bindingModule.has(name) && isLocalModule(bindingModule.get(name)!) && !helpers?.isLocal(bindingModule.get(name)!) && !isSourcePath(bindingModule.get(name)!)) {
        // Names stand in for a helper only when it cannot be read: a resolved helper speaks through its summary.
        const b = model.imports.bindings.get(name)!;
        this.add({ family: FAMILIES.harness, message: `calls the test harness \`${name}\` from \`${b.module}\``, line: b.line, start: b.start, subject: name }, `${FAMILIES.harness.id}:${name}`, WEIGHT.harness, undefined, undefined);
      }
    }
  }

  private importHitsOf(module: string, info: { family: SignalFamily; line: number }): { used: Hit; unused: Hit; key: string } {
    let hits = this.importHits.get(module);
    if (!hits) {
      const subject = `import:${module}`;
      const hit = (message: string): Hit => ({ family: info.family, message, line: info.line, start: 0, subject });
      const replaces = info.family.id === 'mocked-imports';
      hits = {
        used: hit(replaces ? `uses \`${module}\` to replace dependencies` : `uses \`${module}\` (${info.family.label})`),
        unused: hit(replaces ? `uses \`${module}\` to replace dependencies` : `imports \`${module}\` (${info.family.label})`),
        key: `${info.family.id}:${subject}`,
      };
      this.importHits.set(module, hits);
    }
    return hits;
  }

  private mockHitsOf(): { hit: Hit; key: string }[] {
    if (!this.mockHits) {
      this.mockHits = [];
      for (const [module, m] of this.model.mockedModules) {
        const subject = `mock:${module}`;
        this.mockHits.push({ hit: { family: FAMILIES.mocks, message: `mocks \`${module}\` with \`${m.call}\``, line: m.line, start: 0, subject }, key: `${FAMILIES.mocks.id}:${subject}` });
      }
    }
    return this.mockHits;
  }
}

const hookRoles = new Map<string, string>();
/** "in beforeEach": how a hook's evidence is introduced. */
function hookRole(hookType: string): string {
  let role = hookRoles.get(hookType);
  if (role === undefined) hookRoles.set(hookType, (role = `in ${hookType}`));
  return role;
}

/** 1-based line of a node's first token. */
function lineOfNode(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/**
 * Scoped or set-up harnesses named after the service they start: `withPostgresPort`, `withTestDb`, `setupMongo`,
 * `startRedisContainer`, `describeWithMongoDB`, `setupIntegrationTest`. (`create…` is left out: `createPostgresAdapter`
 * builds a product object as often as it starts anything.)
 */
const SERVICE_HARNESS_NAME = /^(?:with|use|setup|setUp|start|spin[uU]p|connect(?:To)?|describeWith|init)(?:Test|Dev|Temp|Local|Real|Shared)?(?:Postgres(?:QL)?|Pg|My[Ss]ql|Maria(?:DB)?|Mongo(?:DB|d)?|Redis|Sqlite|SQLite|Kafka|Rabbit(?:MQ)?|Elastic(?:search)?|Docker|Database|Db|DB)(?:[A-Z][A-Za-z0-9]*)?$|^(?:setup|setUp|init|initialize|start|bootstrap|create)(?:Integration|Int|E2e|E2E|Functional)(?:Test|Tests|Suite|Env|Environment|Context)?$/;

function isHarnessName(name: string): boolean {
  if (/Mock|Fake|Stub|Dummy|Memory/.test(name)) return false;
  if (SERVICE_HARNESS_NAME.test(name)) return true;
  if (!HARNESS_NAME.test(name)) return false;
  // `getEnv()`, `getApi()` read configuration more often than they start anything.
  return !/^get(?:[A-Z][a-z0-9]*)?(?:Env|Environment|Api|API)$/.test(name);
}

/** A specifier into a source folder (`../src/runtime`, `#src/lib/x`) that does not look like test support. */
function isSourcePath(specifier: string): boolean {
  return /(?:^|\/)(?:src|lib)\//.test(specifier) && !isTestSupportPath(specifier);
}

function isLocalModule(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || specifier.startsWith('@/') || specifier.startsWith('~/') || specifier.startsWith('src/');
}
