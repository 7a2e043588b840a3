import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ModuleResolver, parsePnpmPackages, joinPath, type WorkspaceHost } from '../../server/src/core/resolve';

function host(files: Record<string, string>): WorkspaceHost {
  return {
    fileExists: (p) => p in files,
    readFile: (p) => files[p],
    directoryExists: (p) => Object.keys(files).some((f) => f.startsWith(p + '/')),
    getDirectories: (p) => [...new Set(Object.keys(files).filter((f) => f.startsWith(p + '/')).map((f) => f.slice(p.length + 1).split('/')).filter((s) => s.length > 1).map((s) => s[0]))],
  };
}

test('relative specifiers: .js pointing at .ts, folders with index, extensionless', () => {
  const r = new ModuleResolver(host({ '/w/a.ts': '', '/w/lib/index.ts': '', '/w/c.tsx': '', '/w/t/x.test.ts': '' }));
  assert.deepEqual(r.resolve('../a.js', '/w/t/x.test.ts'), { kind: 'file', path: '/w/a.ts' });
  assert.deepEqual(r.resolve('../lib', '/w/t/x.test.ts'), { kind: 'file', path: '/w/lib/index.ts' });
  assert.deepEqual(r.resolve('../c', '/w/t/x.test.ts'), { kind: 'file', path: '/w/c.tsx' });
  assert.equal(r.resolve('./missing', '/w/t/x.test.ts'), undefined);
});

test('tsconfig paths and baseUrl, through extends', () => {
  const r = new ModuleResolver(host({
    '/w/tsconfig.json': '{ "extends": "./base.json" }',
    '/w/base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["src/*"] } } }',
    '/w/src/db/pool.ts': '',
    '/w/src/util.ts': '',
    '/w/test/a.test.ts': '',
  }));
  assert.deepEqual(r.resolve('~/db/pool', '/w/test/a.test.ts'), { kind: 'file', path: '/w/src/db/pool.ts' });
  assert.deepEqual(r.resolve('src/util', '/w/test/a.test.ts'), { kind: 'file', path: '/w/src/util.ts' });
});

test('npm workspaces with package exports, and packages outside the workspace by name', () => {
  const r = new ModuleResolver(host({
    '/w/package.json': JSON.stringify({ name: 'root', workspaces: ['packages/*'] }),
    '/w/packages/kit/package.json': JSON.stringify({ name: '@acme/kit', exports: { '.': './src/index.ts', './db': './src/db.ts' } }),
    '/w/packages/kit/src/index.ts': '',
    '/w/packages/kit/src/db.ts': '',
    '/w/packages/app/test/a.test.ts': '',
  }));
  assert.deepEqual(r.resolve('@acme/kit', '/w/packages/app/test/a.test.ts'), { kind: 'file', path: '/w/packages/kit/src/index.ts' });
  assert.deepEqual(r.resolve('@acme/kit/db', '/w/packages/app/test/a.test.ts'), { kind: 'file', path: '/w/packages/kit/src/db.ts' });
  assert.deepEqual(r.resolve('express', '/w/packages/app/test/a.test.ts'), { kind: 'package', name: 'express' });
  assert.deepEqual(r.resolve('node:fs', '/w/packages/app/test/a.test.ts'), { kind: 'package', name: 'node:fs' });
});

test('pnpm-workspace.yaml package lists', () => {
  assert.deepEqual(parsePnpmPackages("packages:\n  - 'packages/*'\n  - \"apps/**\"  # apps\n  - '!**/test/**'\ncatalog:\n  x: 1\n"), ['packages/*', 'apps/**', '!**/test/**']);
  assert.deepEqual(parsePnpmPackages('packages: [a/*, "b"]\n'), ['a/*', 'b']);
});

test('joinPath normalises dot segments', () => {
  assert.equal(joinPath('/a/b', '../c/./d.ts'), '/a/c/d.ts');
  assert.equal(joinPath('/a', '/x/y'), '/x/y');
});
