import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../server/src/core/analyze';
import { configFrom } from '../../server/src/analyzer';
import { defineRule, type RuleContext } from '../../server/src/core/rule-api';
import { getScope, isBlock, collectionKind, type FileScope, type Declaration } from '../../server/src/core/scope';
import type { Block, FileModel } from '../../server/src/core/model';

/** Analyzes code with a probe rule that builds the scope; returns the scope and the model. */
function scopeOf(code: string): { scope: FileScope; model: FileModel; context: RuleContext } {
  let captured: { scope: FileScope; model: FileModel; context: RuleContext } | undefined;
  const probe = defineRule({
    id: 'scope-probe',
    meta: { type: 'flaky', cause: 'shared-state', defaultSeverity: 'warning', docs: { description: 'probe', url: '' }, messages: { x: 'x' } },
    create(context) {
      return { end: () => { captured = { scope: getScope(context), model: context.model, context }; } };
    },
  });
  const config = configFrom({});
  config.rules['scope-probe'] = { severity: 'warning', options: {} };
  analyzeFile({ path: 'case.test.ts', text: code, config, rules: [probe] });
  assert.ok(captured);
  return captured;
}

function decl(scope: FileScope, name: string, index = 0): Declaration {
  const all = scope.declarations.filter((d) => d.name === name);
  assert.ok(all[index], `no declaration ${name}`);
  return all[index];
}

function blockName(b: Block): string {
  return b.kind === 'hook' ? `${b.hookType}` : b.kind === 'root' ? '<root>' : b.name;
}

test('declarations get their level: module, suite, test, hook, local, parameter, import', () => {
  const { scope } = scopeOf(`
import { setTimeout as delay } from 'node:timers/promises';
let counter = 0;
describe('s', () => {
  let db;
  beforeAll(() => { const h = 1; db = h; });
  it('t', (done) => { const local = 1; function helper(p) { const inner = p; return inner; } helper(local); done(); });
});`);
  assert.equal(decl(scope, 'delay').kind, 'import');
  assert.equal(decl(scope, 'delay').import?.imported, 'setTimeout');
  assert.equal(decl(scope, 'counter').level, 'module');
  assert.equal(decl(scope, 'db').level, 'suite');
  assert.equal(decl(scope, 'h').level, 'hook');
  assert.equal(decl(scope, 'local').level, 'test');
  assert.equal(decl(scope, 'done').kind, 'parameter');
  assert.equal(decl(scope, 'helper').level, 'test');
  assert.equal(decl(scope, 'inner').level, 'local');
});

test('references resolve through shadowing, hoisting and var', () => {
  const { scope } = scopeOf(`
let x = 1;
it('a', () => { const x = 2; expect(x).toBe(2); });
it('b', () => { expect(x).toBe(1); hoisted(); });
function hoisted() { if (true) { var v = 1; } return v; }
`);
  const outer = decl(scope, 'x', 0);
  const inner = decl(scope, 'x', 1);
  assert.equal(outer.references.length, 1);
  assert.equal(inner.references.length, 1);
  assert.equal(decl(scope, 'hoisted').references.length, 1);
  assert.equal(decl(scope, 'v').references.length, 1);
  assert.ok(scope.globals.has('expect'));
});

test('writes are told from reads: assignment, compound, ++, property writes, mutating calls, destructuring', () => {
  const { scope } = scopeOf(`
let a = 0, b = 0, c = 0, d = {}, e = [], f, g = new Map();
it('t', () => {
  a = 1; b += 2; c++; d.x.y = 3; e.push(4); [f] = [5]; g.set('k', 1); delete d.z; read(a);
  process.env.NODE_ENV = 'test';
});`);
  const kinds = (n: string) => decl(scope, n).references.map((r) => `${r.write ?? '-'}${r.read ? 'r' : ''}`);
  assert.deepEqual(kinds('a'), ['assign', '-r']);
  assert.deepEqual(kinds('b'), ['compoundr']);
  assert.deepEqual(kinds('c'), ['updater']);
  assert.deepEqual(kinds('d'), ['property', 'property']);
  assert.deepEqual(kinds('e'), ['mutate']);
  assert.deepEqual(kinds('f'), ['assign']);
  assert.deepEqual(kinds('g'), ['mutate']);
  const env = scope.globals.get('process')!;
  assert.equal(env[0].write, 'property');
  assert.deepEqual(env[0].path, ['env', 'NODE_ENV']);
  assert.equal(collectionKind(decl(scope, 'e')), 'array');
  assert.equal(collectionKind(decl(scope, 'g')), 'map');
  assert.equal(collectionKind(decl(scope, 'a')), undefined);
});

test('accesses are credited to the blocks that run them, through local helpers and hooks given a function', () => {
  const { scope } = scopeOf(`
const items = [];
function add(x) { items.push(x); }
const clear = () => { items.length = 0; };
afterEach(clear);
it('adds', () => { add(1); });
it('reads', () => { expect(items).toHaveLength(0); });
`);
  const byBlock = scope.accessesByBlock(decl(scope, 'items'));
  const summary = [...byBlock].map(([b, a]) => `${blockName(b)}:${a.writes.length}w${a.reads.length}r`).sort();
  assert.deepEqual(summary, ['adds:1w0r', 'afterEach:1w0r', 'reads:0w1r']);
  const clearDecl = decl(scope, 'clear');
  assert.deepEqual(scope.blocksRunning(clearDecl).map(blockName), ['afterEach']);
  const owner = scope.ownerOf(decl(scope, 'add').fn!.body!);
  assert.ok(!isBlock(owner) && owner.name === 'add');
});

test('type positions, property names and keys are not references', () => {
  const { scope } = scopeOf(`
type T = { server: number };
const server = 1;
const o = { server: 2 };
it('t', () => { const y: typeof server = o.server; label: for (;;) { break label; } });
`);
  assert.equal(decl(scope, 'server').references.length, 0);
  assert.equal(decl(scope, 'o').references.length, 1);
});

test('the scope is built once per file and reused', () => {
  const { context } = scopeOf('let x = 1; it("t", () => x);');
  assert.equal(getScope(context), getScope(context));
});
