import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

const repo = path.resolve(__dirname, '../../..');

/** The rules this test owns; every finding of theirs on `examples/` must be listed below, so look-alikes stay quiet. */
const RULES = new Set(['missing-await', 'timing-assertion', 'real-network', 'nondeterministic-data', 'retry-band-aid', 'brittle-selector']);

/** `file:line rule severity` of every intended finding, as the example files' comments describe them. */
const EXPECTED = [
  'examples/cypress/e2e/cart.cy.ts:7 retry-band-aid info',
  'examples/cypress/e2e/cart.cy.ts:9 brittle-selector info',
  'examples/e2e/profile.spec.ts:4 retry-band-aid info',
  'examples/e2e/profile.spec.ts:14 missing-await warning',
  'examples/e2e/profile.spec.ts:16 missing-await warning',
  'examples/e2e/profile.spec.ts:29 brittle-selector info',
  'examples/e2e/profile.spec.ts:31 brittle-selector info',
  'examples/tests/integration/weather.test.ts:6 retry-band-aid info',
  'examples/tests/integration/weather.test.ts:11 real-network warning',
  'examples/tests/unit/session.test.ts:7 nondeterministic-data warning',
  'examples/tests/unit/session.test.ts:14 timing-assertion warning',
  'examples/tests/unit/session.test.ts:20 nondeterministic-data warning',
  'examples/tests/unit/session.test.ts:26 nondeterministic-data info',
];

interface JsonFinding { ruleId: string; severity: string; line: number; message: string; test: string | null }

function examplesReport(): { path: string; findings: JsonFinding[] }[] {
  let stdout = '';
  let stderr = '';
  const code = runCli(['examples', '--format', 'json', '--fail-on', 'never'], { cwd: repo, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout).files;
}

test('the timing, network, data, retry and selector rules report exactly the intended findings on examples/', () => {
  const actual = examplesReport()
    .flatMap((f) => f.findings.filter((x) => RULES.has(x.ruleId)).map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.severity}`))
    .sort();
  assert.deepEqual(actual, [...EXPECTED].sort());
});

test('each of these rules shows at least once in examples/', () => {
  const seen = new Set(EXPECTED.map((e) => e.split(' ')[1]));
  assert.deepEqual([...seen].sort(), [...RULES].sort());
});

test('example findings name the concrete thing and the test', () => {
  const files = examplesReport();
  const find = (file: string, line: number) => files.find((f) => f.path === file)?.findings.find((x) => x.line === line && RULES.has(x.ruleId));
  const click = find('examples/e2e/profile.spec.ts', 14);
  assert.equal(click?.test, 'profile saves the display name');
  assert.match(click!.message, /`page\.getByRole\('button', \{ name: 'Save' \}\)\.click\(\)`/);
  const network = find('examples/tests/integration/weather.test.ts', 11);
  assert.match(network!.message, /`api\.open-meteo\.com`/);
  assert.match(network!.message, /in 'weather reads the forecast from the provider'/);
  const timing = find('examples/tests/unit/session.test.ts', 14);
  assert.match(timing!.message, /within 50 ms in 'session creates sessions quickly'/);
});
