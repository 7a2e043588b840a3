import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

const repo = path.resolve(__dirname, '../../..');

/** The async-wait rules; every finding of theirs on `examples/` must be listed below, so look-alikes stay quiet. */
const RULES = new Set(['non-retrying-assertion', 'forced-action', 'unreliable-wait', 'unsafe-chain', 'done-callback', 'debug-leftover']);

/** `file:line rule severity` of every intended finding, as the example files' comments describe them. */
const EXPECTED = [
  'examples/cypress/e2e/profile.cy.ts:9 unsafe-chain warning',
  'examples/cypress/e2e/profile.cy.ts:18 forced-action warning',
  'examples/cypress/e2e/profile.cy.ts:27 debug-leftover error',
  'examples/e2e/search.spec.ts:7 unreliable-wait warning',
  'examples/e2e/search.spec.ts:18 non-retrying-assertion warning',
  'examples/e2e/search.spec.ts:20 non-retrying-assertion warning',
  'examples/e2e/search.spec.ts:37 unreliable-wait warning',
  'examples/e2e/search.spec.ts:39 unreliable-wait warning',
  'examples/e2e/search.spec.ts:45 forced-action warning',
  'examples/e2e/search.spec.ts:50 debug-leftover error',
  'examples/tests/unit/legacy-callback.test.ts:9 done-callback warning',
  'examples/tests/unit/legacy-callback.test.ts:16 done-callback warning',
];

interface JsonFinding { ruleId: string; severity: string; line: number; message: string; test: string | null }

function examplesReport(): { path: string; findings: JsonFinding[] }[] {
  let stdout = '';
  let stderr = '';
  const code = runCli(['examples', '--format', 'json', '--fail-on', 'never'], { cwd: repo, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout).files;
}

test('the async-wait rules report exactly the intended findings on examples/', () => {
  const actual = examplesReport()
    .flatMap((f) => f.findings.filter((x) => RULES.has(x.ruleId)).map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.severity}`))
    .sort();
  assert.deepEqual(actual, [...EXPECTED].sort());
});

test('each async-wait rule shows at least once in examples/', () => {
  const seen = new Set(EXPECTED.map((e) => e.split(' ')[1]));
  assert.deepEqual([...seen].sort(), [...RULES].sort());
});

test('async-wait findings on examples/ name the concrete thing, the test and what to wait on', () => {
  const files = examplesReport();
  const find = (file: string, line: number) => files.find((f) => f.path === file)?.findings.find((x) => x.line === line && RULES.has(x.ruleId));
  const visible = find('examples/e2e/search.spec.ts', 18)!;
  assert.equal(visible.test, 'search shows results for a query');
  assert.match(visible.message, /`page\.getByTestId\('results'\)\.isVisible\(\)`/);
  assert.match(visible.message, /`await expect\(page\.getByTestId\('results'\)\)\.toBeVisible\(\)`/);
  const idle = find('examples/e2e/search.spec.ts', 7)!;
  assert.equal(idle.test, null);
  assert.match(idle.message, /in beforeEach of 'search'/);
  const chain = find('examples/cypress/e2e/profile.cy.ts', 9)!;
  assert.match(chain.message, /`\.type\(\)` is chained after `\.clear\(\)` in 'profile renames the user'/);
  assert.match(chain.message, /cy\.get\('\[data-cy=display-name\]'\)\.type\(…\)/);
  const done = find('examples/tests/unit/legacy-callback.test.ts', 9)!;
  assert.equal(done.test, 'legacy callback APIs reads the price list');
  assert.match(done.message, /The `return` on line 9 leaves/);
});

test('the look-alikes in the new example files stay quiet for every rule of this group', () => {
  const files = examplesReport();
  const quiet: Record<string, number[]> = {
    // static title, read-back after fill, re-synchronised and polled reads, plain click, Promise.all wait
    'examples/e2e/search.spec.ts': [12, 15, 27, 28, 31, 47, 48],
    // assertion after an action, alias wait, separate chains, a plain label click
    'examples/cypress/e2e/profile.cy.ts': [11, 12, 13, 20, 21, 28],
    // done on every path, done handed on, no done at all
    'examples/tests/unit/legacy-callback.test.ts': [24, 25, 27, 32, 37, 38],
  };
  for (const [file, lines] of Object.entries(quiet)) {
    const findings = files.find((f) => f.path === file)?.findings.filter((x) => RULES.has(x.ruleId)) ?? [];
    for (const line of lines) assert.ok(!findings.some((x) => x.line === line), `${file}:${line} should stay quiet`);
  }
});
