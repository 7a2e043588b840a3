/**
 * `node out/bench/cold-start.js`: how long the first analysis of a large file takes in a fresh process, and how much
 * analysis of other files beforehand (a warm-up) brings it down. For each warm-up count, a new process under the
 * analysis heap flags analyzes that many other corpus files, then the file the editor bench opens first (the
 * 2,614-line Playwright spec of the default corpus) three times, and reports each time.
 *
 * Usage: node out/bench/cold-start.js [--files 10000] [--seed 1] [--warm 0,10,40,100] [--repeat 1] [--json <file>]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCorpusDir, writeCorpus } from './corpus';
import { machineFacts, table } from './measure';
import { ANALYSIS_NODE_FLAGS } from '../server/src/shared/heap';
import { analyze, configFrom } from '../server/src/analyzer';

interface ChildTimes {
  warmFiles: number;
  warmKB: number;
  warmMs: number;
  firstFile: string;
  runsMs: number[];
}

/** The file the editor bench opens first: the same pick as `first-diagnostics.ts` (the first of 16 spread picks). */
function firstOpen(files: string[]): string {
  const sorted = [...files].sort();
  return sorted[Math.floor((0.5 * sorted.length) / 16)];
}

/** In the fresh process: warm up on `warm` other files, then time the first open's file (loading is not timed). */
function child(dir: string, count: number, seed: number, warm: number): void {
  const { files } = writeCorpus(dir, { files: count, seed });
  const first = firstOpen(files);
  const text = fs.readFileSync(first, 'utf8');
  const config = configFrom();
  let bytes = 0;
  const started = performance.now();
  let analyzed = 0;
  for (let i = 0; analyzed < warm; i++) {
    const f = files[(i * 997) % files.length];
    if (f === first) continue;
    const t = fs.readFileSync(f, 'utf8');
    bytes += t.length;
    analyze(path.relative(dir, f), t, config);
    analyzed++;
  }
  const warmMs = performance.now() - started;
  const runsMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    analyze(path.relative(dir, first), text, config);
    runsMs.push(performance.now() - t0);
  }
  const out: ChildTimes = { warmFiles: warm, warmKB: Math.round(bytes / 1024), warmMs, firstFile: path.relative(dir, first), runsMs };
  process.stdout.write(JSON.stringify(out));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      seed: { type: 'string' },
      warm: { type: 'string' },
      repeat: { type: 'string' },
      json: { type: 'string' },
      child: { type: 'string' },
    },
  });
  const count = Number(values.files ?? 10_000);
  const seed = Number(values.seed ?? 1);
  const dir = defaultCorpusDir(seed, count);
  if (values.child !== undefined) return child(dir, count, seed, Number(values.child));
  const warmCounts = (values.warm ?? '0,10,40,100').split(',').filter(Boolean).map(Number);
  const repeat = Number(values.repeat ?? 1);
  if (warmCounts.some((n) => !Number.isInteger(n) || n < 0)) throw new Error('--warm: a comma-separated list of file counts');
  const corpus = writeCorpus(dir, { files: count, seed });
  const facts = machineFacts();
  console.log(`Test Layers cold start — ${facts.cpu}, ${facts.cores} cores, Node ${facts.node}; load average at start: ${facts.loadAverage}`);
  console.log(`corpus: ${corpus.files.length} files in ${corpus.dir}; each row is a fresh process (${ANALYSIS_NODE_FLAGS.join(' ')})`);
  const rows: ChildTimes[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const warm of warmCounts) {
      const args = [...ANALYSIS_NODE_FLAGS, __filename, '--child', String(warm), '--files', String(count), '--seed', String(seed)];
      const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
      rows.push(JSON.parse(out) as ChildTimes);
    }
  }
  console.log(`first analysis of ${rows[0]?.firstFile} (${fs.readFileSync(path.join(dir, rows[0]?.firstFile ?? ''), 'utf8').split('\n').length} lines) after a warm-up on other files\n`);
  console.log(table(
    ['warm-up files', 'warm-up KB', 'warm-up ms', '1st analysis ms', '2nd ms', '3rd ms'],
    rows.map((r) => [r.warmFiles, r.warmKB, Math.round(r.warmMs), r.runsMs[0].toFixed(1), r.runsMs[1].toFixed(1), r.runsMs[2].toFixed(1)]),
  ));
  if (values.json) fs.writeFileSync(values.json, JSON.stringify({ facts, corpus: { dir, files: corpus.files.length }, rows }, null, 2));
}

main();
