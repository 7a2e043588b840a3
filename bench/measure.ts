/** Measurement helpers shared by `npm run bench` and `npm run bench:peers`. */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { scriptKindFor } from '../server/src/core/parse';
import { ANALYSIS_NODE_FLAGS } from '../server/src/shared/heap';

let walkedNodes = 0;
const countAndDescend = (node: ts.Node): void => {
  walkedNodes++;
  ts.forEachChild(node, countAndDescend);
};

/** The floor: what any AST-based tool pays — TypeScript's parse (no parent pointers) plus one full `forEachChild` walk. */
export function parseAndWalk(file: string, text: string): number {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKindFor(file));
  walkedNodes = 0;
  countAndDescend(sf);
  return walkedNodes;
}

/** Parse only, for reference. */
export function parseOnly(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKindFor(file));
}

/**
 * CPU time of the calling thread so far, in ms, from Linux's `/proc/thread-self/schedstat` (nanoseconds the thread ran);
 * undefined elsewhere. Unlike `process.cpuUsage()` it leaves out V8's background threads (concurrent marking,
 * optimising compilation), whose work lands on whichever side happens to be running, and unlike wall time it leaves
 * out time the VM was descheduled: the steadiest figure for comparing two sides of one run.
 */
export function threadCpuMs(): number | undefined {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** Machine and runtime facts printed with every benchmark. */
export function machineFacts(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: +(os.totalmem() / 1024 ** 3).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    typescript: ts.version,
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    nodeFlags: process.execArgv.join(' ') || '(none)',
  };
}

export const mb = (bytes: number) => +(bytes / 1048576).toFixed(1);

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Result line a child measurement process prints on stdout (last line, JSON). */
export interface ChildResult {
  tool: string;
  files: number;
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
  /** Peak RSS so far after each checkpoint's number of files. */
  checkpoints: { files: number; maxRssMB: number }[];
  errors: number;
  extra?: Record<string, unknown>;
}

/**
 * Runs this script again under the analysis heap settings when it was started without them (returns true: the
 * caller exits with `process.exitCode`), so in-process measurements see the heap the CLI and server threads have.
 */
export function relaunchWithAnalysisHeap(script: string): boolean {
  if (process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return false;
  const r = spawnSync(process.execPath, [...ANALYSIS_NODE_FLAGS, ...process.execArgv, script, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
  return true;
}

/** Runs a node script as a child measurement process and parses its last stdout line. */
export function runChild(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // Every tool runs with the heap settings Test Layers gives its analysis threads, so none is favoured.
    const child = spawn(process.execPath, [...ANALYSIS_NODE_FLAGS, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(last) as ChildResult);
      } catch (e) {
        reject(new Error(`${path.basename(script)} ${args.join(' ')} failed (${(e as Error).message}): ${out.slice(-2000)}`));
      }
    });
  });
}

/** Reads the corpus file list written by `writeCorpus` (paths relative to its folder). */
export function corpusList(dir: string): string[] {
  return (JSON.parse(fs.readFileSync(path.join(dir, '.corpus.json'), 'utf8')) as { files: string[] }).files;
}

/** Fixed-width table for the terminal. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
