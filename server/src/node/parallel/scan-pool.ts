/**
 * Worker threads for the language server's workspace scan. The CLI's `analyzeFilesInOrder` blocks its thread on
 * `Atomics.wait`; here everything is asynchronous, so the server's main thread stays free to answer the editor and
 * to analyze the documents it opens while the workers go through the workspace. The workers run the CLI's own
 * worker entry (`scan-worker.js`), so a file is analyzed the same way by both.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Config } from '../../core/config';
import type { FileReport } from '../../core/types';
import { defaultWorkerScript, type ScanRequest, type ScanResponse, type ScanWorkerData } from '../parallel';
import { ANALYSIS_YOUNG_GENERATION_MB } from '../../shared/heap';

/** Files queued per worker, so a worker never waits for the main thread between two files. */
export const IN_FLIGHT_PER_WORKER = 4;
/** A worker that has not answered within this long is treated as stuck; its files come back as failures. */
const STUCK_AFTER_MS = 120_000;
/** Nice value of the scan threads (Linux): the editor's own work and open documents come first. */
const WORKER_NICE = 10;
/**
 * Old-generation heap of a scan thread. Without a limit V8 sizes it from the machine's memory and collects lazily,
 * so each worker's RSS kept growing with the files scanned (garbage, not live data); with it, it stays bounded.
 * A file that needs more ends that worker: the file is analyzed in the main thread and a new worker takes over.
 */
const WORKER_OLD_GENERATION_MB = 384;
/** Workers that die (out of memory, a crash) are replaced this many times per scan. */
const MAX_REPLACEMENTS = 4;

/**
 * Worker threads for a server scan: `TEST_LAYERS_SCAN_WORKERS` (0 = scan in the main thread), else one per core
 * but one — the remaining core keeps the editor and the open documents responsive — at least 1 and at most 2:
 * each worker holds its own TypeScript and heap (≈ 150–250 MB), too much to multiply in an editor's background.
 */
export function serverScanWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const configured = env.TEST_LAYERS_SCAN_WORKERS;
  if (configured !== undefined && configured.trim() !== '') {
    const n = Number(configured);
    if (Number.isInteger(n) && n >= 0) return Math.min(n, 32);
  }
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(2, cores - 1));
}

// Evaluated as the worker's entry: lowers the thread's priority where the OS lets a thread do that (Linux:
// setpriority on the thread id), then loads the scan worker, which serves requests.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0 && workerData.nice) require('node:os').setPriority(tid, workerData.nice);
} catch {}
require(workerData.script);
`;

interface PoolWorker {
  worker: Worker;
  results: MessagePort;
  pending: Map<number, { file: string; sent: number; resolve: (r: FileReport) => void; reject: (e: Error) => void }>;
  dead: boolean;
}

export interface ScanPoolOptions {
  workers: number;
  /** Folder the config's globs are relative to. */
  root: string;
  config: Config;
  workerScript?: string;
  /** Nice value for the worker threads; 0 keeps the default priority. */
  nice?: number;
}

export class ScanPool {
  private readonly pool: PoolWorker[] = [];
  private readonly slotWaiters: (() => void)[] = [];
  private readonly stuckTimer: NodeJS.Timeout;
  private seq = 0;
  private closed = false;

  /** Undefined when no worker can be started (no worker bundle next to the server); scan in-process then. */
  static start(options: ScanPoolOptions): ScanPool | undefined {
    const script = options.workerScript ?? defaultWorkerScript();
    if (options.workers < 1 || !fs.existsSync(script)) return undefined;
    try {
      return new ScanPool(options, script);
    } catch {
      return undefined;
    }
  }

  private replacements = 0;

  private constructor(private readonly options: ScanPoolOptions, private readonly script: string) {
    for (let w = 0; w < options.workers; w++) this.pool.push(this.spawn());
    this.stuckTimer = setInterval(() => {
      const now = Date.now();
      for (const p of this.pool) {
        if (!p.dead && [...p.pending.values()].some((j) => now - j.sent > STUCK_AFTER_MS)) this.bury(p, new Error('scan worker stopped answering'));
      }
    }, 5000);
    this.stuckTimer.unref();
  }

  private spawn(): PoolWorker {
    const channel = new MessageChannel();
    const data: ScanWorkerData & { script: string; nice: number } = {
      kind: 'test-layers-scan',
      root: this.options.root,
      config: this.options.config,
      fix: false,
      results: channel.port2,
      // The CLI's main thread sleeps on this; the pool listens on the port instead.
      signal: new Int32Array(new SharedArrayBuffer(4)),
      script: this.script,
      nice: this.options.nice ?? WORKER_NICE,
    };
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: data,
      transferList: [channel.port2],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB, maxYoungGenerationSizeMb: ANALYSIS_YOUNG_GENERATION_MB },
    });
    const entry: PoolWorker = { worker, results: channel.port1, pending: new Map(), dead: false };
    channel.port1.on('message', (response: ScanResponse) => {
      const job = entry.pending.get(response.seq);
      if (!job) return;
      entry.pending.delete(response.seq);
      if ('report' in response) job.resolve(response.report);
      else job.reject(new Error(response.error));
      this.slotFreed();
    });
    worker.on('error', (e) => this.bury(entry, e));
    worker.on('exit', (code) => this.bury(entry, new Error(`scan worker exited with ${code}`)));
    // An idle scan thread must never keep the server alive.
    worker.unref();
    channel.port1.unref();
    return entry;
  }

  /** False once every worker has died: the caller finishes the scan in-process. */
  get alive(): boolean {
    return !this.closed && this.pool.some((p) => !p.dead);
  }

  get inFlight(): number {
    let n = 0;
    for (const p of this.pool) n += p.pending.size;
    return n;
  }

  get capacity(): number {
    return this.pool.filter((p) => !p.dead).length * IN_FLIGHT_PER_WORKER;
  }

  /** Resolves when another file can be sent without queueing more than IN_FLIGHT_PER_WORKER per worker. */
  whenSlotFree(): Promise<void> {
    if (!this.alive || this.inFlight < this.capacity) return Promise.resolve();
    return new Promise((resolve) => this.slotWaiters.push(resolve));
  }

  /** Analyzes one file on disk in the least busy worker; rejects when the worker fails on it or dies. */
  analyze(file: string): Promise<FileReport> {
    const alive = this.pool.filter((p) => !p.dead);
    if (this.closed || alive.length === 0) return Promise.reject(new Error('no scan worker left'));
    const target = alive.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      target.pending.set(seq, { file, sent: Date.now(), resolve, reject });
      target.worker.postMessage({ seq, file } satisfies ScanRequest);
    });
  }

  /** Stops every worker; files still in flight are rejected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.stuckTimer);
    for (const p of this.pool) this.bury(p, new Error('scan cancelled'));
  }

  private bury(p: PoolWorker, why: Error): void {
    if (!p.dead) {
      p.dead = true;
      p.results.close();
      void p.worker.terminate();
      // A worker that died on its own is replaced (a few times), so one bad file does not shrink the pool.
      if (!this.closed && this.replacements < MAX_REPLACEMENTS) {
        this.replacements++;
        try {
          this.pool[this.pool.indexOf(p)] = this.spawn();
        } catch {
          // No new thread: the others go on, or the caller finishes in-process.
        }
      }
    }
    const jobs = [...p.pending.values()];
    p.pending.clear();
    for (const job of jobs) job.reject(why);
    this.slotFreed();
  }

  private slotFreed(): void {
    for (const resolve of this.slotWaiters.splice(0)) resolve();
  }
}
