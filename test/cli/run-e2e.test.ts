import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// End to end: `test-layers run` on a fixture project with the real jest, vitest, mocha and node:test.
// The runners are installed once per package.json content into a cache folder outside the repository.

const repo = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(repo, 'bin', 'test-layers.js');
const fixture = path.join(repo, 'test', 'fixtures', 'run-project');
const manifest = fs.readFileSync(path.join(fixture, 'package.json'));
// Keyed by the dependencies only, so editing the runners' config in package.json does not reinstall.
const dependencies = JSON.stringify(JSON.parse(manifest.toString('utf8')).devDependencies);
const project = path.join(os.tmpdir(), `test-layers-run-project-${createHash('sha256').update(dependencies).digest('hex').slice(0, 12)}`);
const INSTALLED = path.join(project, 'node_modules', '.test-layers-installed');

const UNIT = ['jest-adds', 'jest-hostile', 'jest-fails-when-asked', 'jest-mixed-unit', 'vitest-upper', 'vitest-mock', 'mocha-push', 'mocha-dash', 'node-minutes', 'node-top-minutes'];

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };
  // Inside node:test this would make the fixture's `node --test` report to us instead of printing.
  delete env.NODE_TEST_CONTEXT;
  if (!('RUN_PROJECT_FAIL' in extra)) delete env.RUN_PROJECT_FAIL;
  return env;
}

function install(): void {
  if (fs.existsSync(INSTALLED)) return;
  const staging = `${project}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'package.json'), manifest);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: staging, encoding: 'utf8', env: cleanEnv(), shell: process.platform === 'win32' });
  assert.equal(out.status, 0, `npm install failed:\n${out.stdout}\n${out.stderr}`);
  fs.writeFileSync(path.join(staging, 'node_modules', '.test-layers-installed'), new Date().toISOString());
  fs.rmSync(project, { recursive: true, force: true });
  fs.renameSync(staging, project);
}

function runBin(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: project, env, shell: false });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const ran = (output: string) => [...output.matchAll(/^\s*(?:# )?RAN:([a-z-]+)\s*$/gm)].map((m) => m[1]).sort();

before(() => {
  install();
  // Fresh sources on every run; node_modules stays.
  for (const entry of fs.readdirSync(fixture)) fs.cpSync(path.join(fixture, entry), path.join(project, entry), { recursive: true, force: true });
});

test('run --layer unit runs exactly the unit tests, each with its own runner, and exits 0', { timeout: 240_000 }, async () => {
  const { code, output } = await runBin(['run', '--layer', 'unit'], cleanEnv());
  assert.equal(code, 0, output);
  assert.deepEqual(ran(output), [...UNIT].sort(), output);
  // Each runner's own summary agrees: the integration tests of mixed files were filtered out by name.
  assert.match(output, /Tests:\s+3 passed, 3 total/, 'jest: math.test.js whole file');
  assert.match(output, /Tests:\s+1 skipped, 1 passed, 2 total/, 'jest: one of two tests in mixed.test.js');
  assert.match(output, /Tests\s+2 passed \| 1 skipped \(3\)/, 'vitest: "uses a mock" does not select "uses a mock server"');
  assert.match(output, /\b2 passing\b/, 'mocha');
  assert.match(output, /^# pass 2$/m, 'node:test');
  assert.match(output, /^# fail 0$/m, 'node:test');
});

test('a failing unit test makes run exit with the runner status, and the other runners still run (--parallel)', { timeout: 240_000 }, async () => {
  // Two of the four runners keep this run short; the paths limit the analysis as they do for the report.
  const { code, output } = await runBin(['run', '--layer', 'unit', '--parallel', 'jest', 'node'], cleanEnv({ RUN_PROJECT_FAIL: '1' }));
  assert.equal(code, 1, output);
  assert.match(output, /Tests:\s+1 failed, 2 passed, 3 total/);
  assert.deepEqual(ran(output), UNIT.filter((id) => id.startsWith('jest-') || id.startsWith('node-')).sort(), output);
});

test('run --layer integration --dry-run prints one command per runner, filtered to the integration tests', { timeout: 60_000 }, async () => {
  const { code, output } = await runBin(['run', '--layer', 'integration', '--dry-run'], cleanEnv());
  assert.equal(code, 0, output);
  const commands = output.trim().split('\n').map((l) => JSON.parse(l) as { cwd: string; argv: string[] });
  assert.equal(commands.length, 4, output);
  for (const c of commands) assert.equal(c.cwd, project);
  const jest = commands.find((c) => c.argv.some((a) => a.endsWith('jest.js')))!;
  assert.deepEqual(jest.argv.slice(2), ['--runTestsByPath', path.join(project, 'jest', 'mixed.test.js'), '-t', '^(?:parses a port over a real server)$']);
  const mocha = commands.find((c) => c.argv.some((a) => a.endsWith('mocha.js')))!;
  assert.deepEqual(mocha.argv.slice(2), [path.join(project, 'mocha', 'queue.spec.js'), '--grep', '^(?:queue pushes \\(and pops\\) through a child process)$']);
  const vitest = commands.find((c) => c.argv.some((a) => a.endsWith('vitest.mjs')))!;
  assert.deepEqual(vitest.argv.slice(2), ['run', path.join(project, 'vitest', 'strings.test.mjs'), '-t', '^(?:strings uses a mock server)$']);
  const node = commands.find((c) => c.argv[1] === '--test')!;
  assert.equal(node.argv.at(-1), path.join(project, 'node', 'clock.test.js'));
  assert.match(node.argv[2], /^--test-name-pattern=\^\(\?:writes minutes to disk/);
});
