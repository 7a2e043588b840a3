import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configFrom } from '../../server/src/analyzer';
import { ScanPool, serverScanWorkers } from '../../server/src/node/parallel/scan-pool';
import { REPO } from './lsp-client';

// A stand-in worker on the scan worker's protocol: answers with an empty report, ends its thread on "die.ts" and
// throws on "bad.ts" (the real worker answers an error then).
const FAKE_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
parentPort.on('message', ({ seq, file }) => {
  if (file.endsWith('die.ts')) process.exit(3);
  const response = file.endsWith('bad.ts')
    ? { seq, error: 'cannot analyze' }
    : { seq, report: { path: file, framework: 'unknown', declaredLayer: null, tests: [], suites: [], findings: [], errors: [], durationMs: 0 } };
  workerData.results.postMessage(response);
});
`;

describe('scan worker pool of the server', () => {
  test('a worker that dies is replaced; the file it died on is reported as failed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-pool-'));
    const script = path.join(dir, 'fake-worker.js');
    fs.writeFileSync(script, FAKE_WORKER);
    const pool = ScanPool.start({ workers: 1, root: dir, config: configFrom(), workerScript: script, nice: 0 })!;
    // Pool threads are unref'd (they never keep the server alive); this keeps the test's process up meanwhile.
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      assert.ok(pool);
      assert.equal((await pool.analyze(path.join(dir, 'a.ts'))).path, path.join(dir, 'a.ts'));
      await assert.rejects(pool.analyze(path.join(dir, 'bad.ts')), /cannot analyze/);
      await assert.rejects(pool.analyze(path.join(dir, 'die.ts')), /exited with 3/);
      assert.ok(pool.alive, 'a new worker took over');
      assert.equal((await pool.analyze(path.join(dir, 'b.ts'))).path, path.join(dir, 'b.ts'));
      pool.close();
      assert.equal(pool.alive, false);
      await assert.rejects(pool.analyze(path.join(dir, 'c.ts')), /no scan worker left/);
    } finally {
      clearInterval(keepAlive);
      pool.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the real scan worker analyzes a file as the main thread does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-pool-'));
    const file = path.join(dir, 'a.test.ts');
    fs.writeFileSync(file, "import { test } from 'vitest';\ntest('waits', async () => { await new Promise((r) => setTimeout(r, 200)); });\n");
    const pool = ScanPool.start({ workers: 1, root: dir, config: configFrom(), workerScript: path.join(REPO, 'dist/scan-worker.js') })!;
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      const report = await pool.analyze(file);
      assert.deepEqual(report.tests.map((t) => [t.name, t.layer]), [['waits', 'unit']]);
      assert.ok(report.findings.some((f) => f.ruleId === 'fixed-sleep'));
    } finally {
      clearInterval(keepAlive);
      pool.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('worker count: TEST_LAYERS_SCAN_WORKERS, else cores - 1 (at least 1, at most 2)', () => {
    assert.equal(serverScanWorkers({ TEST_LAYERS_SCAN_WORKERS: '0' }), 0);
    assert.equal(serverScanWorkers({ TEST_LAYERS_SCAN_WORKERS: '3' }), 3);
    const fallback = serverScanWorkers({ TEST_LAYERS_SCAN_WORKERS: 'many' });
    assert.ok(fallback >= 1 && fallback <= 2, String(fallback));
    assert.equal(serverScanWorkers({}), fallback);
  });
});
