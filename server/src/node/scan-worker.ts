/**
 * Worker-thread entry of the parallel scan (bundled to dist/scan-worker.js). Receives `{ seq, file }`, analyzes the
 * file exactly as the CLI does in-process (`analyzePath`), answers on its result port and wakes the main thread.
 */
import * as fs from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze } from '../analyzer';
import type { Config } from '../core/config';
import { applyFixes } from '../core/fixes';
import type { HelperIndex } from '../core/helper-summaries';
import type { FileReport } from '../core/types';
import { readSource } from './read-source';
import { relativeForGlobs } from './scan';
import { createNodeHelperIndex, toHostPath } from './workspace-host';
import type { ScanRequest, ScanResponse, ScanWorkerData } from './parallel';

/** Reads and analyzes one file on disk (applying safe fixes with `fix`); never throws for a file problem. */
export function analyzePath(file: string, root: string, config: Config, fix: boolean, helpers: HelperIndex): FileReport {
  const globPath = relativeForGlobs(root, file);
  const read = readSource(file, config.maxFileSize);
  if ('error' in read) return emptyReport(globPath, read.error);
  const workspace = { index: helpers, fileName: toHostPath(file) };
  let report = analyze(globPath, read.text, config, { workspace });
  if (fix) {
    const fixed = applyFixes(read.text, report.findings, true);
    if (fixed.applied > 0) {
      try {
        fs.writeFileSync(file, fixed.text);
        report = analyze(globPath, fixed.text, config, { workspace });
      } catch (e) {
        report.errors.push({ kind: 'unreadable', message: `could not write fixes: ${(e as Error).message}` });
      }
    }
  }
  return report;
}

export function emptyReport(p: string, error: FileReport['errors'][number]): FileReport {
  return { path: p, framework: 'unknown', declaredLayer: null, tests: [], suites: [], findings: [], errors: [error], durationMs: 0 };
}

/** One helper index per thread: each helper module is summarized once per worker. */
export function newHelperIndex(): HelperIndex {
  return createNodeHelperIndex({ cacheStat: true }).index;
}

function serve(data: ScanWorkerData) {
  const helpers = newHelperIndex();
  parentPort!.on('message', (request: ScanRequest) => {
    let response: ScanResponse;
    try {
      response = { seq: request.seq, report: analyzePath(request.file, data.root, data.config, data.fix, helpers) };
    } catch (e) {
      response = { seq: request.seq, error: e instanceof Error ? e.message : String(e) };
    }
    try {
      data.results.postMessage(response);
    } catch (e) {
      // A report that cannot be cloned must still answer, or the main thread would wait for it.
      data.results.postMessage({ seq: request.seq, error: (e as Error).message } satisfies ScanResponse);
    }
    Atomics.add(data.signal, 0, 1);
    Atomics.notify(data.signal, 0);
  });
}

if (!isMainThread && (workerData as ScanWorkerData | undefined)?.kind === 'test-layers-scan') serve(workerData as ScanWorkerData);
