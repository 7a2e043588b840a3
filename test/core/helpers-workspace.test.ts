import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, configFrom } from '../../server/src/analyzer';
import { HelperIndex } from '../../server/src/core/helper-summaries';
import type { WorkspaceHost } from '../../server/src/core/resolve';
import { createNodeHelperIndex, toHostPath } from '../../server/src/node/workspace-host';
import type { FileReport, TestInfo } from '../../server/src/core/types';

// Multi-file workspaces written for these tests live in test/fixtures/workspaces (not compiled, read from disk).
const WORKSPACES = path.resolve(__dirname, '../../../test/fixtures/workspaces');
const config = configFrom();

function analyzeIn(index: HelperIndex, workspace: string, file: string): FileReport {
  const full = path.join(WORKSPACES, workspace, file);
  return analyze(file, fs.readFileSync(full, 'utf8'), config, { workspace: { index, fileName: toHostPath(full) } });
}

function only(report: FileReport, name?: string): TestInfo {
  const t = name ? report.tests.find((x) => x.name === name) : report.tests[0];
  assert.ok(t, `test ${name ?? '#0'} in ${report.path}`);
  return t;
}

const shared = createNodeHelperIndex({ cacheStat: true }).index;

test('a hook that calls a relative helper which starts a server makes the test integration, naming the chain', () => {
  const t = only(analyzeIn(shared, 'relative', 'test/server.test.ts'));
  assert.equal(t.layer, 'integration');
  const e = t.evidence.find((x) => x.chain);
  assert.ok(e, JSON.stringify(t.evidence));
  assert.match(e.message, /`initApp` \(server\.ts:\d+\) → `startTestServer` \(server\.ts:\d+\)/);
  assert.deepEqual(e.chain!.map((l) => l.name).slice(0, 2), ['initApp', 'startTestServer']);
  assert.ok(e.chain!.every((l) => l.path.endsWith('/test/helpers/server.ts')));
  assert.equal(t.confidence, 'medium', 'evidence through helpers is less direct than in the test body');
});

test('a helper module that imports a database client does not make a test of its pure function integration', () => {
  const t = only(analyzeIn(shared, 'relative', 'test/pure.test.ts'));
  assert.equal(t.layer, 'unit', JSON.stringify(t.evidence));
});

test('a namespace import counts through the member the test calls', () => {
  const t = only(analyzeIn(shared, 'relative', 'test/pool.test.ts'));
  assert.equal(t.layer, 'integration');
  assert.match(t.evidence[0].message, /`openPool` \(db\.ts:\d+\) → `new Pool\(\)`/);
});

test('cycles between helper modules terminate and still yield the signal', () => {
  const t = only(analyzeIn(shared, 'relative', 'test/cycle.test.ts'));
  assert.equal(t.layer, 'integration');
  assert.match(t.evidence[0].message, /`ping` \(cycle-a\.ts:\d+\) → `pong` \(cycle-b\.ts:\d+\)/);
});

test('a helper class counts through the base class it extends, even when built in the suite body', () => {
  const t = only(analyzeIn(shared, 'relative', 'test/tracked.test.ts'));
  assert.equal(t.layer, 'integration', JSON.stringify(t.evidence));
  assert.ok(t.evidence.some((e) => /`TrackedClient` \(tracked-client\.ts:\d+\) → `ResourceClient` \(resource-client\.ts:\d+\)/.test(e.message)), JSON.stringify(t.evidence));
});

test('a harness-shaped name counts only while its helper cannot be read', () => {
  const inWorkspace = only(analyzeIn(shared, 'relative', 'test/app-shape.test.ts'));
  assert.equal(inWorkspace.layer, 'unit', JSON.stringify(inWorkspace.evidence));
  const text = fs.readFileSync(path.join(WORKSPACES, 'relative', 'test/app-shape.test.ts'), 'utf8');
  const alone = only(analyze('test/app-shape.test.ts', text));
  assert.equal(alone.layer, 'integration');
  assert.equal(alone.confidence, 'low');
});

test('CommonJS helpers: destructured require and module.exports', () => {
  const t = only(analyzeIn(shared, 'relative', 'test/legacy.test.js'));
  assert.equal(t.layer, 'integration');
  assert.match(t.evidence[0].message, /connectTestDb/);
});

test('tsconfig paths with extends and baseUrl resolve to the helper', () => {
  const t = only(analyzeIn(shared, 'paths', 'test/db.test.ts'));
  assert.equal(t.layer, 'integration');
  assert.match(t.evidence[0].message, /`getTestDb` \(database\.ts:\d+\) → `new PrismaClient\(\)`/);
});

test('a pnpm workspace package is followed to its sources even when its main points at build output', () => {
  const t = only(analyzeIn(shared, 'pnpm', 'packages/api/test/repo.test.ts'));
  assert.equal(t.layer, 'integration');
  assert.match(t.evidence[0].message, /`createTestDatabase` \(database\.ts:\d+\)/);
  const b = only(analyzeIn(shared, 'pnpm', 'packages/api/test/browser.test.ts'));
  assert.equal(b.layer, 'e2e', 'through `export *` of the package entry');
});

test('Playwright fixtures count only when the test destructures them, through fixture dependencies', () => {
  const r = analyzeIn(shared, 'playwright', 'tests/window.spec.ts');
  assert.equal(only(r, 'shows the window').layer, 'e2e');
  assert.match(only(r, 'shows the window').evidence[0].message, /`test\.appWindow` \(fixtures\.ts:\d+\) → `test\.electronApp` \(fixtures\.ts:\d+\)/);
  assert.equal(only(r, 'seeds').layer, 'integration');
  assert.equal(only(r, 'labels').layer, 'unit');
});

test('without a workspace the same file is analyzed alone and still works', () => {
  const text = fs.readFileSync(path.join(WORKSPACES, 'relative', 'test/server.test.ts'), 'utf8');
  const r = analyze('test/server.test.ts', text);
  assert.equal(r.tests.length, 1);
  const t = only(r);
  // `initApp` from a local module is a common harness shape: counted, at low confidence.
  assert.equal(t.layer, 'integration');
  assert.equal(t.confidence, 'low');
});

/** An in-memory workspace: edits are seen through the content hash, not through timestamps. */
function memoryHost(files: Record<string, string>): WorkspaceHost & { files: Record<string, string>; reads: number } {
  const host = {
    files,
    reads: 0,
    fileExists: (p: string) => p in host.files,
    readFile: (p: string) => {
      host.reads++;
      return host.files[p];
    },
    directoryExists: (p: string) => Object.keys(host.files).some((f) => f.startsWith(p + '/')),
    getDirectories: (p: string) => [...new Set(Object.keys(host.files).filter((f) => f.startsWith(p + '/')).map((f) => f.slice(p.length + 1).split('/')).filter((s) => s.length > 1).map((s) => s[0]))],
  };
  return host;
}

test('an edited helper is seen by the next analysis of its dependent; an unchanged one is not re-parsed', () => {
  const host = memoryHost({
    '/ws/package.json': '{"name":"ws"}',
    '/ws/test/helpers.ts': 'export function setup() { return 1; }\n',
    '/ws/test/a.test.ts': "import { setup } from './helpers';\nit('a', () => { setup(); });\n",
  });
  const index = new HelperIndex(host);
  const run = () => analyze('test/a.test.ts', host.files['/ws/test/a.test.ts'], config, { workspace: { index, fileName: '/ws/test/a.test.ts' } }).tests[0];
  assert.equal(run().layer, 'unit');
  host.files['/ws/test/helpers.ts'] = "import { execSync } from 'node:child_process';\nexport function setup() { execSync('make db'); }\n";
  const after = run();
  assert.equal(after.layer, 'integration');
  assert.match(after.evidence[0].message, /`setup` \(helpers\.ts:2\) → `execSync\(\)` \(helpers\.ts:2\)/);
});

test('helper following is bounded in depth', () => {
  const files: Record<string, string> = { '/ws/package.json': '{}' };
  const depth = 12;
  for (let i = 0; i < depth; i++) {
    files[`/ws/test/h${i}.ts`] = i === depth - 1
      ? "import { Pool } from 'pg';\nexport function f() { return new Pool(); }\n"
      : `import { f as g } from './h${i + 1}';\nexport function f() { return g(); }\n`;
  }
  files['/ws/test/deep.test.ts'] = "import { f } from './h0';\nit('deep', () => { f(); });\n";
  const index = new HelperIndex(memoryHost(files));
  const t = analyze('test/deep.test.ts', files['/ws/test/deep.test.ts'], config, { workspace: { index, fileName: '/ws/test/deep.test.ts' } }).tests[0];
  assert.equal(t.layer, 'unit', 'a signal 12 modules away is beyond the bound');
});

test('code under test is not followed: only test-support modules count', () => {
  const files = {
    '/ws/package.json': '{}',
    '/ws/src/export.ts': "import * as fs from 'node:fs';\nexport function exportReport(p: string) { fs.writeFileSync(p, 'x'); }\n",
    '/ws/src/export.test.ts': "import { exportReport } from './export';\nit('exports', () => { exportReport('/tmp/x'); });\n",
  };
  const index = new HelperIndex(memoryHost(files));
  const t = analyze('src/export.test.ts', files['/ws/src/export.test.ts'], config, { workspace: { index, fileName: '/ws/src/export.test.ts' } }).tests[0];
  assert.equal(t.layer, 'unit');
});

test('a client a helper module constructs on load does not decide alone; a harness function that builds one does', () => {
  const files = {
    '/ws/package.json': '{}',
    '/ws/test/support.ts': "import { Sequelize } from '@sequelize/core';\nexport const shared = new Sequelize('sqlite::memory:');\nexport function createTestInstance() { return new Sequelize('sqlite::memory:'); }\n",
    '/ws/test/value.test.ts': "import { shared } from './support';\nit('builds sql', () => { expect(shared.getDialect()).toBe('sqlite'); });\n",
    '/ws/test/called.test.ts': "import { createTestInstance } from './support';\nit('connects', async () => { await createTestInstance().authenticate(); });\n",
    '/ws/test/synced.test.js': "const { shared } = require('./support');\ndescribe('m', () => { it('syncs', async function () { await this.sequelize.sync({ force: true }); }); });\n",
  };
  const index = new HelperIndex(memoryHost(files));
  const run = (f: keyof typeof files) => analyze(f.slice(4), files[f], config, { workspace: { index, fileName: f } }).tests[0];
  assert.equal(run('/ws/test/value.test.ts').layer, 'unit');
  assert.equal(run('/ws/test/called.test.ts').layer, 'integration');
  assert.equal(run('/ws/test/synced.test.js').layer, 'integration', 'Mocha context calls count like direct ones');
});

test('package.json imports that point at build output resolve to the sources', () => {
  const host = memoryHost({
    '/ws/package.json': JSON.stringify({ name: 'ws', imports: { '#src/*': './lib/*', '#db': { import: './dist/db.js' } } }),
    '/ws/src/api/users.ts': 'export const x = 1;\n',
    '/ws/src/db.ts': 'export const y = 1;\n',
    '/ws/test/a.test.ts': '',
  });
  const index = new HelperIndex(host);
  assert.deepEqual(index.resolve('#src/api/users.js', '/ws/test/a.test.ts'), { kind: 'file', path: '/ws/src/api/users.ts' });
  assert.deepEqual(index.resolve('#db', '/ws/test/a.test.ts'), { kind: 'file', path: '/ws/src/db.ts' });
  assert.deepEqual(index.resolve('pg', '/ws/test/a.test.ts'), { kind: 'package', name: 'pg' });
  assert.deepEqual(index.resolve('@scope/pkg/sub', '/ws/test/a.test.ts'), { kind: 'package', name: '@scope/pkg' });
});
