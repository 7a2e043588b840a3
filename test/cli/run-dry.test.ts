import { test, describe, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { escapeRegExp } from '../../server/src/core/runners';

// `test-layers run --dry-run` in-process on a monorepo with one package per runner, hostile test and file names.

const HOSTILE = [
  'calls f(x) and g()',
  `quotes ' and " and \``,
  'costs $5 and ${HOME} and $(rm -rf /)',
  'back\\slash',
  'line one\nline two',
  'unicode ✓ 名前 🚀',
  '-leading dash',
  'regex .*+?^[]{}|/ chars',
];

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-run-dry-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  return full;
}

const titles = (call: string) => HOSTILE.map((n) => `${call}(${JSON.stringify(n)}, () => { expect(1).toBe(1); });`).join('\n');
// One integration test per file, so the unit tests are selected by name rather than by whole file.
const integration = (call: string) => `${call}('starts a real server', async () => { const s = require('node:http').createServer(); await new Promise((r) => s.listen(0, r)); s.close(); });`;

write('test-layers.config.json', '{}');
write('package.json', JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }));
write('packages/j/package.json', JSON.stringify({ name: 'j', devDependencies: { jest: '29.7.0' } }));
const jestFile = write('packages/j/src/a (1) $x.test.js', `${titles('test')}\n${integration('test')}\n`);
write('packages/v/package.json', JSON.stringify({ name: 'v', devDependencies: { vitest: '3.2.4' } }));
const vitestFile = write('packages/v/-dash.test.ts', `import { test, expect } from 'vitest';\ndescribe('suite "q"', () => {\n${titles('test')}\n${integration('test')}\n});\n`);
write('packages/m/package.json', JSON.stringify({ name: 'm' }));
write('packages/m/.mocharc.yml', 'spec: []\n');
const mochaFile = write('packages/m/test/q.spec.js', `const { describe, it } = require('mocha');\n${titles('it')}\n${integration('it')}\n`);
write('packages/n/package.json', JSON.stringify({ name: 'n', scripts: { test: 'node --test' } }));
const nodeFile = write('packages/n/test/n.test.mjs', `import { test } from 'node:test';\n${titles('test')}\n${integration('test')}\n`);
// A package without its own runner: jest comes from the root.
write('package.json', JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'], devDependencies: { jest: '29.7.0' } }));
write('packages/plain/package.json', JSON.stringify({ name: 'plain' }));
const plainFile = write('packages/plain/p.test.js', `test('pure', () => { expect(1).toBe(1); });\n`);
write('packages/web/package.json', JSON.stringify({ name: 'web', devDependencies: { '@playwright/test': '1.50.0', cypress: '13.0.0' } }));
write('packages/web/playwright.config.ts', 'export default {};\n');
write('packages/web/cypress.config.js', 'module.exports = {};\n');
const pwFile = write('packages/web/e2e/log in (1) $HOME.spec.ts', `import { test, expect } from '@playwright/test';\n${HOSTILE.map((n) => `test(${JSON.stringify(n)}, async ({ page }) => { await page.goto('/'); });`).join('\n')}\n`);
const cyFile = write('packages/web/cypress/e2e/it\'s.cy.js', `describe('login', () => { it('visits', () => { cy.visit('/'); }); });\n`);

async function run(args: string[], cwd = root) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  const commands = () => (stdout.trim() ? stdout.trim().split('\n').map((l) => JSON.parse(l) as { cwd: string; argv: string[] }) : []);
  return { code, stdout, stderr, get commands() { return commands(); } };
}

const exact = (names: string[]) => `^(?:${names.map(escapeRegExp).join('|')})$`;
const pkg = (name: string) => path.join(root, 'packages', name);

describe('run --dry-run', () => {
  test('unit: one command per package and runner, exact argv with hostile names, never a shell string', async () => {
    const { code, stdout, stderr, commands } = await run(['run', '--layer', 'unit', '--dry-run']);
    assert.equal(code, 0, stderr);
    // Top-level tests: their own names are their full names, so Node 20 and 22 get the same pattern.
    const nodeNames = HOSTILE;
    assert.deepEqual(commands, [
      { cwd: pkg('j'), argv: ['npx', '--no-install', 'jest', '--runTestsByPath', jestFile, '-t', exact(HOSTILE)] },
      { cwd: pkg('m'), argv: ['npx', '--no-install', 'mocha', mochaFile, '--grep', exact(HOSTILE)] },
      { cwd: pkg('n'), argv: ['node', '--test', `--test-name-pattern=${exact(nodeNames)}`, nodeFile] },
      { cwd: root, argv: ['npx', '--no-install', 'jest', '--runTestsByPath', plainFile] },
      { cwd: pkg('v'), argv: ['npx', '--no-install', 'vitest', 'run', vitestFile, '-t', exact(HOSTILE.map((n) => `suite "q" ${n}`))] },
    ], stdout);
  });

  test('e2e: playwright and cypress select their spec files', async () => {
    const { code, stderr, commands } = await run(['run', '--layer', 'e2e', '--dry-run']);
    assert.equal(code, 0, stderr);
    assert.deepEqual(commands, [
      { cwd: pkg('web'), argv: ['npx', '--no-install', 'cypress', 'run', '--spec', cyFile] },
      { cwd: pkg('web'), argv: ['npx', '--no-install', 'playwright', 'test', pwFile] },
    ]);
  });

  test('integration: selects the one integration test of each file', async () => {
    const { code, commands } = await run(['run', '--layer', 'integration', '--dry-run', 'packages/j', 'packages/m']);
    assert.equal(code, 0);
    assert.deepEqual(commands.map((c) => c.argv.at(-1)), [exact(['starts a real server']), exact(['starts a real server'])]);
  });

  test('.each tables and template-literal titles match their formatted names; quoted ${x} stays literal', async () => {
    const file = write('packages/j/src/each.test.js', [
      "const kind = 'cart';",
      "test.each([[1, 2]])('adds %i and %i', (a, b) => { expect(a + b).toBe(3); });",
      'test(`empties the ${kind}`, () => { expect(kind).toBe("cart"); });',
      "test('keeps ${kind} literal', () => { expect(1).toBe(1); });",
      integration('test'),
    ].join('\n'));
    try {
      const { code, commands } = await run(['run', '--layer', 'unit', '--dry-run', 'packages/j/src/each.test.js']);
      assert.equal(code, 0);
      assert.deepEqual(commands.map((c) => c.argv.slice(3)), [['--runTestsByPath', file, '-t', '^(?:adds .*? and .*?|empties the .*?|keeps \\$\\{kind\\} literal)$']]);
    } finally {
      fs.rmSync(file);
    }
  });

  test('a title computed at run time cannot be selected by name: the whole file runs, and stderr says so', async () => {
    const file = write('packages/j/src/computed.test.js', [
      'class UserService {}',
      "describe(UserService.name, () => { test('finds a user', () => { expect(1).toBe(1); }); });",
      integration('test'),
    ].join('\n'));
    try {
      const { code, stderr, commands } = await run(['run', '--layer', 'unit', '--dry-run', 'packages/j/src/computed.test.js']);
      assert.equal(code, 0);
      assert.deepEqual(commands.map((c) => c.argv.slice(3)), [['--runTestsByPath', file]]);
      assert.match(stderr, /computed\.test\.js: test titles computed at run time cannot be selected by name, so the whole file runs \(1 test\(s\) of other layers too\)/);
    } finally {
      fs.rmSync(file);
    }
  });

  test('--runner overrides detection for every file', async () => {
    const { commands } = await run(['run', '--layer', 'unit', '--dry-run', '--runner', 'vitest', 'packages/plain']);
    assert.deepEqual(commands, [{ cwd: pkg('plain'), argv: ['npx', '--no-install', 'vitest', 'run', plainFile] }]);
  });

  test('no test in the layer: exit 0 with a message', async () => {
    const { code, stdout, stderr } = await run(['run', '--layer', 'e2e', '--dry-run', 'packages/j']);
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.match(stderr, /no e2e tests found/);
  });

  test('usage errors exit 2', async () => {
    for (const args of [['run'], ['run', '--layer', 'smoke'], ['run', '--layer', 'unit', '--uncertain', 'maybe'], ['run', '--layer', 'unit', '--runner', 'ava'], ['run', '--bogus']]) {
      const { code, stderr } = await run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /^test-layers: .*\nRun "test-layers run --help" for usage\.\n$/, args.join(' '));
    }
    const missing = await run(['run', '--layer', 'unit', '--dry-run', 'nope']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: nope/);
  });

  test('--help prints the run usage', async () => {
    const { code, stdout } = await run(['run', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: test-layers run --layer/);
  });
});

describe('run: uncertain tests and files without a runner', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-run-uncertain-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'test-layers.config.json'), '{}');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ devDependencies: { jest: '29' } }));
  // A harness called by name from a helper module: integration, but only a guess (low confidence).
  fs.writeFileSync(path.join(dir, 'app.test.js'), `const http = require('node:http');\nconst { setupTestApp } = require('./helpers');\ntest('serves the app', async () => { await setupTestApp(); });\ntest('boots a real server', async () => { http.createServer().listen(0); });\n`);

  test('include (default) runs them and lists them; exclude drops them and lists them', async () => {
    const inc = await run(['run', '--layer', 'integration', '--dry-run'], dir);
    assert.equal(inc.code, 0, inc.stderr);
    assert.match(inc.stderr, /1 test placed in integration with low confidence included \(--uncertain include\):\n  app\.test\.js:3  "serves the app"\n/);
    assert.deepEqual(inc.commands.map((c) => c.argv.slice(3)), [['--runTestsByPath', path.join(dir, 'app.test.js')]]);
    const exc = await run(['run', '--layer', 'integration', '--dry-run', '--uncertain', 'exclude'], dir);
    assert.equal(exc.code, 0, exc.stderr);
    assert.match(exc.stderr, /1 test placed in integration with low confidence excluded \(--uncertain exclude\)/);
    assert.deepEqual(exc.commands.map((c) => c.argv.slice(3)), [['--runTestsByPath', path.join(dir, 'app.test.js'), '-t', '^(?:boots a real server)$']]);
  });

  test('a file whose runner cannot be found is listed and the run exits 2', async () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-run-bare-'));
    try {
      fs.writeFileSync(path.join(bare, 'test-layers.config.json'), '{}');
      fs.writeFileSync(path.join(bare, 'package.json'), '{}');
      fs.writeFileSync(path.join(bare, 'x.test.js'), `test('a', () => { expect(1).toBe(1); });\n`);
      const { code, stderr } = await run(['run', '--layer', 'unit', '--dry-run'], bare);
      assert.equal(code, 2);
      assert.match(stderr, /no runner found for 1 file/);
      assert.match(stderr, /x\.test\.js \(jest\)/);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
