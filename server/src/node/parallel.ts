/**
 * Analyzes a stream of files across worker threads and hands the reports back in input order, synchronously:
 * the caller iterates a generator, so the CLI stays a plain loop that writes each file's output as soon as it and
 * every file before it are done. At most `jobs × IN_FLIGHT_PER_WORKER` files are in flight or waiting to be yielded,
 * so memory does not grow with the workspace. Workers block nothing: results come back over a MessagePort per
 * worker, read with `receiveMessageOnPort`, and the main thread sleeps on `Atomics.wait` until one arrives.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Config } from '../core/config';
import type { FileReport } from '../core/types';
import { ANALYSIS_YOUNG_GENERATION_MB } from '../shared/heap';

/** Files analyzed in the main thread before workers start: small runs never pay the workers' start-up. */
export const IN_PROCESS_FIRST = 24;
const IN_FLIGHT_PER_WORKER = 4;
/** A worker that has not answered within this long is treated as stuck and its files are analyzed in-process. */
const STUCK_AFTER_MS = 120_000;

export interface ScanWorkerData {
  kind: 'test-layers-scan';
  root: string;
  config: Config;
  fix: boolean;
  results: MessagePort;
  signal: Int32Array;
}

export interface ScanRequest {
  seq: number;
  file: string;
}

export type ScanResponse = { seq: number; report: FileReport } | { seq: number; error: string };

export interface ParallelOptions {
  /** Number of worker threads; 1 (or less) analyzes everything in-process. */
  jobs: number;
  root: string;
  config: Config;
  fix: boolean;
  /** The same analysis in the calling thread: used for the first files, with `jobs` 1, and as the fallback. */
  analyzeInProcess: (file: string) => FileReport;
  /** Worker entry; defaults to `scan-worker.js` next to this module (dist/ when bundled, out/ when compiled). */
  workerScript?: string;
  /** Files to analyze in-process before starting workers (default IN_PROCESS_FIRST). */
  inProcessFirst?: number;
}

/** Default `--jobs`: the cores this process may use. */
export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export function defaultWorkerScript(): string {
  return path.join(__dirname, 'scan-worker.js');
}

interface PoolWorker {
  worker: Worker;
  results: MessagePort;
  /** Sequence numbers sent to this worker and not yet answered, with the time they were sent. */
  pending: Map<number, { file: string; sent: number }>;
  dead: boolean;
}

/** Yields `[file, report]` for every file, in input order. */
export function* analyzeFilesInOrder(files: Iterable<string>, options: ParallelOptions): Generator<[string, FileReport]> {
  const iterator = files[Symbol.iterator]();
  const inProcessFirst = options.inProcessFirst ?? IN_PROCESS_FIRST;
  const script = options.workerScript ?? defaultWorkerScript();
  const parallel = options.jobs > 1 && fs.existsSync(script);
  // Small runs, `--jobs 1`, and a missing worker bundle: plain in-process loop.
  for (let i = 0; !parallel || i < inProcessFirst; i++) {
    const next = iterator.next();
    if (next.done) return;
    yield [next.value, options.analyzeInProcess(next.value)];
  }

  const signal = new Int32Array(new SharedArrayBuffer(4));
  const pool: PoolWorker[] = [];
  for (let w = 0; w < options.jobs; w++) {
    const channel = new MessageChannel();
    const data: ScanWorkerData = { kind: 'test-layers-scan', root: options.root, config: options.config, fix: options.fix, results: channel.port2, signal };
    const worker = new Worker(script, { workerData: data, transferList: [channel.port2], resourceLimits: { maxYoungGenerationSizeMb: ANALYSIS_YOUNG_GENERATION_MB } });
    // Never keep the process alive for an idle worker; errors surface as a dead worker (threadId -1).
    worker.unref();
    worker.on('error', () => undefined);
    pool.push({ worker, results: channel.port1, pending: new Map(), dead: false });
  }

  const fileOf = new Map<number, string>();
  const done = new Map<number, FileReport>();
  let nextToSend = 0;
  let nextToYield = 0;
  let exhausted = false;
  const inFlight = () => nextToSend - nextToYield;

  const send = (): boolean => {
    if (exhausted) return false;
    const alive = pool.filter((p) => !p.dead);
    if (alive.length === 0) return false;
    const target = alive.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    if (target.pending.size >= IN_FLIGHT_PER_WORKER) return false;
    const next = iterator.next();
    if (next.done) {
      exhausted = true;
      return false;
    }
    const seq = nextToSend++;
    fileOf.set(seq, next.value);
    target.pending.set(seq, { file: next.value, sent: Date.now() });
    target.worker.postMessage({ seq, file: next.value } satisfies ScanRequest);
    return true;
  };

  const drain = (): boolean => {
    let got = false;
    for (const p of pool) {
      for (let m = receiveMessageOnPort(p.results); m; m = receiveMessageOnPort(p.results)) {
        const response = m.message as ScanResponse;
        const entry = p.pending.get(response.seq);
        p.pending.delete(response.seq);
        const file = entry?.file ?? fileOf.get(response.seq)!;
        done.set(response.seq, 'report' in response ? response.report : options.analyzeInProcess(file));
        got = true;
      }
    }
    return got;
  };

  /** Files of a dead or stuck worker are analyzed here, so the run always finishes. */
  const rescue = () => {
    const now = Date.now();
    for (const p of pool) {
      const stuck = [...p.pending.values()].some((e) => now - e.sent > STUCK_AFTER_MS);
      if (!p.dead && p.worker.threadId !== -1 && !stuck) continue;
      if (!p.dead) {
        p.dead = true;
        void p.worker.terminate();
      }
      drain();
      for (const [seq, entry] of p.pending) done.set(seq, options.analyzeInProcess(entry.file));
      p.pending.clear();
    }
  };

  try {
    for (;;) {
      while (inFlight() < options.jobs * IN_FLIGHT_PER_WORKER && send()) {
        // keep every worker busy
      }
      if (pool.every((p) => p.dead)) {
        // Every worker is gone: finish in-process.
        rescue();
        while (done.has(nextToYield)) {
          yield [fileOf.get(nextToYield)!, done.get(nextToYield)!];
          fileOf.delete(nextToYield);
          done.delete(nextToYield);
          nextToYield++;
        }
        for (let next = iterator.next(); !next.done; next = iterator.next()) yield [next.value, options.analyzeInProcess(next.value)];
        return;
      }
      drain();
      if (done.has(nextToYield)) {
        const report = done.get(nextToYield)!;
        const file = fileOf.get(nextToYield)!;
        done.delete(nextToYield);
        fileOf.delete(nextToYield);
        nextToYield++;
        yield [file, report];
        continue;
      }
      if (exhausted && inFlight() === 0) return;
      const seen = Atomics.load(signal, 0);
      if (!drain()) {
        Atomics.wait(signal, 0, seen, 200);
        rescue();
      }
    }
  } finally {
    for (const p of pool) {
      p.results.close();
      void p.worker.terminate();
    }
  }
}
