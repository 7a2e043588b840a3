/**
 * `npm run bench:lsp`: the language server (dist/server.js through `bin/test-layers-lsp.js --stdio`) as an editor
 * sees it while it scans a large workspace.
 *
 * 1. Latency: the server is initialized with the generated corpus as its workspace folder. Once the scan's
 *    work-done progress has begun and reported files, test files are opened one after another (a pause between
 *    them) and the time from `didOpen` to the `publishDiagnostics` of that version is measured. The same files are
 *    then opened in a server whose workspace is empty (no scan) as the baseline.
 * 2. Throughput: for each worker count (`TEST_LAYERS_SCAN_WORKERS`), a fresh server scans the corpus; files/s from
 *    the progress `begin` to its `end`, the server's CPU time (all threads) and peak RSS.
 *
 * Usage: node out/bench/first-diagnostics.js [--files 10000] [--seed 1] [--corpus <dir>] [--opens 8]
 *          [--pause-ms 500] [--workers 1,2] [--latency-workers <n>] [--scan-limit-s <s>] [--json <file>]
 *   --workers ''          skips the throughput runs; --opens 0 skips the latency run.
 *   --scan-limit-s <s>    stops each throughput run after s seconds and reports files/s so far.
 *   BENCH_LSP_NODE_ARGS   node options for the server process (profiling).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createMessageConnection, ProgressType, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { defaultCorpusDir, writeCorpus } from './corpus';
import { machineFacts, median, table } from './measure';

const REPO = path.resolve(__dirname, '../..');
const SERVER_BIN = path.join(REPO, 'bin/test-layers-lsp.js');

interface Progress {
  kind: 'begin' | 'report' | 'end';
  message?: string;
}

/** A minimal LSP client with the capabilities VS Code announces for what the server uses. */
class Session {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  readonly logs: string[] = [];
  scanBegan?: number;
  scanEnded?: number;
  /** Files done, from the latest progress report ("N files · name"). */
  scanFilesDone = 0;
  private readonly published = new Map<string, { version?: number; at: number; count: number }>();
  /** The analysis time the server reports in its status notification, per URI (the rest of the latency is waiting). */
  readonly analysisMs = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  constructor(readonly root: string, env: NodeJS.ProcessEnv) {
    // BENCH_LSP_NODE_ARGS: extra node options for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = (process.env.BENCH_LSP_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.proc = spawn(process.execPath, [...nodeArgs, SERVER_BIN, '--stdio'], { cwd: root, env: { ...process.env, ...env } });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
    this.proc.stderr.resume();
    this.connection = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
      this.published.set(p.uri, { version: p.version, at: performance.now(), count: p.diagnostics.length });
      this.emit();
    });
    c.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.emit();
    });
    c.onNotification('testLayers/status', (p: { uri: string; durationMs?: number }) => {
      if (p.durationMs !== undefined) this.analysisMs.set(p.uri, p.durationMs);
    });
    c.onNotification(() => undefined);
    c.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'testLayers' ? {} : null)));
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('workspace/codeLens/refresh', () => null);
    c.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      c.onProgress(new ProgressType<Progress>(), p.token, (value) => {
        const now = performance.now();
        if (value.kind === 'begin') this.scanBegan ??= now;
        if (value.kind === 'report') {
          const n = /^(\d+) files/.exec(value.message ?? '');
          if (n) this.scanFilesDone = Number(n[1]);
        }
        if (value.kind === 'end') this.scanEnded ??= now;
        this.emit();
      });
      return null;
    });
    c.listen();
  }

  async initialize(): Promise<void> {
    const uri = pathToFileURL(this.root).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(this.root) }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          codeLens: { refreshSupport: true },
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
    });
    this.connection.sendNotification('initialized', {});
  }

  private emit(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves with the first truthy value of `probe`, re-checked on every message from the server. */
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value) {
          done();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; server log:\n${this.logs.slice(-10).join('\n')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** didOpen → publishDiagnostics of that version, in ms. */
  async timeToDiagnostics(file: string): Promise<{ ms: number; diagnostics: number; analysisMs?: number }> {
    const uri = pathToFileURL(file).href;
    const text = fs.readFileSync(file, 'utf8');
    const languageId = /\.[cm]?tsx?$/.test(file) ? (file.endsWith('x') ? 'typescriptreact' : 'typescript') : file.endsWith('x') ? 'javascriptreact' : 'javascript';
    const sent = performance.now();
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const hit = await this.waitFor(() => {
      const p = this.published.get(uri);
      return p && p.version === 1 && p.at >= sent ? p : undefined;
    }, `diagnostics for ${path.basename(file)}`, 60_000);
    // The status notification is sent right after the diagnostics; wait for it briefly.
    await this.waitFor(() => this.analysisMs.has(uri), 'the status notification', 5000).catch(() => undefined);
    return { ms: hit.at - sent, diagnostics: hit.count, analysisMs: this.analysisMs.get(uri) };
  }

  /** CPU ms of the server process (all threads) and of its main thread, and its peak RSS MB, from /proc (Linux). */
  resources(): { cpuMs?: number; mainThreadCpuMs?: number; peakRssMB?: number } {
    const cpuOf = (statFile: string) => {
      const stat = fs.readFileSync(statFile, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    };
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      return {
        cpuMs: cpuOf(`/proc/${this.proc.pid}/stat`),
        mainThreadCpuMs: cpuOf(`/proc/${this.proc.pid}/task/${this.proc.pid}/stat`),
        peakRssMB: hwm ? +(Number(hwm[1]) / 1024).toFixed(0) : undefined,
      };
    } catch {
      return {};
    }
  }

  async stop(): Promise<void> {
    const kill = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), this.exited]);
      this.connection.sendNotification('exit');
    } catch {
      // Already gone.
    }
    await this.exited;
    clearTimeout(kill);
    this.connection.dispose();
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The files to open: spread over the corpus in its listing order, so some are scanned before and some after. */
function pickFiles(files: string[], n: number): string[] {
  if (n <= 0) return [];
  const sorted = [...files].sort();
  return Array.from({ length: n }, (_, i) => sorted[Math.floor(((i + 0.5) * sorted.length) / n)]);
}

interface OpenResult {
  file: string;
  ms: number;
  analysisMs?: number;
  diagnostics: number;
  scanFilesDoneAtOpen: number;
  scanRunningAtAnswer: boolean;
}

async function latencyUnderScan(corpus: string, files: string[], pauseMs: number, env: NodeJS.ProcessEnv): Promise<OpenResult[]> {
  const session = new Session(corpus, env);
  try {
    await session.initialize();
    await session.waitFor(() => session.scanBegan !== undefined, 'the workspace scan to begin', 120_000);
    await session.waitFor(() => session.scanFilesDone > 0, 'the first scan progress report', 120_000);
    const out: OpenResult[] = [];
    for (const file of files) {
      const at = session.scanFilesDone;
      const { ms, diagnostics, analysisMs } = await session.timeToDiagnostics(file);
      out.push({ file: path.relative(corpus, file), ms, analysisMs, diagnostics, scanFilesDoneAtOpen: at, scanRunningAtAnswer: session.scanEnded === undefined });
      await pause(pauseMs);
    }
    return out;
  } finally {
    await session.stop();
  }
}

async function latencyIdle(files: string[], pauseMs: number): Promise<{ ms: number; analysisMs?: number }[]> {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-bench-lsp-'));
  const session = new Session(empty, {});
  try {
    await session.initialize();
    await session.waitFor(() => session.scanEnded !== undefined, 'the (empty) scan to end', 60_000);
    const out: { ms: number; analysisMs?: number }[] = [];
    for (const file of files) {
      out.push(await session.timeToDiagnostics(file));
      await pause(pauseMs);
    }
    return out;
  } finally {
    await session.stop();
    fs.rmSync(empty, { recursive: true, force: true });
  }
}

interface ThroughputResult {
  workers: number;
  files: number;
  seconds: number;
  filesPerSecond: number;
  cpuSeconds?: number;
  mainThreadCpuSeconds?: number;
  peakRssMB?: number;
  complete: boolean;
}

async function throughput(corpus: string, workers: number, limitS: number | undefined): Promise<ThroughputResult> {
  const session = new Session(corpus, { TEST_LAYERS_SCAN_WORKERS: String(workers) });
  try {
    await session.initialize();
    await session.waitFor(() => session.scanBegan !== undefined, 'the workspace scan to begin', 120_000);
    const began = session.scanBegan!;
    const start = session.resources();
    const limitMs = limitS === undefined ? 3_600_000 : limitS * 1000;
    await session.waitFor(() => session.scanEnded !== undefined, 'the end of the scan', limitMs).catch((e) => {
      if (limitS === undefined) throw e;
    });
    const complete = session.scanEnded !== undefined;
    const end = session.scanEnded ?? performance.now();
    const resources = session.resources();
    // The server's own summary line has the exact count of a finished scan.
    const summary = session.logs.map((l) => /workspace scan: (\d+) test files in (\d+) ms/.exec(l)).find(Boolean);
    const files = complete && summary ? Number(summary[1]) : session.scanFilesDone;
    const seconds = (end - began) / 1000;
    return {
      workers,
      files,
      seconds: +seconds.toFixed(1),
      filesPerSecond: +(files / seconds).toFixed(1),
      cpuSeconds: resources.cpuMs === undefined ? undefined : +((resources.cpuMs - (start.cpuMs ?? 0)) / 1000).toFixed(1),
      mainThreadCpuSeconds: resources.mainThreadCpuMs === undefined ? undefined : +((resources.mainThreadCpuMs - (start.mainThreadCpuMs ?? 0)) / 1000).toFixed(1),
      peakRssMB: resources.peakRssMB,
      complete,
    };
  } finally {
    await session.stop();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      seed: { type: 'string' },
      corpus: { type: 'string' },
      opens: { type: 'string' },
      'pause-ms': { type: 'string' },
      workers: { type: 'string' },
      'latency-workers': { type: 'string' },
      'scan-limit-s': { type: 'string' },
      json: { type: 'string' },
    },
  });
  const count = Number(values.files ?? 10_000);
  const seed = Number(values.seed ?? 1);
  const opens = Number(values.opens ?? 8);
  const pauseMs = Number(values['pause-ms'] ?? 500);
  const workerCounts = (values.workers ?? '1,2').split(',').filter(Boolean).map(Number);
  const limitS = values['scan-limit-s'] === undefined ? undefined : Number(values['scan-limit-s']);
  if (!fs.existsSync(path.join(REPO, 'dist/server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first');

  const dir = path.resolve(values.corpus ?? defaultCorpusDir(seed, count));
  const facts = machineFacts();
  console.log(`Test Layers bench:lsp — ${facts.cpu}, ${facts.cores} cores, ${facts.memoryGB} GB, Node ${facts.node}`);
  console.log(`load average at start: ${facts.loadAverage}`);
  const corpus = writeCorpus(dir, { files: count, seed });
  console.log(`corpus: ${corpus.files.length} files in ${corpus.dir}`);

  const result: Record<string, unknown> = { facts, corpus: { dir: corpus.dir, files: corpus.files.length } };
  if (opens > 0) {
    const picked = pickFiles(corpus.files, opens);
    const latencyEnv: NodeJS.ProcessEnv = values['latency-workers'] === undefined ? {} : { TEST_LAYERS_SCAN_WORKERS: values['latency-workers'] };
    const underScan = await latencyUnderScan(corpus.dir, picked, pauseMs, latencyEnv);
    const idle = await latencyIdle(picked, pauseMs);
    console.log(`\nFirst diagnostics after didOpen while the ${corpus.files.length}-file scan runs (workers: ${values['latency-workers'] ?? 'server default'})`);
    const lines = (f: string) => fs.readFileSync(path.join(corpus.dir, f), 'utf8').split('\n').length;
    const fmt = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(1));
    console.log(
      table(
        ['file', 'lines', 'under scan ms', '(analysis ms)', 'idle server ms', '(analysis ms)', 'diagnostics', 'scan files done at open', 'scan running'],
        underScan.map((r, i) => [r.file, lines(r.file), fmt(r.ms), fmt(r.analysisMs), fmt(idle[i].ms), fmt(idle[i].analysisMs), r.diagnostics, r.scanFilesDoneAtOpen, r.scanRunningAtAnswer ? 'yes' : 'NO']),
      ),
    );
    // The first open of a session pays the analyzer's cold start (module loading, first compilation) under a
    // scan or not; the rest show what the scan adds.
    const ms = underScan.map((r) => r.ms);
    const idleMs = idle.map((r) => r.ms);
    const round = (x: number) => +x.toFixed(1);
    const summary = {
      medianMs: round(median(ms)),
      maxMs: round(Math.max(...ms)),
      firstMs: round(ms[0]),
      warmMedianMs: ms.length > 1 ? round(median(ms.slice(1))) : undefined,
      warmMaxMs: ms.length > 1 ? round(Math.max(...ms.slice(1))) : undefined,
      idleMedianMs: round(median(idleMs)),
      idleMaxMs: round(Math.max(...idleMs)),
      idleFirstMs: round(idleMs[0]),
      idleWarmMedianMs: idleMs.length > 1 ? round(median(idleMs.slice(1))) : undefined,
      idleWarmMaxMs: idleMs.length > 1 ? round(Math.max(...idleMs.slice(1))) : undefined,
    };
    console.log(`under scan: median ${summary.medianMs} ms, max ${summary.maxMs} ms (target ≤ 150 ms: ${summary.maxMs <= 150 ? 'met' : 'NOT met'}); first open ${summary.firstMs} ms, later opens median ${summary.warmMedianMs} ms, max ${summary.warmMaxMs} ms`);
    console.log(`idle server: median ${summary.idleMedianMs} ms, max ${summary.idleMaxMs} ms; first open ${summary.idleFirstMs} ms, later opens median ${summary.idleWarmMedianMs} ms, max ${summary.idleWarmMaxMs} ms`);
    // What the scan can add is the wait before the document's own analysis starts (and CPU it takes meanwhile).
    const waits = underScan.filter((r) => r.analysisMs !== undefined).map((r) => r.ms - r.analysisMs!);
    if (waits.length > 0) console.log(`under scan, latency minus the server's analysis time: median ${median(waits).toFixed(1)} ms, max ${Math.max(...waits).toFixed(1)} ms`);
    if (underScan.some((r) => !r.scanRunningAtAnswer)) console.log('warning: the scan ended before every file was opened; those rows were not measured under the scan');
    result.latency = { underScan, idle, ...summary, pauseMs };
  }
  if (workerCounts.length > 0) {
    const rows: ThroughputResult[] = [];
    for (const w of workerCounts) {
      rows.push(await throughput(corpus.dir, w, limitS));
      console.log(`scan with ${w} worker${w === 1 ? '' : 's'}: ${JSON.stringify(rows.at(-1))}`);
    }
    console.log(`\nWorkspace scan throughput (progress begin → end${limitS === undefined ? '' : `, at most ${limitS} s`})`);
    console.log(
      table(
        ['workers', 'files', 'seconds', 'files/s', 'server CPU s', 'main thread CPU s', 'peak RSS MB', 'complete'],
        rows.map((r) => [r.workers === 0 ? '0 (main thread)' : r.workers, r.files, r.seconds, r.filesPerSecond, r.cpuSeconds ?? '?', r.mainThreadCpuSeconds ?? '?', r.peakRssMB ?? '?', r.complete ? 'yes' : 'no']),
      ),
    );
    result.throughput = rows;
  }
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(result, null, 2));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
});
