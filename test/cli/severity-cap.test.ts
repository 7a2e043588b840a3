import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

const UNIQUE = `it('signs up', async () => {\n  await signup(\`user-\${Date.now()}@example.com\`);\n});\n`;

function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}

test('a unique name stays information under --rule …=error and does not fail --fail-on warning', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-cli-'));
  fs.writeFileSync(path.join(dir, 'signup.test.ts'), UNIQUE);
  const r = run(['.', '--format', 'json', '--rule', 'nondeterministic-data=error', '--fail-on', 'warning'], dir);
  assert.equal(r.code, 0, r.stderr);
  const findings = JSON.parse(r.stdout).files[0].findings.filter((f: { ruleId: string }) => f.ruleId === 'nondeterministic-data');
  assert.deepEqual(findings.map((f: { severity: string; line: number }) => `${f.line} ${f.severity}`), ['2 info']);
  const off = run(['.', '--format', 'json', '--rule', 'nondeterministic-data=off'], dir);
  assert.deepEqual(JSON.parse(off.stdout).files[0].findings.filter((f: { ruleId: string }) => f.ruleId === 'nondeterministic-data'), []);
});
