/**
 * `npm run bench:gc`: the analysis in its own process over a corpus, with V8's collector traced — wall, CPU, peak RSS,
 * scavenges, full collections and bytes promoted to the old generation. An in-process comparison of two builds shares
 * one heap and cannot see a change that makes the collector promote more (each file's tree then survives into the old
 * generation, and concurrent marking shows up as CPU on the second core); run this before and after a speed change.
 *
 * Usage: node out/bench/gc-check.js [--files 1000] [--seed 1] [--runs 2] [--json <file>]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCorpusDir, writeCorpus } from './corpus';
import { machineFacts, median, table, type ChildResult } from './measure';
import { ANALYSIS_NODE_FLAGS } from '../server/src/shared/heap';

interface GcRun {
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
  scavenges: number;
  markCompacts: number;
  promotedMB: number;
}

/** Reads `--trace-gc-nvp` lines: `gc=s` (scavenge) and `gc=mc` (mark-compact), `promoted=<bytes>` on scavenges. */
export function summarizeGcTrace(trace: string): Pick<GcRun, 'scavenges' | 'markCompacts' | 'promotedMB'> {
  let scavenges = 0;
  let markCompacts = 0;
  let promoted = 0;
  for (const line of trace.split('\n')) {
    if (/\bgc=s\b/.test(line)) {
      scavenges++;
      const m = /\bpromoted=(\d+)/.exec(line);
      if (m) promoted += Number(m[1]);
    } else if (/\bgc=mc\b/.test(line)) markCompacts++;
  }
  return { scavenges, markCompacts, promotedMB: +(promoted / 1048576).toFixed(1) };
}

function runOnce(dir: string): GcRun {
  const script = path.join(__dirname, 'run-tool.js');
  const r = spawnSync(process.execPath, [...ANALYSIS_NODE_FLAGS, '--trace-gc-nvp', script, '--tool', 'test-layers', '--dir', dir], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`run-tool failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n');
  const result = JSON.parse(lines.filter((l) => l.startsWith('{')).pop() ?? '') as ChildResult;
  return { wallMs: result.wallMs, cpuMs: result.cpuMs, maxRssMB: result.maxRssMB, ...summarizeGcTrace(r.stdout) };
}

function main(): void {
  const { values } = parseArgs({ options: { files: { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' }, json: { type: 'string' } } });
  const files = Number(values.files ?? 1000);
  const seed = Number(values.seed ?? 1);
  const runs = Number(values.runs ?? 2);
  if (!Number.isInteger(files) || files < 1 || !Number.isInteger(runs) || runs < 1) throw new Error('--files and --runs take positive integers');
  const dir = defaultCorpusDir(seed, files);
  writeCorpus(dir, { files, seed });
  const facts = machineFacts();
  console.log(`Test Layers GC check — ${facts.cpu}, ${facts.cores} cores, Node ${facts.node}; load average ${facts.loadAverage}`);
  console.log(`corpus: ${files} files (seed ${seed}); each run: node ${ANALYSIS_NODE_FLAGS.join(' ')} --trace-gc-nvp out/bench/run-tool.js --tool test-layers`);
  const all: GcRun[] = [];
  for (let i = 0; i < runs; i++) all.push(runOnce(dir));
  console.log('');
  console.log(table(
    ['run', 'wall ms', 'CPU ms', 'peak RSS MB', 'scavenges', 'full GCs', 'promoted MB'],
    all.map((r, i) => [i + 1, r.wallMs, r.cpuMs, r.maxRssMB, r.scavenges, r.markCompacts, r.promotedMB]),
  ));
  const summary = {
    wallMs: median(all.map((r) => r.wallMs)),
    cpuMs: median(all.map((r) => r.cpuMs)),
    maxRssMB: median(all.map((r) => r.maxRssMB)),
    promotedMB: median(all.map((r) => r.promotedMB)),
    markCompacts: median(all.map((r) => r.markCompacts)),
  };
  console.log(`median: wall ${summary.wallMs} ms, CPU ${summary.cpuMs} ms, peak RSS ${summary.maxRssMB} MB, promoted ${summary.promotedMB} MB, ${summary.markCompacts} full GCs`);
  if (values.json) {
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(values.json, JSON.stringify({ command: `node out/bench/gc-check.js ${process.argv.slice(2).join(' ')}`.trim(), date: new Date().toISOString(), machine: facts, files, seed, runs: all, summary }, null, 2) + '\n');
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
