import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspTestClient } from './lsp-client';

interface ScanStatus {
  scanning: boolean;
  files: number;
  tests: number;
}

function lastScanStatus(client: LspTestClient): ScanStatus | undefined {
  return client.notifications.filter((n) => n.method === 'testLayers/scanStatus').at(-1)?.params as ScanStatus | undefined;
}

const unitFile = (i: number) => `import { test, expect } from 'vitest';\n${Array.from({ length: 20 }, (_, j) => `test('case ${i}.${j}', () => { expect(${j} + 1).toBe(${j + 1}); });`).join('\n')}\n`;

describe('workspace scan', () => {
  test('reports work-done progress, can be cancelled, and re-analyzes only changed files', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`tests/unit/t${i}.test.ts`] = unitFile(i);
    const client = await LspTestClient.start({ files });
    try {
      const token = await client.waitFor(() => client.progressTokens[0], 'a work-done progress token');
      const begin = await client.waitFor(
        () => client.notifications.find((n) => n.method === '$/progress' && (n.params as { token: unknown }).token === token),
        'the progress to begin',
      );
      assert.deepEqual((begin.params as { value: unknown }).value, { kind: 'begin', title: 'Test Layers: scanning tests', cancellable: true, message: 'starting', percentage: 0 });
      client.notify('window/workDoneProgress/cancel', { token });
      await client.waitFor(() => client.logs.some((l) => l.includes('workspace scan cancelled')), 'the scan to stop');
      await client.waitFor(
        () => client.notifications.some((n) => n.method === '$/progress' && (n.params as { token: unknown; value: { kind: string } }).token === token && (n.params as { value: { kind: string } }).value.kind === 'end'),
        'the progress to end',
      );
      const partial = await client.request<{ files: number }>('testLayers/pyramidReport', {});
      assert.ok(partial.files < 150, `cancelled before the end (${partial.files} files)`);

      // A full re-scan on request.
      const { files: count } = await client.request<{ files: number }>('testLayers/reanalyzeWorkspace');
      assert.equal(count, 150);

      // One new file: only it is analyzed and the counts follow.
      const before = lastScanStatus(client)!;
      const uri = client.write('tests/e2e/new.test.ts', "import { test } from '@playwright/test';\ntest('opens', async ({ page }) => { await page.goto('/'); });\n");
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
      await client.waitFor(() => lastScanStatus(client)!.tests === before.tests + 1 && lastScanStatus(client), 'the new file counted');
      const e2e = await client.request<{ files: { fullNames: string[] }[] }>('testLayers/testsOfLayer', { layer: 'e2e' });
      assert.deepEqual(e2e.files.map((f) => f.fullNames), [['opens']]);

      fs.rmSync(path.join(client.root, 'tests/e2e/new.test.ts'));
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
      await client.waitFor(() => lastScanStatus(client)!.tests === before.tests && lastScanStatus(client), 'the deleted file dropped');
      const report = await client.request<{ layers: Record<string, number> }>('testLayers/pyramidReport', {});
      assert.deepEqual(report.layers, { unit: 3000, integration: 0, e2e: 0 });
    } finally {
      await client.stop();
    }
  });
});
