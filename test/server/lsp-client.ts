/**
 * Spawns the built language server (`node bin/test-layers-lsp.js --stdio`) and talks to it over JSON-RPC as a
 * real client would. Waits are event-driven with a deadline; nothing sleeps.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, ProgressType, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const REPO = path.resolve(__dirname, '../../..');
const SERVER_BIN = path.join(REPO, 'bin/test-layers-lsp.js');

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  tags?: number[];
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
  data?: unknown;
}
export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface StartOptions {
  /** Settings returned for the `testLayers` section. */
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Files to create in the workspace before the server starts, path → content. */
  files?: Record<string, string>;
  /** The `processId` sent in initialize (the editor's); this test process by default. */
  processId?: number;
  /** Whether the client offers to watch files for the server (Neovim 0.7 does not). Default true. */
  watchFiles?: boolean;
}

export class Deadline extends Error {}

/** A workspace folder in a temp directory plus a running server attached to it. */
export class LspTestClient {
  readonly published: PublishedDiagnostics[] = [];
  readonly shownMessages: { type: number; message: string }[] = [];
  readonly logs: string[] = [];
  readonly appliedEdits: unknown[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  codeLensRefreshes = 0;
  readonly progressTokens: (string | number)[] = [];
  readonly configurationRequests: { section?: string; scopeUri?: string }[] = [];
  initializeResult: { capabilities: { executeCommandProvider?: { commands: string[] } } & Record<string, unknown> } | undefined;
  settings: Record<string, unknown>;
  private readonly listeners = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private exited: Promise<number | null>;
  private stderr = '';

  private constructor(readonly root: string, readonly connection: MessageConnection, readonly proc: ChildProcessWithoutNullStreams, settings: Record<string, unknown>) {
    this.settings = settings;
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr.on('data', (d) => (this.stderr += String(d)));
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-lsp-')));
    for (const [rel, text] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const proc = spawn(process.execPath, [SERVER_BIN, '--stdio'], { cwd: root, env: { ...process.env, ...options.env } });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new LspTestClient(root, connection, proc, options.settings ?? {});
    client.wire();
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: options.processId ?? process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          applyEdit: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: options.watchFiles !== false },
          codeLens: { refreshSupport: true },
        },
        window: { workDoneProgress: true, showMessage: {} },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] }, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite'] } } },
          codeLens: {},
        },
      },
    });
    connection.sendNotification('initialized', {});
    return client;
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  private wire(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      this.emit();
    });
    c.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.shownMessages.push(p);
      this.emit();
    });
    c.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.emit();
    });
    c.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.emit();
    });
    c.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) => {
      this.configurationRequests.push(...p.items);
      return p.items.map((item) => (item.section === 'testLayers' ? this.settings : item.section === 'files.exclude' ? { '**/.hidden': true } : null));
    });
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.progressTokens.push(p.token);
      // The connection routes `$/progress` by token, so each token needs its own handler.
      c.onProgress(new ProgressType<unknown>(), p.token, (value) => {
        this.notifications.push({ method: '$/progress', params: { token: p.token, value } });
        this.emit();
      });
      this.emit();
      return null;
    });
    c.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
      this.shownMessages.push(p);
      this.emit();
      return null;
    });
    c.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      this.emit();
      return null;
    });
    c.onRequest('workspace/applyEdit', (p: unknown) => {
      this.appliedEdits.push(p);
      this.emit();
      return { applied: true };
    });
  }

  /** Resolves with the first truthy value of `probe`, re-checked on every message from the server. */
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 30000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined | null | false;
        try {
          value = probe();
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (value) {
          done();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Deadline(`timed out after ${timeoutMs} ms waiting for ${what}\nserver log:\n${this.logs.slice(-20).join('\n')}\nstderr:\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  write(rel: string, text: string): string {
    const file = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return this.uri(rel);
  }

  open(rel: string, text: string, languageId = 'typescript'): string {
    const uri = this.uri(rel);
    this.versions.set(uri, 1);
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text; returns the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  close(uri: string): void {
    this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  /** Waits for diagnostics of the given version (the latest by default) and returns them. */
  diagnosticsFor(uri: string, version = this.version(uri), timeoutMs?: number): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const hit = [...this.published].reverse().find((p) => p.uri === uri && p.version === version);
      return hit?.diagnostics;
    }, `diagnostics for ${path.basename(uri)} v${version}`, timeoutMs);
  }

  publishedFor(uri: string): PublishedDiagnostics[] {
    return this.published.filter((p) => p.uri === uri);
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params?: unknown): void {
    this.connection.sendNotification(method, params);
  }

  stderrText(): string {
    return this.stderr;
  }

  /** shutdown + exit; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.proc.exitCode === null) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), this.exited]);
        this.connection.sendNotification('exit');
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    fs.rmSync(this.root, { recursive: true, force: true });
    return code;
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
