/**
 * The Test Layers language server. The transport comes from argv (`--node-ipc` from VS Code, `--stdio` from
 * other editors); documents are analyzed by the pure core and results turned into LSP features in features.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../analyzer';
import type { Config } from '../core/config';
import type { FileReport, Layer } from '../core/types';
import { CONFIG_FILE_NAME } from '../config/load-config';
import { formatBytes } from '../node/read-source';
import { relativeForGlobs } from '../node/scan';
import {
  LAYER_NAMES,
  PyramidReportRequest,
  ReanalyzeWorkspaceRequest,
  ScanStatusNotification,
  ServerCommands,
  SetLayerEditRequest,
  StatusNotification,
  TestAtPositionRequest,
  TestsOfLayerRequest,
  type AnalysisState,
} from '../shared/protocol';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, normalizeSettings, type Settings } from '../shared/settings';
import { VERSION } from '../version';
import { createNodeHelperIndex, toHostPath } from '../node/workspace-host';
import { serverScanWorkers } from '../node/parallel/scan-pool';
import {
  codeActions,
  codeLenses,
  hoverAt,
  layerCounts,
  reportDiagnostics,
  setLayerEdit,
  skippedDiagnostic,
  testAt,
  type AnalyzedFile,
} from './features';
import { effectiveConfig, folderOfPath, makeFolder, reloadFolderConfig, type Folder } from './folders';
import { pathToUri, uriKey, uriToPath } from './uris';
import { WorkspaceIndex, isFormattedAtRunTime } from './workspace-index';
import { applyAnalysisHeapGrowth } from '../shared/heap';

const DEBOUNCE_MS = 150;
/** How long a code lens or hover request waits for the analysis of the version it was asked about. */
const WAIT_FOR_ANALYSIS_MS = 3000;
const WATCHED_EXTENSIONS = '{js,jsx,ts,tsx,mjs,cjs,mts,cts}';
/** A scan in the main thread waits at most this long for open documents to be analyzed first. */
const OPEN_FIRST_MAX_WAIT_MS = 500;
/** Worker threads of the workspace scan (`TEST_LAYERS_SCAN_WORKERS`; default cores - 1, at least 1, at most 2). */
const SCAN_WORKERS = serverScanWorkers();

// Servers started by other editors come without the heap flags the VS Code client passes.
applyAnalysisHeapGrowth();
const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
// One helper index for the session: helper modules are summarized once and re-read only when their text changes.
const helpers = createNodeHelperIndex({ cacheStat: false });
const index = new WorkspaceIndex(helpers.index);

let folders: Folder[] = [];
let clientCapabilities: ClientCapabilities = {};
let canPullConfiguration = false;
let canRefreshCodeLens = false;
/** Settings pushed with `workspace/didChangeConfiguration`, for clients that cannot be asked. */
let pushedSettings: Settings = DEFAULT_SETTINGS;
let shuttingDown = false;

const log = (message: string) => connection.console.log(`[${new Date().toISOString().slice(11, 23)}] ${message}`);
const logError = (message: string) => connection.console.error(`[${new Date().toISOString().slice(11, 23)}] ${message}`);

process.on('uncaughtException', (e) => {
  try {
    logError(`uncaught exception: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  } catch {
    // The connection itself may be gone; nothing left to tell.
  }
});
process.on('unhandledRejection', (e) => {
  try {
    logError(`unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  } catch {
    // As above.
  }
});

// ---------------------------------------------------------------- settings, per resource

const settingsCache = new Map<string, Promise<Settings>>();

function getSettings(scopeUri: string): Promise<Settings> {
  if (!canPullConfiguration) return Promise.resolve(pushedSettings);
  let settings = settingsCache.get(scopeUri);
  if (!settings) {
    settings = connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION }).then(normalizeSettings, (e) => {
      log(`could not read settings for ${scopeUri}: ${(e as Error).message}`);
      return DEFAULT_SETTINGS;
    });
    settingsCache.set(scopeUri, settings);
  }
  return settings;
}

/** `files.exclude` globs set to true; folders the user hides are not scanned either. */
async function filesExclude(scopeUri: string): Promise<string[]> {
  if (!canPullConfiguration) return [];
  try {
    const value = await connection.workspace.getConfiguration({ scopeUri, section: 'files.exclude' });
    if (!value || typeof value !== 'object') return [];
    return Object.entries(value as Record<string, unknown>)
      .filter(([, on]) => on === true)
      .map(([glob]) => glob);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------- folders and config

function folderOf(file: string): Folder | undefined {
  return folderOfPath(folders, file);
}

/** Loads every folder's config file; a bad file shows one message and the last good config stays. */
function reloadConfig(folder: Folder): boolean {
  const result = reloadFolderConfig(folder);
  if (result.kind === 'invalid') {
    logError(`invalid configuration, keeping the last valid one:\n${result.details}`);
    if (!result.repeated) void connection.window.showErrorMessage(result.message);
    return false;
  }
  if (result.kind === 'loaded') log(`configuration loaded from ${folder.configFile}`);
  return result.kind === 'loaded';
}

async function configFor(folder: Folder | undefined, settings: Settings): Promise<Config> {
  return effectiveConfig(folder?.user ?? {}, settings);
}

// ---------------------------------------------------------------- analysis of open documents

const results = new Map<string, AnalyzedFile>();
/** Last document version whose analysis finished (kept results included), per URI. */
const analyzedVersion = new Map<string, number>();
const timers = new Map<string, { timer: NodeJS.Timeout; version: number }>();
const analysisListeners = new Map<string, Set<() => void>>();
/** Documents whose lenses were asked for before their analysis was ready; refreshed once it is. */
const lensesServedEarly = new Set<string>();
let crashNextAnalysis = false;

function schedule(doc: TextDocument, delay = DEBOUNCE_MS): void {
  const existing = timers.get(doc.uri);
  if (existing) clearTimeout(existing.timer);
  const version = doc.version;
  const timer = setTimeout(() => {
    timers.delete(doc.uri);
    analysesRunning++;
    void analyzeDocument(doc.uri, version).finally(() => {
      analysesRunning--;
      settleOpenWork();
    });
  }, delay);
  timers.set(doc.uri, { timer, version });
}

// Open documents go ahead of a workspace scan that runs in this thread: the scan waits while any is scheduled or
// being analyzed (bounded, so a client that never answers a settings request cannot stall the scan).
let analysesRunning = 0;
const openWorkWaiters: (() => void)[] = [];

function settleOpenWork(): void {
  if (timers.size === 0 && analysesRunning === 0) for (const resolve of openWorkWaiters.splice(0)) resolve();
}

function openWorkPending(): Promise<void> | undefined {
  if (timers.size === 0 && analysesRunning === 0) return undefined;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, OPEN_FIRST_MAX_WAIT_MS);
    openWorkWaiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function notifyAnalyzed(uri: string): void {
  for (const listener of analysisListeners.get(uri) ?? []) listener();
}

/** Resolves with the analysis of the document's current version, or what there is after a deadline. */
function whenAnalyzed(doc: TextDocument): Promise<AnalyzedFile | undefined> {
  if (analyzedVersion.get(doc.uri) === doc.version) return Promise.resolve(results.get(doc.uri));
  return new Promise((resolve) => {
    const listeners = analysisListeners.get(doc.uri) ?? new Set();
    analysisListeners.set(doc.uri, listeners);
    const finish = () => {
      clearTimeout(timer);
      listeners.delete(check);
      resolve(results.get(doc.uri));
    };
    const check = () => {
      const current = documents.get(doc.uri);
      if (!current || analyzedVersion.get(doc.uri) === current.version) finish();
    };
    const timer = setTimeout(() => {
      lensesServedEarly.add(doc.uri);
      finish();
    }, WAIT_FOR_ANALYSIS_MS);
    listeners.add(check);
  });
}

interface Outcome {
  state: AnalysisState;
  report?: FileReport;
  skipped?: string;
  durationMs?: number;
  message?: string;
}

function emptyCounts() {
  return { unit: 0, integration: 0, e2e: 0 };
}

/** Analyzes text under the folder's config; never throws. */
function runAnalysis(file: string, uri: string, text: string, config: Config): Outcome {
  const folder = folderOf(file);
  const globPath = folder ? relativeForGlobs(folder.root, file) : path.basename(file);
  const size = Buffer.byteLength(text, 'utf8');
  if (size > config.maxFileSize) {
    return { state: 'skipped', skipped: `it is ${formatBytes(size)}, over the ${formatBytes(config.maxFileSize)} limit (setting \`testLayers.analysis.maxFileSize\` or \`maxFileSize\` in ${CONFIG_FILE_NAME})` };
  }
  if (text.slice(0, 8000).includes('\0')) return { state: 'skipped', skipped: 'it looks binary (contains NUL characters)' };
  const started = performance.now();
  try {
    if (crashNextAnalysis) {
      crashNextAnalysis = false;
      throw new Error('crash requested by testLayers.test.crash');
    }
    const workspace = folder && path.isAbsolute(file) ? { index: helpers.index, fileName: toHostPath(file) } : undefined;
    const report = analyze(globPath, text, config, { workspace });
    const durationMs = performance.now() - started;
    if (durationMs > config.timeBudgetMs) {
      log(`analysis of ${file} took ${Math.round(durationMs)} ms, over the time budget of ${config.timeBudgetMs} ms (testLayers.analysis.timeBudgetMs)`);
    }
    for (const e of report.errors.filter((x) => x.kind === 'internal')) logError(`analysis of ${file}: ${e.message}`);
    const syntax = report.errors.some((e) => e.kind === 'syntax');
    return { state: syntax ? 'syntax-error' : 'ok', report, durationMs };
  } catch (e) {
    logError(`internal error while analyzing ${uri}; no diagnostics are shown for it:\n${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return { state: 'error', durationMs: performance.now() - started, message: e instanceof Error ? e.message : String(e) };
  }
}

async function analyzeDocument(uri: string, version: number): Promise<void> {
  const doc = documents.get(uri);
  if (!doc || doc.version !== version || shuttingDown) return;
  const settings = await getSettings(uri);
  // The document may have changed or closed while the settings were fetched; a newer run owns it then.
  const current = documents.get(uri);
  if (!current || current.version !== version) return;
  const file = uriToPath(uri) ?? uri;
  const snapshot = TextDocument.create(uri, current.languageId, version, current.getText());
  const sendStatus = (state: AnalysisState, report?: FileReport, extra: Partial<StatusNotification.Params> = {}) =>
    void connection.sendNotification(StatusNotification.type, {
      uri,
      state,
      layers: report ? layerCounts(report.tests) : emptyCounts(),
      findings: report?.findings.length ?? 0,
      ...extra,
    });

  if (!settings.enable) {
    results.delete(uri);
    analyzedVersion.set(uri, version);
    void connection.sendDiagnostics({ uri, version, diagnostics: [] });
    sendStatus('disabled');
    notifyAnalyzed(uri);
    return;
  }
  const folder = folderOf(file);
  const config = await configFor(folder, settings);
  if (documents.get(uri)?.version !== version) return;
  const outcome = runAnalysis(file, uri, snapshot.getText(), config);
  if (documents.get(uri)?.version !== version) return;

  const previous = results.get(uri);
  if (outcome.state === 'skipped') {
    results.delete(uri);
    void connection.sendDiagnostics({ uri, version, diagnostics: [skippedDiagnostic(snapshot, outcome.skipped!)] });
    sendStatus('skipped', undefined, { message: outcome.skipped });
  } else if (outcome.state === 'error') {
    results.delete(uri);
    void connection.sendDiagnostics({ uri, version, diagnostics: [] });
    sendStatus('error', undefined, { message: outcome.message });
  } else if (folder && outcome.report!.tests.length === 0 && !WorkspaceIndex.inScope(folder, config, file)) {
    // A JS/TS file that is neither a test file by the globs nor holds a test is not ours to judge.
    results.delete(uri);
    void connection.sendDiagnostics({ uri, version, diagnostics: [] });
    sendStatus('ok', outcome.report);
  } else {
    const report = outcome.report!;
    // While the file does not parse, keep the last good result so lenses and squiggles do not jump.
    const keepPrevious = outcome.state === 'syntax-error' && previous !== undefined && !previous.report.errors.some((e) => e.kind === 'syntax');
    if (keepPrevious) {
      sendStatus('syntax-error', previous.report, { durationMs: outcome.durationMs });
    } else {
      const analyzed: AnalyzedFile = { uri, version, snapshot, report, diagnostics: reportDiagnostics(uri, snapshot, report) };
      results.set(uri, analyzed);
      void connection.sendDiagnostics({ uri, version, diagnostics: analyzed.diagnostics });
      sendStatus(outcome.state, report, { durationMs: outcome.durationMs });
      if (folder && WorkspaceIndex.inScope(folder, config, file)) index.update(folder, file, report);
    }
  }
  analyzedVersion.set(uri, version);
  notifyAnalyzed(uri);
  if (lensesServedEarly.delete(uri)) refreshCodeLenses();
}

let refreshTimer: NodeJS.Timeout | undefined;
function refreshCodeLenses(): void {
  if (!canRefreshCodeLens || refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }, 50);
}

function reanalyzeOpenDocuments(): void {
  for (const doc of documents.all()) schedule(doc, 0);
}

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => {
  // Test files that import this one see the editor's text, not the disk's.
  const file = uriToPath(e.document.uri);
  if (file) helpers.host.setOverlay(toHostPath(file), e.document.getText());
  // onDidChangeContent also fires right after open, for the version the open handler already scheduled.
  if (timers.get(e.document.uri)?.version !== e.document.version) schedule(e.document);
});
documents.onDidClose((e) => {
  const uri = e.document.uri;
  const pending = timers.get(uri);
  if (pending) clearTimeout(pending.timer);
  timers.delete(uri);
  settleOpenWork();
  results.delete(uri);
  analyzedVersion.delete(uri);
  settingsCache.delete(uri);
  openPaths.delete(uriKey(uri));
  const closedPath = uriToPath(uri);
  if (closedPath) helpers.host.setOverlay(toHostPath(closedPath), undefined);
  lensesServedEarly.delete(uri);
  notifyAnalyzed(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
  // The saved file on disk is what the workspace report should count again.
  const file = uriToPath(uri);
  const folder = file ? folderOf(file) : undefined;
  if (file && folder && index.has(file)) void reindexFromDisk(folder, file);
});

async function reindexFromDisk(folder: Folder, file: string): Promise<void> {
  try {
    const config = await configFor(folder, await getSettings(folder.uri));
    if (WorkspaceIndex.inScope(folder, config, file)) index.analyzeFromDisk(folder, config, file);
    else index.remove(file);
  } catch (e) {
    logError(`could not re-analyze ${file}: ${(e as Error).message}`);
  }
}

/** File system paths of the open documents, so the scan skips them without converting URIs per file. */
const openPaths = new Set<string>();
documents.onDidOpen((e) => openPaths.add(uriKey(e.document.uri)));

function isOpen(file: string): boolean {
  return openPaths.has(file);
}

// ---------------------------------------------------------------- workspace scan

let scanGeneration = 0;
let scanPromise: Promise<void> = Promise.resolve();
let scanning = false;
const folderScanKeys = new Map<string, string>();

/** Scans the given folders (all by default) in the background; a newer scan cancels an older one. */
function startScan(only?: Folder[]): Promise<void> {
  const generation = ++scanGeneration;
  const targets = only ?? folders;
  const previous = scanPromise;
  scanPromise = (async () => {
    await previous.catch(() => undefined);
    if (generation !== scanGeneration || shuttingDown) return;
    scanning = true;
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Test Layers: scanning tests', 0, 'starting', true);
    const cancelled = () => generation !== scanGeneration || shuttingDown || !!progress?.token.isCancellationRequested;
    let total = 0;
    const started = performance.now();
    try {
      for (const folder of targets) {
        const settings = await getSettings(folder.uri);
        if (!settings.enable) {
          index.clearFolder(folder.uri);
          continue;
        }
        const config = await configFor(folder, settings);
        config.exclude = [...config.exclude, ...(await filesExclude(folder.uri))];
        folderScanKeys.set(folder.uri, JSON.stringify([config.include, config.exclude, config.layerPaths, config.rules, config.signals, config.maxFileSize]));
        const done = await index.scanFolder(folder, config, {
          isCancelled: cancelled,
          progress: (n, current) => {
            progress?.report(`${n} files · ${path.basename(current)}`);
            void connection.sendNotification(ScanStatusNotification.type, { scanning: true, ...index.counts() });
          },
          isOpen,
          log: logError,
          workers: SCAN_WORKERS,
          openWorkPending,
        });
        if (done === undefined) {
          log('workspace scan cancelled');
          return;
        }
        total += done;
      }
      log(`workspace scan: ${total} test files in ${Math.round(performance.now() - started)} ms (${SCAN_WORKERS === 0 ? 'main thread' : `up to ${SCAN_WORKERS} worker thread${SCAN_WORKERS === 1 ? '' : 's'}`})`);
    } catch (e) {
      logError(`workspace scan failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      progress?.done();
      if (generation === scanGeneration) {
        scanning = false;
        void connection.sendNotification(ScanStatusNotification.type, { scanning: false, ...index.counts() });
      }
    }
  })();
  return scanPromise;
}

/** Rescans only the folders whose effective scan configuration changed. */
async function rescanChangedFolders(): Promise<void> {
  const changed: Folder[] = [];
  for (const folder of folders) {
    const config = await configFor(folder, await getSettings(folder.uri));
    config.exclude = [...config.exclude, ...(await filesExclude(folder.uri))];
    const key = JSON.stringify([config.include, config.exclude, config.layerPaths, config.rules, config.signals, config.maxFileSize]);
    if (folderScanKeys.get(folder.uri) !== key) changed.push(folder);
  }
  if (changed.length > 0) void startScan(changed);
}

// ---------------------------------------------------------------- lifecycle

connection.onInitialize((params): InitializeResult => {
  clientCapabilities = params.capabilities;
  canPullConfiguration = !!clientCapabilities.workspace?.configuration;
  canRefreshCodeLens = !!clientCapabilities.workspace?.codeLens?.refreshSupport;
  const workspaceFolders: WorkspaceFolder[] =
    params.workspaceFolders ??
    (params.rootUri ? [{ uri: params.rootUri, name: path.basename(uriToPath(params.rootUri) ?? 'workspace') }] : params.rootPath ? [{ uri: pathToUri(params.rootPath), name: path.basename(params.rootPath) }] : []);
  folders = workspaceFolders.map((f) => makeFolder(f.uri, f.name)).filter((f): f is Folder => !!f);
  index.setMultiRoot(folders.length > 1);
  watchParent(params.processId);
  const commands: string[] = [ServerCommands.setLayer, ServerCommands.reanalyzeWorkspace];
  if (process.env.TEST_LAYERS_ALLOW_CRASH === '1') commands.push(ServerCommands.testCrash);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
      executeCommandProvider: { commands },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'test-layers', version: VERSION },
  };
});

connection.onInitialized(async () => {
  log(`Test Layers server ${VERSION} started (node ${process.version}, ${folders.length} workspace folder${folders.length === 1 ? '' : 's'})`);
  if (canPullConfiguration && clientCapabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  }
  if (clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: `**/*.${WATCHED_EXTENSIONS}` }],
    });
  }
  if (clientCapabilities.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      for (const uri of removed) index.clearFolder(uri);
      folders = folders.filter((f) => !removed.has(f.uri));
      const added = e.added.map((f) => makeFolder(f.uri, f.name)).filter((f): f is Folder => !!f);
      for (const f of added) reloadConfig(f);
      folders.push(...added);
      index.setMultiRoot(folders.length > 1);
      if (added.length > 0) void startScan(added);
    });
  }
  for (const folder of folders) reloadConfig(folder);
  if (!clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) for (const folder of folders) watchConfigFile(folder);
  void startScan();
});

const configWatchers: fs.FSWatcher[] = [];
/** For clients that cannot watch files for us (Neovim 0.7): watch each folder's config file ourselves. */
function watchConfigFile(folder: Folder): void {
  let timer: NodeJS.Timeout | undefined;
  try {
    const watcher = fs.watch(folder.root, { persistent: false }, (_event, name) => {
      if (name !== CONFIG_FILE_NAME) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (reloadConfig(folder)) onConfigReloaded([folder]);
      }, 100);
    });
    watcher.on('error', () => watcher.close());
    configWatchers.push(watcher);
  } catch (e) {
    log(`cannot watch ${folder.configFile}: ${(e as Error).message}`);
  }
}

function onConfigReloaded(reloaded: Folder[]): void {
  for (const doc of documents.all()) {
    const file = uriToPath(doc.uri);
    const folder = file ? folderOf(file) : undefined;
    if (folder && reloaded.includes(folder)) schedule(doc, 0);
  }
  refreshCodeLenses();
  void startScan(reloaded);
}

let parentWatch: NodeJS.Timeout | undefined;
/** Exits when the editor that started the server is gone, even if it never said goodbye. */
function watchParent(clientProcessId: number | null | undefined): void {
  const startPpid = process.ppid;
  parentWatch = setInterval(() => {
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    };
    const parentGone = process.ppid !== startPpid || !alive(startPpid);
    const clientGone = typeof clientProcessId === 'number' && clientProcessId > 0 && !alive(clientProcessId);
    if (parentGone || clientGone) process.exit(1);
  }, 3000);
  parentWatch.unref();
}

connection.onShutdown(() => {
  shuttingDown = true;
  scanGeneration++;
  for (const pending of timers.values()) clearTimeout(pending.timer);
  timers.clear();
  settleOpenWork();
  if (parentWatch) clearInterval(parentWatch);
  for (const watcher of configWatchers) watcher.close();
});

connection.onDidChangeConfiguration((change) => {
  if (!canPullConfiguration) {
    const section = (change.settings as Record<string, unknown> | null)?.[SETTINGS_SECTION];
    pushedSettings = normalizeSettings(section);
  }
  settingsCache.clear();
  reanalyzeOpenDocuments();
  refreshCodeLenses();
  void rescanChangedFolders();
});

connection.onDidChangeWatchedFiles(async (params) => {
  const configFolders = new Set<Folder>();
  const touched: { file: string; type: FileChangeType }[] = [];
  for (const change of params.changes) {
    const file = uriToPath(change.uri);
    if (!file) continue;
    helpers.index.invalidate(toHostPath(file));
    helpers.host.invalidate(toHostPath(file));
    if (path.basename(file) === CONFIG_FILE_NAME) {
      const folder = folders.find((f) => f.configFile === file);
      if (folder) configFolders.add(folder);
    } else touched.push({ file, type: change.type });
  }
  const reloaded: Folder[] = [];
  for (const folder of configFolders) if (reloadConfig(folder)) reloaded.push(folder);
  if (reloaded.length > 0) onConfigReloaded(reloaded);
  // Only the files that changed are analyzed again.
  for (const { file, type } of touched) {
    if (isOpen(file)) continue;
    const folder = folderOf(file);
    if (!folder || reloaded.includes(folder)) continue;
    if (type === FileChangeType.Deleted) index.remove(file);
    else await reindexFromDisk(folder, file);
  }
  if (touched.length > 0) {
    void connection.sendNotification(ScanStatusNotification.type, { scanning, ...index.counts() });
    // A changed helper module can change the layer of the open tests that use it.
    for (const doc of documents.all()) if (!timers.has(doc.uri)) schedule(doc);
  }
});

// ---------------------------------------------------------------- features

connection.onHover(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const file = await whenAnalyzed(doc);
  if (!file || token.isCancellationRequested) return null;
  return hoverAt(file, file.snapshot.offsetAt(params.position));
});

connection.onCodeLens(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const file = await whenAnalyzed(doc);
  if (!file || token.isCancellationRequested) return [];
  return codeLenses(file, await getSettings(doc.uri));
});

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const file = await whenAnalyzed(doc);
  const current = documents.get(params.textDocument.uri);
  if (!file || !current) return [];
  return codeActions(file, current, params.range, params.context.diagnostics, params.context.only);
});

async function setLayerEditAt(uri: string, position: { line: number; character: number }, layer: Layer): Promise<SetLayerEditRequest.Result> {
  if (!LAYER_NAMES.includes(layer)) return { error: `unknown layer "${String(layer)}" (expected unit, integration or e2e)` };
  const doc = documents.get(uri);
  if (!doc) return { error: 'the document is not open' };
  const file = await whenAnalyzed(doc);
  const current = documents.get(uri);
  if (!file || !current || file.version !== current.version) return { error: 'the document has not been analyzed yet; try again' };
  const test = testAt(file.report, current.offsetAt(position));
  if (!test) return { error: 'there is no test at the cursor' };
  return { edit: { changes: { [uri]: [setLayerEdit(current, test, layer)] } } };
}

connection.onRequest(SetLayerEditRequest.type, (params) => setLayerEditAt(params.textDocument.uri, params.position, params.layer));

connection.onRequest(TestAtPositionRequest.type, async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const file = await whenAnalyzed(doc);
  if (!file) return null;
  const test = testAt(file.report, file.snapshot.offsetAt(params.position));
  return test ? { name: test.name, fullName: test.fullName, layer: test.layer, declaredLayer: test.declaredLayer } : null;
});

connection.onRequest(PyramidReportRequest.type, async (params) => {
  if (params?.waitForScan) await scanPromise.catch(() => undefined);
  return { ...index.pyramid(), roots: folders.map((f) => ({ name: f.name, uri: f.uri })), scanning };
});

connection.onRequest(TestsOfLayerRequest.type, async (params) => {
  if (params.uri) {
    const doc = documents.get(params.uri);
    if (doc) {
      const file = await whenAnalyzed(doc);
      if (!file) return { files: [] };
      const tests = file.report.tests.filter((t) => t.layer === params.layer);
      if (tests.length === 0) return { files: [] };
      const fsPath = uriToPath(params.uri) ?? params.uri;
      const fileTests: TestsOfLayerRequest.FileTests = {
        uri: params.uri,
        path: fsPath,
        framework: file.report.framework,
        fullNames: tests.map((t) => t.fullName),
        names: tests.map((t) => t.name),
        dynamic: tests.map((t) => t.modifiers.includes('each') || isFormattedAtRunTime(t.fullName)),
      };
      return { files: [fileTests] };
    }
    const fsPath = uriToPath(params.uri);
    return { files: fsPath ? index.testsOfLayer(params.layer, fsPath) : [] };
  }
  if (params.waitForScan) await scanPromise.catch(() => undefined);
  return { files: index.testsOfLayer(params.layer) };
});

async function reanalyzeWorkspace(): Promise<{ files: number }> {
  helpers.index.invalidate();
  helpers.host.invalidate();
  for (const folder of folders) reloadConfig(folder);
  settingsCache.clear();
  reanalyzeOpenDocuments();
  await startScan();
  return { files: index.counts().files };
}

connection.onRequest(ReanalyzeWorkspaceRequest.type, reanalyzeWorkspace);

connection.onExecuteCommand(async (params) => {
  const args = params.arguments ?? [];
  switch (params.command) {
    case ServerCommands.setLayer: {
      const [uri, position, layer] = args as [string, { line: number; character: number }, Layer];
      const result = await setLayerEditAt(uri, position, layer);
      if ('error' in result) {
        void connection.window.showWarningMessage(`Test Layers: cannot set the layer: ${result.error}.`);
        return { applied: false, error: result.error };
      }
      const applied = await connection.workspace.applyEdit({ label: `Set layer: ${layer}`, edit: result.edit });
      return { applied: applied.applied };
    }
    case ServerCommands.reanalyzeWorkspace:
      return reanalyzeWorkspace();
    case ServerCommands.testCrash: {
      if (process.env.TEST_LAYERS_ALLOW_CRASH !== '1') return null;
      const mode = args[0] ?? 'exit';
      if (mode === 'analysis') {
        crashNextAnalysis = true;
        return { armed: true };
      }
      if (mode === 'throw') {
        setImmediate(() => {
          throw new Error('uncaught exception requested by testLayers.test.crash');
        });
        return { thrown: true };
      }
      // Simulates a hard crash of the server process after the answer is on its way.
      setTimeout(() => process.exit(70), 20);
      return { exiting: true };
    }
    default:
      return null;
  }
});

documents.listen(connection);
connection.listen();
