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
}

/** Titles with `%s`, `$name` or `${expr}` are formatted by the runner (`.each` tables, template literals). */
export function isFormattedAtRunTime(title: string): boolean {
  return /%[sdifjopO#]|\$\{|\$[A-Za-z_]/.test(title);
}

/** Yield to the event loop this often, so requests are answered while a scan runs. */
const SLICE_MS = 15;

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
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
  }

  remove(file: string): void {
    this.files.delete(file);
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
      return;
    }
    const workspace = this.helpers ? { index: this.helpers, fileName: toHostPath(file) } : undefined;
    this.update(folder, file, analyze(rel, read.text, config, { workspace }));
  }

  /** Scans a folder in slices; returns the files seen, or undefined when cancelled. */
  async scanFolder(folder: Folder, config: Config, hooks: ScanHooks): Promise<number | undefined> {
    const seen = new Set<string>();
    const generator = scanFiles([folder.root], { root: folder.root, include: config.include, exclude: config.exclude });
    let sliceStart = performance.now();
    let done = 0;
    for (const file of generator) {
      if (hooks.isCancelled()) return undefined;
      seen.add(file);
      if (!hooks.isOpen(file)) {
        try {
          this.analyzeFromDisk(folder, config, file);
        } catch (e) {
          hooks.log(`internal error while scanning ${file}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
          this.files.delete(file);
        }
      }
      done++;
      if (performance.now() - sliceStart > SLICE_MS) {
        hooks.progress(done, file);
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    if (hooks.isCancelled()) return undefined;
    // Files gone from disk or now excluded leave the report; open documents stay.
    for (const [file, entry] of this.files) {
      if (entry.folder === folder.uri && !seen.has(file) && !hooks.isOpen(file)) this.files.delete(file);
    }
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
