import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

const repo = path.resolve(__dirname, '../../..');

/** The shared-state, concurrency and resource rules; every finding of theirs on `examples/` must be listed below. */
const RULES = new Set(['shared-mutable-state', 'order-dependency', 'unsafe-concurrency', 'resource-leak', 'hardcoded-port']);

/** `file:line rule severity` of every intended finding, as the example files' comments describe them. */
const EXPECTED = [
  'examples/tests/integration/server-leak.test.ts:21 hardcoded-port warning',
  'examples/tests/integration/server-leak.test.ts:21 resource-leak warning',
  'examples/tests/integration/server-leak.test.ts:46 resource-leak warning',
  'examples/tests/unit/cart-concurrent.test.ts:13 unsafe-concurrency warning',
  'examples/tests/unit/shared-state.test.ts:25 shared-mutable-state warning',
  'examples/tests/unit/shared-state.test.ts:36 order-dependency warning',
  'examples/tests/unit/shared-state.test.ts:56 shared-mutable-state warning',
  'examples/tests/unit/shared-state.test.ts:62 shared-mutable-state warning',
];

interface JsonFinding { ruleId: string; severity: string; line: number; message: string; test: string | null; related: { line: number; message: string }[] }

function examplesReport(): { path: string; findings: JsonFinding[] }[] {
  let stdout = '';
  let stderr = '';
  const code = runCli(['examples', '--format', 'json', '--fail-on', 'never'], { cwd: repo, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout).files;
}

test('the shared-state and resource rules report exactly the intended findings on examples/ (look-alikes stay quiet)', () => {
  const actual = examplesReport()
    .flatMap((f) => f.findings.filter((x) => RULES.has(x.ruleId)).map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.severity}`))
    .sort();
  assert.deepEqual(actual, [...EXPECTED].sort());
});

test('each of these rules shows at least once in examples/', () => {
  const seen = new Set(EXPECTED.map((e) => e.split(' ')[1]));
  assert.deepEqual([...seen].sort(), [...RULES].sort());
});

test('example findings name the concrete thing, the test and the other end', () => {
  const files = examplesReport();
  const find = (file: string, line: number, rule: string) => files.find((f) => f.path === file)?.findings.find((x) => x.line === line && x.ruleId === rule);
  const leak = find('examples/tests/integration/server-leak.test.ts', 21, 'resource-leak');
  assert.match(leak!.message, /^`metricsServer` is started with `http\.createServer\(.*\)…` in `beforeAll` \(line 21\) and never closed/);
  assert.equal(leak!.related[0].line, 9);
  const adminLeak = find('examples/tests/integration/server-leak.test.ts', 46, 'resource-leak');
  assert.equal(adminLeak!.test, 'GET /users starts a second app for the admin routes');
  const order = find('examples/tests/unit/shared-state.test.ts', 36, 'order-dependency');
  assert.equal(order!.test, 'cart state restores the saved cart');
  assert.match(order!.message, /`savedCart`, which only the earlier test 'cart state saves the cart' changes/);
  assert.deepEqual(order!.related.map((r) => r.line), [30, 10]);
  const shared = find('examples/tests/unit/shared-state.test.ts', 25, 'shared-mutable-state');
  assert.match(shared!.message, /changed by 'cart state adds an item' \(`added\.push\(sampleItem\)`, line 17\)/);
  const race = find('examples/tests/unit/cart-concurrent.test.ts', 13, 'unsafe-concurrency');
  assert.match(race!.message, /used by 'cart prices, concurrently totals item b'/);
});
