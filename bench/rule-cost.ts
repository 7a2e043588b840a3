/**
 * What each rule costs, in units of the parse floor.
 *
 * Usage: node out/bench/rule-cost.js [--files 1000] [--seed 1] [--runs 4] [--group id,id] [--json <file>]
 *
 * Timing the analysis with a rule on and off measures a difference of a few per cent between two noisy totals. This
 * samples instead: the analysis runs `--runs` times over the corpus under V8's CPU profiler, and every sample whose
 * stack passes through a rule's module (its listeners, its `end`, the reports and helpers it calls) is that rule's.
 * The analysis/floor ratio comes from the same process, timed in alternating blocks without the profiler, so a rule's
 * share of the analysis converts to floor units: share × ratio. `--group` adds the sum for a set of rules.
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, configFrom } from '../server/src/analyzer';
import { allRules } from '../server/src/rules/index';
import { defaultCorpusDir, writeCorpus } from './corpus';
import { machineFacts, parseAndWalk, relaunchWithAnalysisHeap, table } from './measure';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function post<T>(session: inspector.Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
}

/** Module of a profile frame, as `rules/<id>` or `core/<name>` for the project's own files. */
function moduleOf(url: string): string | undefined {
  const m = /\/(rules|core)\/([\w.-]+)\.js$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** Per module, the sampled time of stacks inside `analyzeFile` that pass through it (each sample counted once per module). */
function attribute(profile: Profile): { analysisUs: number; byModule: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map<number, { inAnalysis: boolean; modules: Set<string> }>();
  const stackOf = (id: number) => {
    let s = stacks.get(id);
    if (s) return s;
    s = { inAnalysis: false, modules: new Set() };
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const frame = byId.get(x)!.callFrame;
      const mod = moduleOf(frame.url);
      if (mod) s.modules.add(mod);
      if (frame.functionName === 'analyzeFile') s.inAnalysis = true;
    }
    stacks.set(id, s);
    return s;
  };
  let analysisUs = 0;
  const byModule = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const s = stackOf(id);
    if (!s.inAnalysis) return;
    analysisUs += dt;
    for (const m of s.modules) byModule.set(m, (byModule.get(m) ?? 0) + dt);
  });
  return { analysisUs, byModule };
}

async function main() {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      seed: { type: 'string' },
      runs: { type: 'string' },
      group: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const files = Number(values.files ?? 1000);
  const seed = Number(values.seed ?? 1);
  const runs = Number(values.runs ?? 4);
  const group = (values.group ?? '').split(',').filter(Boolean);
  const known = new Set(allRules.map((r) => r.id));
  for (const id of group) if (!known.has(id)) throw new Error(`--group: no rule "${id}"`);
  const facts = machineFacts();
  console.log(`Test Layers rule cost — ${facts.cpu}, ${facts.cores} cores, Node ${facts.node}; load average at start: ${facts.loadAverage}; node flags: ${facts.nodeFlags}`);
  const dir = defaultCorpusDir(seed, files);
  const corpus = writeCorpus(dir, { files, seed });
  const sample = corpus.files.map((f) => ({ r: path.relative(dir, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') }));
  const config = configFrom();
  for (const f of sample.slice(0, 300)) {
    analyze(f.r, f.text, config);
    parseAndWalk(f.r, f.text);
  }

  // The ratio, without the profiler: alternating blocks of 25 files, as `bench.js` does.
  let floorMs = 0;
  let analysisMs = 0;
  for (let start = 0, b = 0; start < sample.length; start += 25, b++) {
    const block = sample.slice(start, start + 25);
    const sides = [
      () => { const t = performance.now(); for (const f of block) parseAndWalk(f.r, f.text); floorMs += performance.now() - t; },
      () => { const t = performance.now(); for (const f of block) analyze(f.r, f.text, config); analysisMs += performance.now() - t; },
    ];
    if (b % 2) sides.reverse();
    for (const side of sides) side();
  }
  const ratio = analysisMs / floorMs;

  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  for (let run = 0; run < runs; run++) for (const f of sample) analyze(f.r, f.text, config);
  const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
  session.disconnect();
  const { analysisUs, byModule } = attribute(profile);

  const share = (mod: string) => (byModule.get(mod) ?? 0) / analysisUs;
  const rows = allRules
    .map((r) => ({ id: r.id, share: share(`rules/${r.id}`) }))
    .sort((a, b) => b.share - a.share);
  const helpers = [...byModule.keys()].filter((m) => /^rules\/_/.test(m)).map((m) => ({ id: m.slice('rules/'.length), share: share(m) }));
  const core = [...byModule.keys()].filter((m) => m.startsWith('core/')).map((m) => ({ id: m, share: share(m) })).sort((a, b) => b.share - a.share);
  const fmt = (s: number) => [`${(s * 100).toFixed(2)} %`, (s * ratio).toFixed(3)];
  console.log(`corpus: ${sample.length} files (seed ${seed}); analysis / floor in this process: ${ratio.toFixed(2)}; ${runs} profiled runs, ${(analysisUs / 1000).toFixed(0)} ms of sampled analysis`);
  console.log('');
  console.log(table(['rule (its module and everything it calls)', 'share of the analysis', 'floor units'], rows.map((r) => [r.id, ...fmt(r.share)])));
  console.log('');
  console.log(table(['shared rule helpers', 'share of the analysis', 'floor units'], helpers.map((r) => [r.id, ...fmt(r.share)])));
  console.log('');
  console.log(table(['core module (and what it calls)', 'share of the analysis', 'floor units'], core.slice(0, 12).map((r) => [r.id, ...fmt(r.share)])));
  let groupShare: number | undefined;
  if (group.length > 0) {
    // A sample inside two rules of the group (one calling the other's helper) counts once.
    const groupModules = new Set(group.map((id) => `rules/${id}`));
    const again = attributeGroup(profile, groupModules);
    groupShare = again / analysisUs;
    console.log('');
    console.log(`${group.join(', ')}: ${(groupShare * 100).toFixed(2)} % of the analysis = ${(groupShare * ratio).toFixed(3)} floor units`);
  }
  if (values.json) {
    fs.writeFileSync(values.json, JSON.stringify({
      command: `node out/bench/rule-cost.js ${process.argv.slice(2).join(' ')}`.trim(),
      machine: facts, files: sample.length, seed, runs, ratio: +ratio.toFixed(3),
      rules: rows.map((r) => ({ id: r.id, share: +r.share.toFixed(5), floorUnits: +(r.share * ratio).toFixed(4) })),
      group: groupShare === undefined ? undefined : { rules: group, share: +groupShare.toFixed(5), floorUnits: +(groupShare * ratio).toFixed(4) },
    }, null, 2));
  }
}

/** Sampled time inside `analyzeFile` whose stack passes through any of the modules. */
function attributeGroup(profile: Profile, modules: Set<string>): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let us = 0;
  profile.samples.forEach((id, i) => {
    let inGroup = false;
    let inAnalysis = false;
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const frame = byId.get(x)!.callFrame;
      const mod = moduleOf(frame.url);
      if (mod && modules.has(mod)) inGroup = true;
      if (frame.functionName === 'analyzeFile') inAnalysis = true;
    }
    if (inGroup && inAnalysis) us += profile.timeDeltas[i] ?? 0;
  });
  return us;
}

if (!relaunchWithAnalysisHeap(__filename)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
