import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../server/src/cli/main';

const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'bin/test-layers.js');

function tempProject(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}

const SLEEPY = `import { test } from '@playwright/test';\ntest('waits', async ({ page }) => {\n  await page.waitForTimeout(1000);\n});\n`;
const FOCUSED = `describe('a', () => {\n  it.only('b', () => {});\n});\n`;
const CLEAN = `it('adds', () => { expect(1 + 1).toBe(2); });\n`;

test('the bin prints the JSON contract for the examples with all three layers', () => {
  const r = spawnSync(process.execPath, [bin, 'examples', '--format', 'json', '--fail-on', 'never'], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.version, 1);
  const layers = new Set(report.files.flatMap((f: { tests: { layer: string }[] }) => f.tests.map((t) => t.layer)));
  assert.deepEqual([...layers].sort(), ['e2e', 'integration', 'unit']);
  for (const f of report.files) {
    for (const t of f.tests) {
      assert.ok(['high', 'medium', 'low'].includes(t.confidence));
      assert.ok(t.evidence.length > 0, `${f.path} ${t.fullName} has evidence`);
      assert.ok(t.line >= 1 && t.endLine >= t.line);
    }
  }
  const rules = new Set(report.files.flatMap((f: { findings: { ruleId: string }[] }) => f.findings.map((x) => x.ruleId)));
  for (const id of ['fixed-sleep', 'focused-test', 'skipped-test', 'layer-mismatch']) assert.ok(rules.has(id), `examples show ${id}`);
  assert.equal(report.summary.files, report.files.length);
});

test('exit codes follow --fail-on', () => {
  const dir = tempProject({ 'a.test.ts': SLEEPY });
  assert.equal(run(['a.test.ts'], dir).code, 0, 'a warning does not fail by default');
  assert.equal(run(['a.test.ts', '--fail-on', 'warning'], dir).code, 1);
  fs.writeFileSync(path.join(dir, 'b.test.ts'), FOCUSED);
  assert.equal(run(['.'], dir).code, 1, 'focused-test is an error');
  assert.equal(run(['.', '--fail-on', 'never'], dir).code, 0);
});

test('text output groups by file and ends with the layer summary', () => {
  const dir = tempProject({ 'a.test.ts': SLEEPY, 'c.test.ts': CLEAN });
  const { stdout } = run(['.'], dir);
  assert.match(stdout, /^a\.test\.ts\n  3:9  warning  `page\.waitForTimeout\(1000\)` waits a fixed 1 s/m);
  assert.match(stdout, /fixed-sleep\n/);
  assert.match(stdout, /Layers: Unit 1 · Integration 0 · E2E 1 {2}\(2 tests in 2 files\)/);
  assert.doesNotMatch(stdout, /c\.test\.ts/);
  assert.doesNotMatch(stdout, /\u001b\[/, 'no colours when not a terminal');
});

test('--rule overrides severity, and unknown rules or severities are usage errors', () => {
  const dir = tempProject({ 'a.test.ts': SLEEPY });
  assert.equal(run(['a.test.ts', '--rule', 'fixed-sleep=error'], dir).code, 1);
  assert.equal(run(['a.test.ts', '--rule', 'fixed-sleep=off', '--format', 'json'], dir).stdout.includes('fixed-sleep'), false);
  const bad = run(['a.test.ts', '--rule', 'nope=error'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown rule "nope"/);
  assert.equal(run(['a.test.ts', '--rule', 'fixed-sleep=loud'], dir).code, 2);
  assert.equal(run(['--format', 'yaml'], dir).code, 2);
  assert.equal(run(['--bogus'], dir).code, 2);
});

test('an invalid config names the file, the key and the problem, and exits 2', () => {
  const dir = tempProject({
    'test-layers.config.json': JSON.stringify({ rules: { 'fixed-sleep': 'loud', 'no-such-rule': 'error' }, include: 'x', maxFileSize: -1, color: true }),
    'a.test.ts': CLEAN,
  });
  const r = run(['.'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /test-layers\.config\.json: `rules\.fixed-sleep`: must be one of/);
  assert.match(r.stderr, /`rules\.no-such-rule`: unknown rule/);
  assert.match(r.stderr, /`include`: must be an array/);
  assert.match(r.stderr, /`maxFileSize`/);
  assert.match(r.stderr, /`color`: unknown setting/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('broken JSON and bad globs in the config are reported with a line', () => {
  const dir = tempProject({ 'test-layers.config.json': '{\n  "include": ["**/*.ts",\n  "exclude": ]\n}', 'a.test.ts': CLEAN });
  const r = run(['.'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /test-layers\.config\.json:3: invalid JSON/);
  const globs = tempProject({ 'test-layers.config.json': '{ "exclude": ["src/{a,b"], "layers": { "e2e": { "paths": [""] } } }', 'a.test.ts': CLEAN });
  const g = run(['.'], globs);
  assert.equal(g.code, 2);
  assert.match(g.stderr, /`exclude\.0`: invalid glob "src\/\{a,b": has an unclosed `\{`/);
  assert.match(g.stderr, /`layers\.e2e\.paths\.0`/);
});

test('a valid config changes rules and globs; JSON with comments is accepted', () => {
  const dir = tempProject({
    'test-layers.config.json': '// project settings\n{ "rules": { "fixed-sleep": "error" }, "layers": { "integration": { "paths": ["checks/**"] } } }',
    'checks/a.test.ts': SLEEPY,
  });
  const r = run(['.', '--format', 'json'], dir);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout);
  assert.equal(report.files[0].findings.find((f: { ruleId: string }) => f.ruleId === 'fixed-sleep').severity, 'error');
  assert.equal(report.files[0].tests[0].declaredLayer, 'integration');
});

test('folders are scanned with include/exclude and .gitignore; explicit files are always analyzed', () => {
  const dir = tempProject({
    'src/a.test.ts': CLEAN,
    'src/helper.ts': CLEAN,
    'node_modules/pkg/x.test.ts': CLEAN,
    'dist/y.test.ts': CLEAN,
    'generated/z.test.ts': CLEAN,
    '.gitignore': 'generated/\n',
  });
  const files = (argv: string[]) => JSON.parse(run([...argv, '--format', 'json'], dir).stdout).files.map((f: { path: string }) => f.path).sort();
  assert.deepEqual(files(['.']), ['src/a.test.ts']);
  assert.deepEqual(files(['src/helper.ts', 'generated/z.test.ts']), ['generated/z.test.ts', 'src/helper.ts']);
});

test('bad input is reported in errors and never aborts the run', () => {
  const big = 'x'.repeat(1024 * 1024 + 10);
  const dir = tempProject({
    'binary.test.ts': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
    'latin1.test.ts': Buffer.from([0x69, 0x74, 0x28, 0x27, 0xe9, 0x27, 0x29]),
    'utf16.test.ts': Buffer.from([0xff, 0xfe, 0x69, 0x00]),
    'huge.test.ts': big,
    'broken.test.ts': `it('a', () => {\n  const x = ;\n});\n`,
    'ok.test.ts': CLEAN,
  });
  const r = run(['.', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const byPath = Object.fromEntries(JSON.parse(r.stdout).files.map((f: { path: string }) => [f.path, f]));
  assert.equal(byPath['binary.test.ts'].errors[0].kind, 'binary');
  assert.equal(byPath['latin1.test.ts'].errors[0].kind, 'encoding');
  assert.equal(byPath['utf16.test.ts'].errors[0].kind, 'encoding');
  assert.equal(byPath['huge.test.ts'].errors[0].kind, 'too-large');
  assert.equal(byPath['broken.test.ts'].errors[0].kind, 'syntax');
  assert.equal(byPath['broken.test.ts'].tests.length, 1, 'a file with syntax errors is analyzed as far as it parses');
  assert.equal(byPath['ok.test.ts'].errors.length, 0);
  const text = run(['.'], dir).stdout;
  assert.match(text, /huge\.test\.ts\n  0:0  error  file is 1 MB, over the 1 MB limit/);
});

test('a missing path is a usage error after the other paths are analyzed', () => {
  const dir = tempProject({ 'a.test.ts': CLEAN });
  const r = run(['a.test.ts', 'nope', '--format', 'json'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no such file or folder: nope/);
  assert.equal(JSON.parse(r.stdout).files.length, 1);
});

test('SARIF 2.1.0 has the driver rules, results with regions, and notifications for file errors', () => {
  const dir = tempProject({ 'a.test.ts': SLEEPY, 'b.test.ts': Buffer.from([0, 1, 2]) });
  const sarif = JSON.parse(run(['.', '--format', 'sarif'], dir).stdout);
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'test-layers');
  const ruleIds = run0.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.ok(ruleIds.includes('fixed-sleep'));
  const result = run0.results[0];
  assert.equal(result.ruleId, 'fixed-sleep');
  assert.equal(ruleIds[result.ruleIndex], 'fixed-sleep');
  assert.equal(result.level, 'warning');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 3, startColumn: 9, endLine: 3, endColumn: 34 });
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'a.test.ts');
  assert.match(run0.invocations[0].toolExecutionNotifications[0].message.text, /b\.test\.ts: file looks binary/);
});

test('markdown shows the pyramid, folders, causes and top files', () => {
  const dir = tempProject({ 'e2e/a.spec.ts': SLEEPY, 'unit/c.test.ts': CLEAN });
  const md = run(['.', '--format', 'markdown'], dir).stdout;
  assert.match(md, /## Test Layers report/);
  assert.match(md, /\| E2E \| 1 \| 50% \|/);
  assert.match(md, /\| Unit \| 1 \| 50% \|/);
  assert.match(md, /\| `e2e` \| 0 \| 0 \| 1 \|/);
  assert.match(md, /\| timing \| 1 \| `fixed-sleep` 1 \|/);
  assert.match(md, /\| `e2e\/a\.spec\.ts` \| 1 \| 1 \|/);
});

test('--output writes the report to a file; --help and --version', () => {
  const dir = tempProject({ 'a.test.ts': CLEAN });
  assert.equal(run(['.', '--format', 'json', '-o', 'report.json'], dir).stdout, '');
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).summary.tests, 1);
  assert.match(run(['--help'], dir).stdout, /Usage: test-layers/);
  assert.match(run(['--version'], dir).stdout, /^\d+\.\d+\.\d+\n$/);
});
