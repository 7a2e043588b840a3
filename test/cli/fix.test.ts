import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../server/src/cli/main';

const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'bin/test-layers.js');

function tempCopy(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-fix-'));
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

interface JsonFinding { ruleId: string; line: number; message: string }

const SPEC = `import { test, expect } from '@playwright/test';

test.describe('profile', () => {
  test.only('saves', async ({ page }) => {
    page.getByRole('button', { name: 'Save' }).click();
    expect(page.getByText('Saved')).toBeVisible();
  });

  test('loads', ({ page }) => {
    expect(page.getByText('Profile')).toBeVisible();
  });
});
`;

test('--fix applies only safe fixes, writes the file and reports the re-analyzed result', () => {
  const dir = tempCopy({ 'e2e/profile.spec.ts': SPEC });
  const file = path.join(dir, 'e2e/profile.spec.ts');
  const r = run(['--fix', 'e2e/profile.spec.ts', '--format', 'json', '--fail-on', 'never'], dir);
  assert.equal(r.code, 0, r.stderr);
  const fixed = fs.readFileSync(file, 'utf8');
  // Safe: `await` in async functions and removing `.only`.
  assert.match(fixed, /^ {4}await page\.getByRole\('button', \{ name: 'Save' \}\)\.click\(\);$/m);
  assert.match(fixed, /^ {4}await expect\(page\.getByText\('Saved'\)\)\.toBeVisible\(\);$/m);
  assert.match(fixed, /^ {2}test\('saves', async/m);
  // Not safe: `return` in a synchronous test is offered in the editor only.
  assert.match(fixed, /^ {4}expect\(page\.getByText\('Profile'\)\)\.toBeVisible\(\);$/m);
  assert.doesNotMatch(fixed, /return expect/);

  const report = JSON.parse(r.stdout);
  const findings: JsonFinding[] = report.files[0].findings;
  const missing = findings.filter((f) => f.ruleId === 'missing-await');
  // The report is of the fixed text: only the unsafe case is left, at its line in the new file.
  assert.deepEqual(missing.map((f) => f.line), [10]);
  assert.ok(!findings.some((f) => f.ruleId === 'focused-test'), 'the focus was removed');
});

test('--fix on a file with nothing safe to fix leaves it byte for byte', () => {
  const text = `it('loads', () => {\n  expect(load()).resolves.toEqual({ id: 1 });\n});\n`;
  const dir = tempCopy({ 'load.test.ts': text });
  const r = run(['--fix', 'load.test.ts', '--format', 'json', '--fail-on', 'never'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(path.join(dir, 'load.test.ts'), 'utf8'), text);
  const findings: JsonFinding[] = JSON.parse(r.stdout).files[0].findings;
  assert.deepEqual(findings.map((f) => `${f.ruleId}:${f.line}`), ['missing-await:2']);
});

test('without --fix nothing is written', () => {
  const dir = tempCopy({ 'e2e/profile.spec.ts': SPEC });
  run(['e2e/profile.spec.ts', '--format', 'json', '--fail-on', 'never'], dir);
  assert.equal(fs.readFileSync(path.join(dir, 'e2e/profile.spec.ts'), 'utf8'), SPEC);
});

test('the bin fixes a copy of the examples: missing awaits in the Playwright spec are gone', () => {
  const source = fs.readFileSync(path.join(repo, 'examples/e2e/profile.spec.ts'), 'utf8');
  const dir = tempCopy({ 'e2e/profile.spec.ts': source });
  const r = spawnSync(process.execPath, [bin, '--fix', 'e2e', '--format', 'json', '--fail-on', 'never'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const fixed = fs.readFileSync(path.join(dir, 'e2e/profile.spec.ts'), 'utf8');
  assert.equal(fixed.split('\n').length, source.split('\n').length);
  assert.match(fixed, /await page\.getByRole\('button', \{ name: 'Save' \}\)\.click\(\);/);
  assert.match(fixed, /await expect\(page\.getByText\('Saved'\)\)\.toBeVisible\(\);/);
  const findings: JsonFinding[] = JSON.parse(r.stdout).files[0].findings;
  assert.equal(findings.filter((f) => f.ruleId === 'missing-await').length, 0);
  // Rules without a safe fix keep reporting.
  assert.ok(findings.some((f) => f.ruleId === 'brittle-selector'));
});
