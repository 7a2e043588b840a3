import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import type { LayerListing } from '../../server/src/cli/list';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-list-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
write('test-layers.config.json', '{}');
write('package.json', JSON.stringify({ devDependencies: { vitest: '3.2.4', '@playwright/test': '1.50.0' } }));
write('src/math.test.ts', `import { test, expect } from 'vitest';\ntest('adds', () => { expect(1 + 1).toBe(2); });\n`);
write('src/db.test.ts', `import { test } from 'vitest';\nimport { Pool } from 'pg';\ntest('pure', () => {});\ntest('queries', async () => { const pool = new Pool(); await pool.query('select 1'); await pool.end(); });\n`);
write('e2e/home page.spec.ts', `import { test } from '@playwright/test';\ntest('opens', async ({ page }) => { await page.goto('/'); });\n`);

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd: dir, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}

test('--format files (default) prints one path per line, relative and sorted as scanned', async () => {
  assert.deepEqual(await cli(['list', '--layer', 'unit']), { code: 0, stdout: 'src/db.test.ts\nsrc/math.test.ts\n', stderr: '' });
  assert.equal((await cli(['list', '--layer', 'integration', '--format', 'files'])).stdout, 'src/db.test.ts\n');
  assert.equal((await cli(['list', '--layer', 'e2e', 'e2e'])).stdout, 'e2e/home page.spec.ts\n');
});

test('--format json gives files, runner, whole-file flag and tests', async () => {
  const { code, stdout } = await cli(['list', '--layer', 'unit', '--format', 'json']);
  assert.equal(code, 0);
  const listing = JSON.parse(stdout) as LayerListing;
  assert.equal(listing.version, 1);
  assert.equal(listing.layer, 'unit');
  assert.deepEqual(listing.files.map((f) => [f.path, f.framework, f.runner, f.wholeFile, f.tests.map((t) => t.fullName)]), [
    ['src/db.test.ts', 'vitest', 'vitest', false, ['pure']],
    ['src/math.test.ts', 'vitest', 'vitest', true, ['adds']],
  ]);
  assert.deepEqual(Object.keys(listing.files[0].tests[0]).sort(), ['confidence', 'fullName', 'line', 'name']);
});

test('usage errors exit 2 and point at list --help', async () => {
  for (const args of [['list'], ['list', '--layer', 'unit', '--format', 'csv'], ['list', '--layer', 'nope']]) {
    const { code, stderr } = await cli(args);
    assert.equal(code, 2, args.join(' '));
    assert.match(stderr, /Run "test-layers list --help" for usage\./);
  }
  assert.match((await cli(['list', '--help'])).stdout, /^Usage: test-layers list/);
});
