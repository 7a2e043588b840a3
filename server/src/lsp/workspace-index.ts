import * as path from 'node:path';
import { analyze } from '../analyzer';
import type { Config } from '../core/config';
import type { FileReport } from '../core/types';
import { readSource } from '../node/read-source';
import { isExcluded, isIncluded, relativeForGlobs, scanFiles } from '../node/scan';
import { toJsonFile, type JsonFile } from '../report/json';
import { PyramidBuilder, type PyramidData } from '../report/pyramid';
import type { LayerName, TestsOfLayerRequest } from '../shared/protocol';
import type { HelperIndex } from '../core/helper-summaries';
import { toHostPath } from '../node/workspace-host';
import { ScanPool } from '../node/parallel/scan-pool';
import type { Folder } from './folders';
import { pathToUri } from './uris';

/** What the workspace report keeps of one file: counts and names, never the AST or the text. */
export interface IndexedFile {
  file: string;
  folder: string;
  json: JsonFile;
}

export interface ScanHooks {
  isCancelled(): boolean;
  /** Called now and then with the number of files done so far. */
  progress(done: number, current: string): void;
  /** Files open in the editor are analyzed from their buffer; the scan skips them. */
  isOpen(file: string): boolean;
  log(message: string): void;
  /** Worker threads to analyze files in; 0 (or no worker bundle) scans in the calling thread. */
  workers?: number;
  /**
   * While open documents wait for their analysis, this returns a promise that settles when they are done: a scan in
   * the calling thread lets them go first.
   */
  openWorkPending?(): Promise<void> | undefined;
}

/** Titles with `%s`, `$name` or `${expr}` are formatted by the runner (`.each` tables, template literals). */
export function isFormattedAtRunTime(title: string): boolean {
  return /%[sdifjopO#]|\$\{|\$[A-Za-z_]/.test(title);
}

/** Folders with at most this many files are scanned in the calling thread: starting workers would cost more. */
const WORKERS_AFTER_FILES = 24;
/** How often a scan reports progress. */
const PROGRESS_MS = 100;

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** Bumped whenever a file's entry is written or removed: a worker's report for an older state is dropped. */
  private readonly stamps = new Map<string, number>();
  private clock = 0;
  private multiRoot = false;

  /** `helpers` follows the local helper modules a test imports, shared with the analysis of open documents. */
  constructor(private readonly helpers?: HelperIndex) {}

  setMultiRoot(multiRoot: boolean): void {
    this.multiRoot = multiRoot;
  }

  displayPath(folder: Folder | undefined, file: string): string {
    if (!folder) return file.split(path.sep).join('/');
    const rel = relativeForGlobs(folder.root, file);
    return this.multiRoot ? `${folder.name}/${rel}` : rel;
  }

  /** True when the file belongs in the report under the folder's include/exclude globs. */
  static inScope(folder: Folder, config: Config, file: string): boolean {
    const rel = relativeForGlobs(folder.root, file);
    const options = { root: folder.root, include: config.include, exclude: config.exclude };
    if (rel.startsWith('/')) return false;
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) if (isExcluded(parts.slice(0, i).join('/'), options, true)) return false;
    return !isExcluded(rel, options) && isIncluded(rel, options);
  }

  update(folder: Folder | undefined, file: string, report: FileReport): void {
    this.files.set(file, { file, folder: folder?.uri ?? '', json: toJsonFile(report, this.displayPath(folder, file)) });
    this.touch(file);
  }

  remove(file: string): void {
    this.files.delete(file);
    this.touch(file);
  }

  private touch(file: string): void {
    this.stamps.set(file, ++this.clock);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  get(file: string): IndexedFile | undefined {
    return this.files.get(file);
  }

  clearFolder(folderUri: string): void {
    for (const [file, entry] of this.files) if (entry.folder === folderUri) this.files.delete(file);
  }

  /** Reads and analyzes one file from disk into the index. */
  analyzeFromDisk(folder: Folder, config: Config, file: string): void {
    const rel = relativeForGlobs(folder.root, file);
    const read = readSource(file, config.maxFileSize);
    if ('error' in read) {
      this.files.set(file, {
        file,
        folder: folder.uri,
        json: toJsonFile({ path: rel, framework: 'unknown', declaredLayer: null, tests: [], suites: [], findings: [], errors: [read.error], durationMs: 0 }, this.displayPath(folder, file)),
      });
      this.touch(file);
      return;
    }
    const workspace = this.helpers ? { index: this.helpers, fileName: toHostPath(file) } : undefined;
    this.update(folder, file, analyze(rel, read.text, config, { workspace }));
  }

  /**
   * Scans a folder; returns the files seen, or undefined when cancelled. Files go to worker threads when
   * `hooks.workers` allows and the folder has more than a few files; otherwise they are analyzed here, in slices.
   */
  async scanFolder(folder: Folder, config: Config, hooks: ScanHooks): Promise<number | undefined> {
    const iterator = scanFiles([folder.root], { root: folder.root, include: config.include, exclude: config.exclude })[Symbol.iterator]();
    const head: string[] = [];
    let next = iterator.next();
    for (; !next.done && head.length < WORKERS_AFTER_FILES; next = iterator.next()) head.push(next.value);
    const more = !next.done;
    const first = next;
    function* all(): Generator<string> {
      yield* head;
      if (!more) return;
      yield first.value as string;
      for (let n = iterator.next(); !n.done; n = iterator.next()) yield n.value;
    }
    const pool = more && (hooks.workers ?? 0) > 0 ? ScanPool.start({ workers: hooks.workers!, root: folder.root, config }) : undefined;
    const seen = new Set<string>();
    try {
      const done = pool ? await this.scanInWorkers(folder, config, hooks, all(), pool, seen) : await this.scanHere(folder, config, hooks, all(), seen);
      if (done === undefined || hooks.isCancelled()) return undefined;
      // Files gone from disk or now excluded leave the report; open documents stay.
      for (const [file, entry] of this.files) {
        if (entry.folder === folder.uri && !seen.has(file) && !hooks.isOpen(file)) this.files.delete(file);
      }
      return done;
    } finally {
      pool?.close();
    }
  }

  private analyzeHere(folder: Folder, config: Config, hooks: ScanHooks, file: string): void {
    try {
      this.analyzeFromDisk(folder, config, file);
    } catch (e) {
      hooks.log(`internal error while scanning ${file}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      this.files.delete(file);
    }
  }

  /**
   * The scan in this thread: it yields to the event loop after every file (one file is the longest a request or an
   * opened document waits) and lets open documents that wait for their analysis go first.
   */
  private async scanHere(folder: Folder, config: Config, hooks: ScanHooks, files: Iterable<string>, seen: Set<string>, doneBefore = 0): Promise<number | undefined> {
    let lastProgress = performance.now();
    let done = doneBefore;
    for (const file of files) {
      if (hooks.isCancelled()) return undefined;
      const waiting = hooks.openWorkPending?.();
      if (waiting) {
        await waiting;
        if (hooks.isCancelled()) return undefined;
      }
      seen.add(file);
      if (!hooks.isOpen(file)) this.analyzeHere(folder, config, hooks, file);
      done++;
      if (performance.now() - lastProgress > PROGRESS_MS) {
        hooks.progress(done, file);
        lastProgress = performance.now();
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return done;
  }

  /**
   * The scan in worker threads: this thread only lists files, hands them out and files the reports, so it stays
   * free for the editor. A report is dropped when the file was opened or re-indexed meanwhile (that result is
   * newer); a file a worker fails on is analyzed here; if every worker dies the rest is scanned here.
   */
  private async scanInWorkers(folder: Folder, config: Config, hooks: ScanHooks, files: Iterator<string>, pool: ScanPool, seen: Set<string>): Promise<number | undefined> {
    let done = 0;
    let lastFile = '';
    let lastProgress = performance.now();
    const inFlight = new Set<Promise<void>>();
    const finished = (file: string) => {
      done++;
      lastFile = file;
      const now = performance.now();
      if (now - lastProgress > PROGRESS_MS) {
        lastProgress = now;
        hooks.progress(done, lastFile);
      }
    };
    for (let n = files.next(); !n.done; n = files.next()) {
      const file = n.value;
      if (hooks.isCancelled()) return undefined;
      seen.add(file);
      if (hooks.isOpen(file)) {
        finished(file);
        continue;
      }
      if (!pool.alive) {
        // Every worker is gone: the rest in this thread, this file included.
        await Promise.all(inFlight);
        const rest = (function* () {
          yield file;
          for (let m = files.next(); !m.done; m = files.next()) yield m.value;
        })();
        return this.scanHere(folder, config, hooks, rest, seen, done);
      }
      await pool.whenSlotFree();
      if (hooks.isCancelled()) return undefined;
      const stamp = this.stamps.get(file);
      const task: Promise<void> = pool.analyze(file).then(
        (report) => {
          if (hooks.isCancelled() || hooks.isOpen(file) || this.stamps.get(file) !== stamp) return;
          this.update(folder, file, report);
        },
        () => {
          if (hooks.isCancelled() || hooks.isOpen(file) || this.stamps.get(file) !== stamp) return;
          this.analyzeHere(folder, config, hooks, file);
        },
      ).finally(() => {
        inFlight.delete(task);
        finished(file);
      });
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    if (hooks.isCancelled()) return undefined;
    hooks.progress(done, lastFile);
    return done;
  }

  pyramid(): PyramidData {
    const builder = new PyramidBuilder();
    const entries = [...this.files.values()].sort((a, b) => a.json.path.localeCompare(b.json.path));
    for (const e of entries) if (e.json.tests.length > 0 || e.json.findings.length > 0) builder.add(e.json);
    return builder.build();
  }

  counts(): { files: number; tests: number } {
    let tests = 0;
    let files = 0;
    for (const e of this.files.values()) {
      if (e.json.tests.length === 0) continue;
      files++;
      tests += e.json.tests.length;
    }
    return { files, tests };
  }

  testsOfLayer(layer: LayerName, only?: string): TestsOfLayerRequest.FileTests[] {
    const out: TestsOfLayerRequest.FileTests[] = [];
    const entries = only ? [this.files.get(only)].filter((e): e is IndexedFile => !!e) : [...this.files.values()];
    for (const e of entries.sort((a, b) => a.file.localeCompare(b.file))) {
      const tests = e.json.tests.filter((t) => t.layer === layer);
      if (tests.length === 0) continue;
      out.push({
        uri: pathToUri(e.file),
        path: e.file,
        framework: e.json.framework,
        fullNames: tests.map((t) => t.fullName),
        names: tests.map((t) => t.name),
        dynamic: tests.map((t) => isFormattedAtRunTime(t.fullName)),
      });
    }
    return out;
  }
}
