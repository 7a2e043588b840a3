import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Deadline, LspTestClient, REPO } from './lsp-client';

const SLEEPY = `import { test } from 'vitest';

test('waits', async () => {
  await new Promise((r) => setTimeout(r, 200));
});
`;

function severityOf(diagnostics: { code?: unknown; severity?: number }[]): number | undefined {
  return diagnostics.find((d) => d.code === 'fixed-sleep')?.severity;
}

describe('workspace config file', () => {
  test('a bad config shows one clear message and the last good config stays in use', async () => {
    const client = await LspTestClient.start({ files: { 'test-layers.config.json': '{ "rules": { "fixed-sleep": "error" } }' } });
    try {
      const uri = client.open('a.test.ts', SLEEPY);
      assert.equal(severityOf(await client.diagnosticsFor(uri)), 1, 'the config file is read');

      const configUri = client.write('test-layers.config.json', '{ "rules": { "fixed-sleep": "loud" } }');
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      const shown = await client.waitFor(() => client.shownMessages[0], 'a message about the bad config');
      assert.equal(shown.type, 1, 'shown as an error');
      assert.match(shown.message, /test-layers\.config\.json/);
      assert.match(shown.message, /`rules\.fixed-sleep`/);
      assert.match(shown.message, /must be one of/);
      assert.match(shown.message, /last valid configuration stays in use/);

      // The same problem again (another save) does not nag a second time.
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      const version = client.change(uri, SLEEPY.replace('200', '300'));
      assert.equal(severityOf(await client.diagnosticsFor(uri, version)), 1, 'last good config kept');
      assert.equal(client.shownMessages.length, 1);

      // Fixing the file re-analyzes open documents without any edit.
      client.write('test-layers.config.json', '{ "rules": { "fixed-sleep": "info" } }');
      const seen = client.publishedFor(uri).length;
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      await client.waitFor(() => client.publishedFor(uri).length > seen, 'diagnostics after the config was fixed');
      assert.equal(severityOf(client.publishedFor(uri).at(-1)!.diagnostics), 3);
      assert.equal(client.shownMessages.length, 1);
    } finally {
      await client.stop();
    }
  });

  test('without a client-side file watcher the server notices config edits itself', async () => {
    const client = await LspTestClient.start({ watchFiles: false, files: { 'test-layers.config.json': '{}' } });
    try {
      const uri = client.open('a.test.ts', SLEEPY);
      assert.equal(severityOf(await client.diagnosticsFor(uri)), 2);
      const seen = client.publishedFor(uri).length;
      client.write('test-layers.config.json', '{ "rules": { "fixed-sleep": "error" } }');
      await client.waitFor(() => client.publishedFor(uri).slice(seen).some((p) => severityOf(p.diagnostics) === 1), 'diagnostics under the edited config');
    } finally {
      await client.stop();
    }
  });

  test('a config that is bad at start-up is reported once and defaults apply', async () => {
    const client = await LspTestClient.start({ files: { 'test-layers.config.json': '{ "include": ["**/*.test.ts"], "nope": 1, ' } });
    try {
      const uri = client.open('a.test.ts', SLEEPY);
      assert.equal(severityOf(await client.diagnosticsFor(uri)), 2);
      const shown = await client.waitFor(() => client.shownMessages[0], 'a message about the bad config');
      assert.match(shown.message, /test-layers\.config\.json:1: invalid JSON/);
      assert.equal(client.shownMessages.length, 1);
    } finally {
      await client.stop();
    }
  });
});

describe('resilience', () => {
  test('an internal error in one analysis shows no diagnostics for that file, is logged, and the next edit recovers', async () => {
    const client = await LspTestClient.start({ env: { TEST_LAYERS_ALLOW_CRASH: '1' } });
    try {
      assert.ok(client.initializeResult?.capabilities.executeCommandProvider?.commands.includes('testLayers.test.crash'));
      const uri = client.open('a.test.ts', SLEEPY);
      assert.ok((await client.diagnosticsFor(uri)).length > 0);
      await client.request('workspace/executeCommand', { command: 'testLayers.test.crash', arguments: ['analysis'] });
      const broken = client.change(uri, SLEEPY.replace('200', '250'));
      assert.deepEqual(await client.diagnosticsFor(uri, broken), []);
      await client.waitFor(() => client.logs.some((l) => l.includes('internal error while analyzing')), 'the error in the log');
      await client.waitFor(
        () => client.notifications.find((n) => n.method === 'testLayers/status' && (n.params as { state: string }).state === 'error'),
        'a status notification saying error',
      );
      const next = client.change(uri, SLEEPY);
      assert.ok((await client.diagnosticsFor(uri, next)).length > 0);

      await client.request('workspace/executeCommand', { command: 'testLayers.test.crash', arguments: ['throw'] });
      await client.waitFor(() => client.logs.some((l) => l.includes('uncaught exception')), 'the uncaught exception in the log');
      const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 8 } });
      assert.ok(hover, 'still answering after an uncaught exception');

      await client.request('workspace/executeCommand', { command: 'testLayers.test.crash', arguments: ['exit'] });
      assert.equal(await client.waitForExit(), 70);
    } finally {
      await client.stop();
    }
  });

  test('the server exits when the editor process it was started for dies', async () => {
    const editor = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const client = await LspTestClient.start({ processId: editor.pid });
    try {
      const uri = client.open('a.test.ts', SLEEPY);
      await client.diagnosticsFor(uri);
      editor.kill();
      const code = await Promise.race([client.waitForExit(), client.waitFor(() => false, 'server exit', 30000)]);
      assert.notEqual(code, undefined);
    } finally {
      editor.kill();
      await client.stop();
    }
  });

  test('shutdown then exit ends the server with 0 even while a scan runs in worker threads; exit alone ends it with 1', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) files[`tests/t${i}.test.ts`] = SLEEPY.replace('waits', `waits ${i}`);
    const client = await LspTestClient.start({ files, env: { TEST_LAYERS_SCAN_WORKERS: '2' } });
    await client.waitFor(() => client.notifications.some((n) => n.method === '$/progress'), 'the scan to begin');
    // stop() sends shutdown + exit and kills the process only if it is still there 5 s later (exit code null).
    assert.equal(await client.stop(), 0);

    const abrupt = await LspTestClient.start();
    try {
      abrupt.notify('exit');
      assert.equal(await abrupt.waitForExit(), 1, 'exit without shutdown is an error exit (LSP)');
    } finally {
      await abrupt.stop();
    }
  });

  test('the server exits when its parent process dies, even with its pipes still open', async () => {
    // The parent starts the server on the test's own pipes (stdio inherited) and is then killed: the server's stdin
    // stays open and the client process in initialize stays alive, so only the parent's death can end it.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-parent-'));
    const parentScript = `
      const { spawn } = require('node:child_process');
      const server = spawn(process.execPath, [${JSON.stringify(path.join(REPO, 'bin/test-layers-lsp.js'))}, '--stdio'], { stdio: 'inherit' });
      process.stderr.write('server-pid:' + server.pid + '\\n');
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', parentScript], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(parent.stdout), new StreamMessageWriter(parent.stdin));
    connection.onRequest(() => null);
    connection.onNotification(() => undefined);
    connection.listen();
    let serverPid: number | undefined;
    let stderr = '';
    parent.stderr.on('data', (d) => {
      stderr += String(d);
      serverPid ??= Number(/server-pid:(\d+)/.exec(stderr)?.[1]) || undefined;
    });
    // The test's end of stdout closes once every process holding its other end is gone: the parent and the server.
    const stdoutClosed = new Promise<void>((resolve) => parent.stdout.on('close', () => resolve()));
    try {
      const uri = pathToFileURL(root).href;
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'w' }], capabilities: {} });
      connection.sendNotification('initialized', {});
      assert.ok(serverPid, `the parent reported the server's pid (${stderr})`);
      parent.kill('SIGKILL');
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Deadline('the server did not exit within 30 s of its parent dying')), 30_000);
      });
      await Promise.race([stdoutClosed, deadline]).finally(() => clearTimeout(timer));
    } finally {
      connection.dispose();
      parent.kill('SIGKILL');
      if (serverPid) {
        try {
          process.kill(serverPid, 'SIGKILL');
        } catch {
          // Gone, as it should be.
        }
      }
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
