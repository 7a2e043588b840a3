import { test, describe, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildRunCommand, detectRunner, detectRunnerInPackages, escapeRegExp, exactNamePattern, findPackageDir, nameToPattern,
  planRunCommands, RUNNER_KINDS, type PackageFacts, type RunnerInfo, type RunnerKind,
} from '../../server/src/core/runners';

const HOSTILE = [
  'calls f(x) and g()',
  `quotes ' and " and \``,
  'costs $5 and ${HOME} and $(rm -rf /)',
  'back\\slash and \\n literal',
  'line one\nline two',
  'unicode ✓ 名前 émoji 🚀',
  '-leading dash',
  '--help',
  'regex .*+?^[]{}|/ chars',
  'semi; rm -rf / && echo pwned | cat > x',
];

const facts = (packageJson: any, files: string[] = [], dir = '/repo/pkg'): PackageFacts => ({ dir, packageJson, files });

describe('escapeRegExp', () => {
  test('every hostile name matches itself exactly and nothing longer', () => {
    for (const name of HOSTILE) {
      const re = new RegExp(`^${escapeRegExp(name)}$`);
      assert.ok(re.test(name), name);
      assert.ok(!re.test(`${name} `), name);
      assert.ok(!re.test(`x${name}`), name);
      // Also valid under the unicode flag, which some runners use.
      assert.ok(new RegExp(`^${escapeRegExp(name)}$`, 'u').test(name), name);
    }
  });

  test('line breaks and control characters are written as escapes, so the pattern is one line', () => {
    assert.equal(escapeRegExp('a\nb\r\tc\u0001'), 'a\\nb\\r\\tc\\u0001');
  });

  test('exact pattern selects one test, not a test whose name contains it', () => {
    const re = new RegExp(exactNamePattern(['adds', 'suite adds']));
    assert.ok(re.test('adds'));
    assert.ok(re.test('suite adds'));
    assert.ok(!re.test('adds more'));
    assert.ok(!re.test('other suite adds'));
  });

  test('.each and template placeholders become wildcards, the rest stays literal', () => {
    const re = new RegExp(`^${nameToPattern('adds %i + %i = $expected (${a})')}$`);
    assert.ok(re.test('adds 1 + 2 = 3 (x)'));
    assert.ok(!re.test('adds 1 - 2 = 3 (x)'));
    assert.equal(nameToPattern('100%% sure'), '100% sure');
  });
});

describe('detectRunner', () => {
  test('from dependencies, scripts and config files', () => {
    assert.equal(detectRunner(facts({ devDependencies: { jest: '29' } }), 'jest')?.kind, 'jest');
    assert.equal(detectRunner(facts({ devDependencies: { vitest: '3' } }), 'jest')?.kind, 'vitest', 'globals-only file in a vitest package');
    assert.equal(detectRunner(facts({ scripts: { test: 'mocha --recursive' } }), 'mocha')?.kind, 'mocha');
    assert.equal(detectRunner(facts({ scripts: { test: 'node --test' } }), 'unknown')?.kind, 'node:test');
    assert.equal(detectRunner(facts({}, ['vitest.config.mts']), 'unknown')?.kind, 'vitest');
    assert.equal(detectRunner(facts({}, ['.mocharc.yml']), 'jest')?.kind, 'mocha');
    assert.equal(detectRunner(facts({ jest: { testEnvironment: 'node' } }), 'jest')?.kind, 'jest');
    assert.equal(detectRunner(facts({}), 'jest'), undefined);
  });

  test('the file framework decides between runners of one package', () => {
    const both = facts({ devDependencies: { vitest: '3', '@playwright/test': '1' } }, ['playwright.config.ts', 'vitest.config.ts']);
    assert.equal(detectRunner(both, 'playwright')?.kind, 'playwright');
    assert.equal(detectRunner(both, 'vitest')?.kind, 'vitest');
    assert.equal(detectRunner(both, 'jest')?.kind, 'vitest');
    const cy = facts({ devDependencies: { cypress: '13', jest: '29' } }, ['cypress.config.js']);
    assert.equal(detectRunner(cy, 'cypress')?.kind, 'cypress');
    assert.equal(detectRunner(cy, 'jest')?.kind, 'jest');
  });

  test('node:test needs no package; an override always wins; webdriverio is not supported', () => {
    assert.deepEqual(detectRunner(facts(undefined), 'node:test'), { kind: 'node:test', packageDir: '/repo/pkg' });
    assert.equal(detectRunner(facts({ devDependencies: { jest: '29' } }), 'jest', 'vitest')?.kind, 'vitest');
    assert.equal(detectRunner(facts({ devDependencies: { webdriverio: '9' } }), 'webdriverio'), undefined);
  });

  test('a monorepo package without its own runner uses the root one', () => {
    const chain = [facts({ name: 'a' }, [], '/repo/packages/a'), facts({ devDependencies: { jest: '29' } }, ['jest.config.js'], '/repo')];
    assert.deepEqual(detectRunnerInPackages(chain, 'jest'), { kind: 'jest', packageDir: '/repo' });
    assert.deepEqual(detectRunnerInPackages([facts({}, [], '/x')], 'vitest'), { kind: 'vitest', packageDir: '/x' }, 'falls back to the imported framework');
    assert.equal(detectRunnerInPackages([facts({}, [], '/x')], 'unknown'), undefined);
  });
});

describe('findPackageDir', () => {
  const tree = new Set(['/repo/package.json', '/repo/packages/a/package.json']);
  test('nearest package.json at or above the file', () => {
    assert.equal(findPackageDir('/repo/packages/a/src/x.test.ts', (p) => tree.has(p)), '/repo/packages/a');
    assert.equal(findPackageDir('/repo/tools/y.test.ts', (p) => tree.has(p)), '/repo');
    assert.equal(findPackageDir('/elsewhere/z.test.ts', (p) => tree.has(p)), undefined);
    assert.equal(findPackageDir('C:\\w\\p\\t.test.ts', (p) => p === 'C:\\w\\package.json'), 'C:\\w');
  });
});

describe('buildRunCommand: exact argv for every runner with hostile names', () => {
  const runner = (kind: RunnerKind): RunnerInfo => ({ kind, packageDir: '/repo/pkg' });
  const file = '/repo/pkg/src/a (1) $x.test.ts';

  for (const name of HOSTILE) {
    test(`jest: ${JSON.stringify(name)}`, () => {
      const cmd = buildRunCommand(runner('jest'), [{ file, fullNames: [name] }]);
      assert.deepEqual(cmd, { command: 'npx', cwd: '/repo/pkg', args: ['--no-install', 'jest', '--runTestsByPath', file, '-t', `^(?:${escapeRegExp(name)})$`] });
    });
    test(`vitest: ${JSON.stringify(name)}`, () => {
      const cmd = buildRunCommand(runner('vitest'), [{ file, fullNames: [name] }]);
      assert.deepEqual(cmd, { command: 'npx', cwd: '/repo/pkg', args: ['--no-install', 'vitest', 'run', file, '-t', `^(?:${escapeRegExp(name)})$`] });
    });
    test(`mocha: ${JSON.stringify(name)}`, () => {
      const cmd = buildRunCommand(runner('mocha'), [{ file, fullNames: [name] }]);
      assert.deepEqual(cmd, { command: 'npx', cwd: '/repo/pkg', args: ['--no-install', 'mocha', file, '--grep', `^(?:${escapeRegExp(name)})$`] });
    });
    test(`node:test: ${JSON.stringify(name)}`, () => {
      const cmd = buildRunCommand(runner('node:test'), [{ file, fullNames: [name] }], { nodeVersion: '22.1.0' });
      assert.deepEqual(cmd, { command: 'node', cwd: '/repo/pkg', args: ['--test', `--test-name-pattern=^(?:${escapeRegExp(name)})$`, file] });
    });
    test(`playwright: ${JSON.stringify(name)}`, () => {
      const cmd = buildRunCommand(runner('playwright'), [{ file, fullNames: [name] }]);
      const pattern = `(?:^|[\\s/\\\\])(?:a \\(1\\) \\$x\\.test\\.ts (?:${escapeRegExp(name)}))(?: @\\S+)*$`;
      assert.deepEqual(cmd, { command: 'npx', cwd: '/repo/pkg', args: ['--no-install', 'playwright', 'test', file, '-g', pattern] });
      const re = new RegExp(pattern);
      assert.ok(re.test(`chromium src/a (1) $x.test.ts ${name}`));
      assert.ok(re.test(` src/a (1) $x.test.ts ${name} @slow`));
      assert.ok(!re.test(`chromium src/a (1) $x.test.ts suite ${name}`));
      assert.ok(!re.test(`chromium src/b.test.ts ${name}`));
    });
    test(`cypress selects by spec only: ${JSON.stringify(name)}`, () => {
      const cmd = buildRunCommand(runner('cypress'), [{ file, fullNames: [name] }]);
      assert.deepEqual(cmd, { command: 'npx', cwd: '/repo/pkg', args: ['--no-install', 'cypress', 'run', '--spec', file] });
    });
  }

  test('every argument is a separate string and none is a shell string', () => {
    for (const kind of RUNNER_KINDS) {
      const cmd = buildRunCommand(runner(kind), [{ file, fullNames: HOSTILE }]);
      assert.ok(!cmd.command.includes(' '), kind);
      assert.ok(cmd.args.every((a) => typeof a === 'string'), kind);
      assert.ok(!cmd.args.some((a) => a.includes('\n')), `${kind}: no raw newline reaches argv`);
    }
  });

  test('a file starting with "-" is never read as an option', () => {
    const cmd = buildRunCommand(runner('mocha'), [{ file: '-rf.test.js', fullNames: [] }]);
    assert.deepEqual(cmd.args, ['--no-install', 'mocha', './-rf.test.js']);
  });

  test('whole files run without a filter; several names become one alternation', () => {
    assert.deepEqual(buildRunCommand(runner('vitest'), [{ file: 'a.test.ts', fullNames: [] }]).args, ['--no-install', 'vitest', 'run', 'a.test.ts']);
    assert.deepEqual(buildRunCommand(runner('jest'), [{ file: 'a.test.ts', fullNames: ['x', 's y'] }, { file: 'b.test.ts', fullNames: ['z'] }]).args,
      ['--no-install', 'jest', '--runTestsByPath', 'a.test.ts', 'b.test.ts', '-t', '^(?:x|s y|z)$']);
  });

  test('planRunCommands keeps whole files apart from filtered ones where the filter spans files', () => {
    const sel = [{ file: 'a.test.js', fullNames: [] }, { file: 'b.test.js', fullNames: ['only this'] }];
    assert.deepEqual(planRunCommands(runner('mocha'), sel).map((c) => c.args), [
      ['--no-install', 'mocha', 'a.test.js'],
      ['--no-install', 'mocha', 'b.test.js', '--grep', '^(?:only this)$'],
    ]);
    assert.deepEqual(planRunCommands(runner('playwright'), sel).map((c) => c.args), [
      ['--no-install', 'playwright', 'test', 'a.test.js', 'b.test.js', '-g', '(?:^|[\\s/\\\\])(?:a\\.test\\.js .*|b\\.test\\.js (?:only this))(?: @\\S+)*$'],
    ]);
  });

  test('a runner entry script runs with node; node:test before Node 22 also matches own names', () => {
    const jest = buildRunCommand({ kind: 'jest', packageDir: '/p', bin: '/p/node_modules/jest/bin/jest.js' }, [{ file: 'a.test.js', fullNames: [] }]);
    assert.deepEqual(jest, { command: 'node', cwd: '/p', args: ['/p/node_modules/jest/bin/jest.js', '--runTestsByPath', 'a.test.js'] });
    const nt = buildRunCommand(runner('node:test'), [{ file: 'a.test.js', fullNames: ['outer inner'], names: ['inner'] }], { nodeVersion: 'v20.20.0' });
    assert.deepEqual(nt.args, ['--test', '--test-name-pattern=^(?:outer inner|inner)$', 'a.test.js']);
  });

  test('only names marked dynamic get wildcards for their placeholders', () => {
    const cmd = buildRunCommand(runner('vitest'), [{ file: 'a.test.ts', fullNames: ['adds %i', 'costs $HOME %s'], dynamic: [true, false] }]);
    assert.deepEqual(cmd.args.slice(-2), ['-t', '^(?:adds .*?|costs \\$HOME %s)$']);
  });
});

describe('node:test really runs only the selected hostile-named test', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-runners-'));
  const file = path.join(dir, 'hostile.test.js');
  const names = HOSTILE.filter((n) => !n.startsWith('--'));
  fs.writeFileSync(file, `const { test } = require('node:test');\n${names.map((n, i) => `test(${JSON.stringify(n)}, () => { console.log('RAN ${i}'); });`).join('\n')}\ntest('other', () => { console.log('RAN other'); });\n`);

  for (const [i, name] of names.entries()) {
    test(`selects ${JSON.stringify(name)}`, () => {
      const cmd = buildRunCommand({ kind: 'node:test', packageDir: dir }, [{ file, fullNames: [name], names: [name] }]);
      // A run nested in node:test would report to the parent through NODE_TEST_CONTEXT instead of stdout.
      const env = { ...process.env };
      delete env.NODE_TEST_CONTEXT;
      const out = spawnSync(process.execPath, cmd.args, { cwd: cmd.cwd, encoding: 'utf8', shell: false, env });
      assert.equal(out.status, 0, out.stdout + out.stderr);
      const ran = [...out.stdout.matchAll(/RAN (\w+)/g)].map((m) => m[1]);
      assert.deepEqual(ran, [String(i)], out.stdout);
    });
  }
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
});
