import { FAMILIES, packageFamily, type SignalFamily, type SignalTables } from './signals';
import { applicableHooks, type FileModel, type Hit, type Owner, type TestBlock } from './model';
import type { Confidence, Evidence, Layer } from './types';

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
} as const;

/** A layer is chosen when its strongest evidence reaches this weight; e2e is checked before integration. */
const DECIDING_WEIGHT = 2;
const MAX_HELPER_DEPTH = 4;
const TEST_API = new Set(['test', 'it', 'describe', 'expect', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'before', 'after', 'suite', 'context', 'specify']);

const HARNESS_NAME = /^(?:setup|start|init|boot|launch|create|spin[uU]p|bootstrap|get)(?:Test)?(?:App|Application|Server|Database|Db|DB|TestDb|Env|Environment|Container|Api|Backend|Stack)(?:ForTest(?:s|ing)?)?$/;

interface Scored {
  evidence: Evidence;
  family: SignalFamily;
}

/** Decides each test's layer from the hits in its body, its hooks, the local helpers it calls and the file's imports. */
export function classifyTests(model: FileModel, tables: SignalTables): Verdict[] {
  const importFamilies = new Map<string, { family: SignalFamily; line: number; module: string; mocked: boolean }>();
  for (const m of model.imports.modules) {
    const family = packageFamily(tables, m.module);
    if (!family) continue;
    if (!importFamilies.has(m.module)) importFamilies.set(m.module, { family, line: m.line, module: m.module, mocked: model.mockedModules.has(m.module) });
  }
  const bindingModule = new Map<string, string>();
  // Using `test` or `expect` is structure, not evidence; only other bindings count as using a package.
  for (const b of model.imports.bindings.values()) if (!TEST_API.has(b.imported)) bindingModule.set(b.local, b.module);

  return model.tests.map((test) => classifyOne(model, test, importFamilies, bindingModule));
}

function classifyOne(
  model: FileModel,
  test: TestBlock,
  importFamilies: Map<string, { family: SignalFamily; line: number; module: string; mocked: boolean }>,
  bindingModule: Map<string, string>,
): Verdict {
  const scored: Scored[] = [];
  const seen = new Set<string>();
  const usedModules = new Set<string>();
  const add = (hit: Hit, weight: number, via?: string) => {
    const key = `${hit.family.id}:${hit.subject}`;
    if (seen.has(key)) return;
    seen.add(key);
    scored.push({
      family: hit.family,
      evidence: { signal: hit.family.id, message: via ? `${via}: ${hit.message}` : hit.message, line: hit.line, layer: hit.family.layer, weight },
    });
  };
  const fromOwner = (owner: Owner, weight: number, via?: string) => {
    for (const h of owner.hits) add(h, weight, via);
    for (const b of owner.usedBindings) {
      const module = bindingModule.get(b);
      if (module) usedModules.add(module);
    }
  };
  const followHelpers = (owner: Owner, depth: number, visited: Set<string>) => {
    if (depth > MAX_HELPER_DEPTH) return;
    for (const name of owner.calls) {
      if (visited.has(name)) continue;
      visited.add(name);
      const fn = model.localFunctions.get(name);
      if (fn) {
        fromOwner(fn.owner, WEIGHT.helper, `calls \`${name}\` (line ${fn.line})`);
        followHelpers(fn.owner, depth + 1, visited);
      } else if (HARNESS_NAME.test(name) && bindingModule.has(name) && isLocalModule(bindingModule.get(name)!)) {
        const b = model.imports.bindings.get(name)!;
        add({ family: FAMILIES.harness, message: `calls the test harness \`${name}\` from \`${b.module}\``, line: b.line, start: b.start, subject: name }, WEIGHT.harness);
      }
    }
  };

  const visited = new Set<string>();
  fromOwner(test.owner, WEIGHT.direct);
  followHelpers(test.owner, 0, visited);
  for (let p = test.parent; p; p = p.parent) {
    if (p.kind === 'test') {
      fromOwner(p.owner, WEIGHT.direct, `in the enclosing test`);
      followHelpers(p.owner, 0, visited);
    }
  }
  for (const hook of applicableHooks(test)) {
    fromOwner(hook.owner, WEIGHT.hook, `in ${hook.hookType}`);
    followHelpers(hook.owner, 0, visited);
  }
  for (let p = test.parent; p; p = p.parent) {
    if (p.kind === 'suite') {
      fromOwner(p.owner, WEIGHT.module, 'in the suite body');
      followHelpers(p.owner, 0, visited);
    }
  }
  fromOwner(model.root.owner, WEIGHT.module, 'at module scope');
  followHelpers(model.root.owner, 0, visited);

  const mocks: string[] = [];
  for (const [module, info] of importFamilies) {
    if (info.mocked) {
      mocks.push(module);
      continue;
    }
    const used = usedModules.has(module);
    const what = info.family.id === 'mocked-imports' ? `uses \`${module}\` to replace dependencies` : used ? `uses \`${module}\` (${info.family.label})` : `imports \`${module}\` (${info.family.label})`;
    add({ family: info.family, message: what, line: info.line, start: 0, subject: `import:${module}` }, used ? WEIGHT.direct : WEIGHT.import);
  }
  for (const [module, m] of model.mockedModules) {
    add({ family: FAMILIES.mocks, message: `mocks \`${module}\` with \`${m.call}\``, line: m.line, start: 0, subject: `mock:${module}` }, WEIGHT.module);
  }

  const best = (layer: Layer) => {
    let top: Scored | undefined;
    for (const s of scored) if (s.family.layer === layer && (!top || s.evidence.weight > top.evidence.weight)) top = s;
    return top;
  };
  const e2e = best('e2e');
  const integration = best('integration');
  let layer: Layer = 'unit';
  let top: Scored | undefined;
  if (e2e && e2e.evidence.weight >= DECIDING_WEIGHT) {
    layer = 'e2e';
    top = e2e;
  } else if (integration && integration.evidence.weight >= DECIDING_WEIGHT) {
    layer = 'integration';
    top = integration;
  }

  let confidence: Confidence;
  if (layer === 'unit') {
    const unitEvidence = scored.filter((s) => s.family.layer === 'unit');
    confidence = unitEvidence.length > 0 ? 'high' : 'medium';
  } else if (top!.family === FAMILIES.harness) {
    confidence = 'low';
  } else {
    confidence = top!.evidence.weight >= WEIGHT.direct ? 'high' : 'medium';
  }

  const relevant = scored
    .filter((s) => s.family.layer === layer)
    .sort((a, b) => b.evidence.weight - a.evidence.weight || a.evidence.line - b.evidence.line)
    .slice(0, 6)
    .map((s) => s.evidence);
  if (layer === 'unit' && relevant.length === 0) {
    relevant.push({
      signal: 'no-external-dependency',
      message: 'no database, server, network, process or browser use in the test, its hooks or the helpers it calls',
      line: test.call.getSourceFile().getLineAndCharacterOfPosition(test.call.getStart()).line + 1,
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

function isLocalModule(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || specifier.startsWith('@/') || specifier.startsWith('~/') || specifier.startsWith('src/');
}
