/**
 * `npm run bench`: the analyzer against TypeScript's parse + walk floor on a generated corpus, from one run.
 * Usage: node out/bench/bench.js [--files 10000] [--seed 1] [--json <file>] [--no-memory] [--without <id,id>]
 * `--without` adds a third side in the same blocks: the analysis with those rules off, to show what they cost
 * (`--without all`: every rule off, what test discovery, classification and the walk cost on their own).
 *
 * Timing alternates blocks of files (every order of the sides in turn) so load from other processes on the machine hits
 * all sides alike; the ratios are computed from the sums of those block times: wall, process CPU, and (Linux) the main
 * thread's CPU, which leaves out V8's background threads and time the VM was descheduled. Peak RSS is measured
 * in separate processes (one per tool) at 1k / 5k / 10k files so it belongs to that tool alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, configFrom } from '../server/src/analyzer';
import { allRules } from '../server/src/rules/index';
import { defaultCorpusDir, generateFile, writeCorpus, type CorpusKind } from './corpus';
import { machineFacts, median, parseAndWalk, parseOnly, relaunchWithAnalysisHeap, runChild, table, threadCpuMs, type ChildResult } from './measure';

/** All orders of `n` sides (n! permutations), cached. */
const ordersCache = new Map<number, number[][]>();
function orders(n: number): number[][] {
  let out = ordersCache.get(n);
  if (!out) {
    out = [];
    const permute = (prefix: number[], rest: number[]): void => {
      if (rest.length === 0) out!.push(prefix);
      for (let i = 0; i < rest.length; i++) permute([...prefix, rest[i]], [...rest.slice(0, i), ...rest.slice(i + 1)]);
    };
    permute([], [...Array(n).keys()]);
    ordersCache.set(n, out);
  }
  return out;
}

/** Files per timed block: large enough that each side pays for its own garbage collection. */
const BLOCK = 25;

interface PhaseTotals {
  ms: number;
  cpuUs: number;
  /** Main-thread CPU ms (Linux; NaN where the platform does not tell). */
  threadMs: number;
}

const newTotals = (): PhaseTotals => ({ ms: 0, cpuUs: 0, threadMs: 0 });

function timed<T>(totals: PhaseTotals, fn: () => T): T {
  const th0 = threadCpuMs();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = fn();
  totals.ms += performance.now() - t0;
  const c = process.cpuUsage(c0);
  totals.cpuUs += c.user + c.system;
  const th1 = threadCpuMs();
  totals.threadMs += th0 === undefined || th1 === undefined ? NaN : th1 - th0;
  return out;
}

const fixed = (x: number, digits: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(digits));

/**
 * Median time of 600-line files after warm-up, next to the floor for the same files: wall and CPU per run
 * (CPU excludes time the process was descheduled, so it holds on a busy machine).
 */
function sixHundredLineMedian(seed: number): { analyzeMs: number; floorMs: number; analyzeCpuMs: number; floorCpuMs: number; files: number } {
  const kinds: CorpusKind[] = ['jest-unit', 'vitest-unit', 'supertest', 'playwright', 'cypress', 'node-test', 'mocha', 'pg'];
  const files = kinds.map((kind, i) => generateFile(seed, 900_000 + i, { kind, lines: 600 }));
  const config = configFrom();
  for (let k = 0; k < 20; k++) for (const f of files) {
    analyze(f.relPath, f.text, config);
    parseAndWalk(f.relPath, f.text);
  }
  const wall = { a: [] as number[], b: [] as number[] };
  const cpu = { a: [] as number[], b: [] as number[] };
  const measure = (into: 'a' | 'b', fn: () => unknown) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall[into].push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[into].push((c.user + c.system) / 1000);
  };
  for (let k = 0; k < 30; k++) {
    for (const f of files) {
      measure('a', () => analyze(f.relPath, f.text, config));
      measure('b', () => parseAndWalk(f.relPath, f.text));
    }
  }
  return { analyzeMs: median(wall.a), floorMs: median(wall.b), analyzeCpuMs: median(cpu.a), floorCpuMs: median(cpu.b), files: files.length };
}

async function main() {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'string' },
      'no-memory': { type: 'boolean' },
      corpus: { type: 'string' },
      without: { type: 'string' },
    },
  });
  const files = Number(values.files ?? 10_000);
  const seed = Number(values.seed ?? 1);
  const dir = path.resolve(values.corpus ?? defaultCorpusDir(seed, files));
  const facts = machineFacts();
  console.log(`Test Layers bench — ${facts.cpu}, ${facts.cores} cores, ${facts.memoryGB} GB, ${facts.os}, Node ${facts.node}, TypeScript ${facts.typescript}`);
  console.log(`load average at start: ${facts.loadAverage}; node flags: ${facts.nodeFlags} (the analysis heap settings of the CLI and server threads, for both sides)`);

  const genStarted = performance.now();
  const corpus = writeCorpus(dir, { files, seed });
  console.log(`corpus: ${corpus.files.length} files, ${corpus.lines} lines, ${(corpus.bytes / 1048576).toFixed(1)} MB, ${corpus.broken} with syntax errors, in ${dir} (${Math.round(performance.now() - genStarted)} ms)`);

  const config = configFrom();
  // `--without a,b`: the same analysis with those rules off, timed in the same blocks, so their cost is a same-run figure.
  const without = values.without === 'all' ? allRules.map((r) => r.id) : (values.without ?? '').split(',').filter(Boolean);
  const known = new Set(allRules.map((r) => r.id));
  for (const id of without) if (!known.has(id)) throw new Error(`--without: no rule "${id}"`);
  const configWithout = without.length > 0 ? configFrom({ rules: Object.fromEntries(without.map((id) => [id, 'off'])) }) : undefined;
  const rel = (f: string) => path.relative(dir, f).split(path.sep).join('/');

  // Warm-up: let both sides get optimised before timing.
  for (const f of corpus.files.slice(0, 300)) {
    const text = fs.readFileSync(f, 'utf8');
    parseAndWalk(rel(f), text);
    analyze(rel(f), text, config);
  }

  const parse = newTotals();
  const floor = newTotals();
  const ours = newTotals();
  const oursWithout = newTotals();
  let tests = 0;
  let findings = 0;
  let slowest = { ms: 0, file: '' };
  const wallStarted = performance.now();
  // Blocks of files, each side over the whole block in turn (every order of the sides in turn): each side then pays for
  // the garbage it makes. Timing file by file would bill the analysis's garbage collection to the floor run after it.
  for (let start = 0, blockIndex = 0; start < corpus.files.length; start += BLOCK, blockIndex++) {
    const block = corpus.files.slice(start, start + BLOCK).map((file) => ({ r: rel(file), text: fs.readFileSync(file, 'utf8') }));
    const runFloor = () => timed(floor, () => {
      for (const f of block) parseAndWalk(f.r, f.text);
    });
    const runOurs = () => timed(ours, () => {
      for (const f of block) {
        const t0 = performance.now();
        const report = analyze(f.r, f.text, config);
        const ms = performance.now() - t0;
        tests += report.tests.length;
        findings += report.findings.length;
        if (ms > slowest.ms) slowest = { ms, file: f.r };
      }
    });
    const runWithout = () => timed(oursWithout, () => {
      for (const f of block) analyze(f.r, f.text, configWithout);
    });
    const sides = configWithout ? [runFloor, runOurs, runWithout] : [runFloor, runOurs];
    // Every order in turn, so each side runs after each other side equally often: the side that runs right after
    // another inherits some of its cost (garbage, cold caches), and a fixed rotation billed that to the same side.
    for (const k of orders(sides.length)[blockIndex % orders(sides.length).length]) sides[k]();
    if (blockIndex % 4 === 0) timed(parse, () => {
      for (const f of block) parseOnly(f.r, f.text);
    });
  }
  const wallMs = performance.now() - wallStarted;
  const parseMsAll = parse.ms * 4;

  const ratio = ours.ms / floor.ms;
  const cpuRatio = ours.cpuUs / floor.cpuUs;
  const threadRatio = ours.threadMs / floor.threadMs;
  const median600 = sixHundredLineMedian(seed);

  console.log('');
  console.log(table(
    ['phase (same process, alternating blocks of files)', 'time ms', 'CPU ms', 'files/s', 'MB/s'],
    [
      ['TypeScript parse only (1 block in 4, ×4)', Math.round(parseMsAll), Math.round((parse.cpuUs * 4) / 1000), Math.round(files / (parseMsAll / 1000)), (corpus.bytes / 1048576 / (parseMsAll / 1000)).toFixed(1)],
      ['floor: parse + full forEachChild walk', Math.round(floor.ms), Math.round(floor.cpuUs / 1000), Math.round(files / (floor.ms / 1000)), (corpus.bytes / 1048576 / (floor.ms / 1000)).toFixed(1)],
      ['Test Layers analyze(), all rules', Math.round(ours.ms), Math.round(ours.cpuUs / 1000), Math.round(files / (ours.ms / 1000)), (corpus.bytes / 1048576 / (ours.ms / 1000)).toFixed(1)],
    ],
  ));
  console.log('');
  console.log(`ratio analysis / floor: ${ratio.toFixed(2)} (time), ${cpuRatio.toFixed(2)} (CPU), ${fixed(threadRatio, 2)} (main-thread CPU)   target ≤ 1.30 → ${ratio <= 1.3 ? 'met' : 'NOT met'}`);
  const withoutRatio = configWithout
    ? { time: oursWithout.ms / floor.ms, cpu: oursWithout.cpuUs / floor.cpuUs, thread: oursWithout.threadMs / floor.threadMs }
    : undefined;
  if (withoutRatio) {
    console.log(`ratio without ${values.without === 'all' ? `all ${without.length} rules` : without.join(', ')}: ${withoutRatio.time.toFixed(2)} (time), ${withoutRatio.cpu.toFixed(2)} (CPU), ${fixed(withoutRatio.thread, 2)} (main-thread CPU); those rules add ${(ratio - withoutRatio.time).toFixed(3)} (time), ${(cpuRatio - withoutRatio.cpu).toFixed(3)} (CPU), ${fixed(threadRatio - withoutRatio.thread, 3)} (main-thread CPU)`);
  }
  console.log(`tests found: ${tests}, findings: ${findings}, slowest file: ${slowest.file} ${slowest.ms.toFixed(1)} ms; loop wall ${Math.round(wallMs)} ms`);
  console.log(`600-line file, median after warm-up (${median600.files} files × 30): analysis ${median600.analyzeMs.toFixed(2)} ms wall / ${median600.analyzeCpuMs.toFixed(2)} ms CPU, floor ${median600.floorMs.toFixed(2)} ms wall / ${median600.floorCpuMs.toFixed(2)} ms CPU   target ≤ 10 ms → ${Math.min(median600.analyzeMs, median600.analyzeCpuMs) <= 10 ? 'met' : 'NOT met'}`);

  let memory: ChildResult[] = [];
  if (!values['no-memory']) {
    const checkpoints = [1000, 5000, 10_000].filter((n) => n <= files);
    if (!checkpoints.includes(files)) checkpoints.push(files);
    const script = path.join(__dirname, 'run-tool.js');
    for (const tool of ['floor', 'test-layers']) {
      memory.push(await runChild(script, ['--tool', tool, '--dir', dir, '--checkpoints', checkpoints.join(',')]));
    }
    console.log('');
    console.log(table(
      ['peak RSS, own process, MB', ...checkpoints.map((c) => `${c} files`), 'wall ms', 'CPU ms'],
      memory.map((m) => [m.tool, ...m.checkpoints.map((c) => c.maxRssMB), m.wallMs, m.cpuMs]),
    ));
    const ourMem = memory.find((m) => m.tool === 'test-layers')!;
    const first = ourMem.checkpoints[0].maxRssMB;
    const last = ourMem.checkpoints[ourMem.checkpoints.length - 1].maxRssMB;
    const flat = last <= first * 1.25 + 20;
    console.log(`RSS growth ${checkpoints[0]} → ${checkpoints[checkpoints.length - 1]} files: ${first} → ${last} MB → ${flat ? 'flat' : 'GROWS'}`);
  }

  if (values.json) {
    const out = {
      command: `node out/bench/bench.js ${process.argv.slice(2).join(' ')}`.trim(),
      date: new Date().toISOString(),
      machine: facts,
      corpus: { files, seed, lines: corpus.lines, bytes: corpus.bytes, broken: corpus.broken, byKind: corpus.byKind },
      parseMs: Math.round(parseMsAll),
      floorMs: Math.round(floor.ms),
      analyzeMs: Math.round(ours.ms),
      floorCpuMs: Math.round(floor.cpuUs / 1000),
      analyzeCpuMs: Math.round(ours.cpuUs / 1000),
      ratio: +ratio.toFixed(3),
      cpuRatio: +cpuRatio.toFixed(3),
      threadCpuRatio: Number.isNaN(threadRatio) ? null : +threadRatio.toFixed(3),
      without: withoutRatio
        ? { rules: without, ratio: +withoutRatio.time.toFixed(3), cpuRatio: +withoutRatio.cpu.toFixed(3), threadCpuRatio: Number.isNaN(withoutRatio.thread) ? null : +withoutRatio.thread.toFixed(3) }
        : undefined,
      filesPerSecond: Math.round(files / (ours.ms / 1000)),
      median600: median600,
      memory,
    };
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(values.json, JSON.stringify(out, null, 2) + '\n');
  }
}

if (!relaunchWithAnalysisHeap(__filename)) main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
