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

  test('a scan in worker threads indexes what a scan in the main thread does; an open buffer wins over the disk', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`tests/unit/t${i}.test.ts`] = unitFile(i);
    for (let i = 0; i < 20; i++) {
      files[`tests/integration/db${i}.test.ts`] = `import { test } from 'vitest';\nimport { Pool } from 'pg';\ntest('db ${i}', async () => { const pool = new Pool(); await pool.query('select 1'); await pool.end(); });\n`;
      files[`e2e/flow${i}.spec.ts`] = `import { test } from '@playwright/test';\ntest('flow ${i}', async ({ page }) => { await page.goto('/'); await page.waitForTimeout(100); });\n`;
    }
    files['tests/unit/broken.test.ts'] = "import { test } from 'vitest';\ntest('broken', () => { (\n";
    const reports: unknown[] = [];
    for (const workers of ['0', '2']) {
      const client = await LspTestClient.start({ files, env: { TEST_LAYERS_SCAN_WORKERS: workers } });
      try {
        // Opened before the scan reaches it: the buffer (an e2e test) is what counts, not the unit test on disk.
        client.open('tests/unit/t7.test.ts', files['e2e/flow0.spec.ts'].replace('flow 0', 'from the buffer'));
        const summary = await client.waitFor(() => client.logs.find((l) => l.includes('workspace scan:')), 'the end of the scan', 60_000);
        assert.match(summary, workers === '0' ? /main thread/ : /up to 2 worker threads/);
        const pyramid = await client.request<Record<string, unknown>>('testLayers/pyramidReport', { waitForScan: true });
        const e2e = await client.request<{ files: { fullNames: string[] }[] }>('testLayers/testsOfLayer', { layer: 'e2e', waitForScan: true });
        assert.ok(e2e.files.some((f) => f.fullNames.includes('from the buffer')), `workers ${workers}: the open buffer is indexed`);
        const { scanning: _scanning, roots: _roots, ...rest } = pyramid;
        reports.push(rest);
      } finally {
        await client.stop();
      }
    }
    // The two temp folders have different names; the report speaks of paths relative to them.
    assert.deepEqual(reports[1], reports[0]);
    assert.deepEqual((reports[0] as { layers: unknown }).layers, { unit: 39 * 20 + 1, integration: 20, e2e: 21 });
  });
});
