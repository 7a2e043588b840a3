import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/analyzer';

const names = (code: string, path = 'abc.ts') => analyze(path, code).tests.map((t) => t.fullName);

test('describe/it nesting gives full names joined by one space', () => {
  const code = `describe('Cart', () => {\n  describe('add', () => {\n    it('merges items', () => {});\n  });\n  test('totals', () => {});\n});\nit('top', () => {});`;
  assert.deepEqual(names(code), ['Cart add merges items', 'Cart totals', 'top']);
});

test('Mocha suite/context/specify and TDD hooks are recognised', () => {
  const code = `suite('a', () => {\n  setup(() => {});\n  context('b', () => { specify('c', () => {}); });\n});`;
  const r = analyze('abc.js', code);
  assert.deepEqual(r.tests.map((t) => t.fullName), ['a b c']);
  assert.deepEqual(r.tests[0].hooks, ['beforeEach (a)']);
});

test('each tables, tagged templates and vitest for', () => {
  const code = [
    `it.each([1, 2])('adds %i', (n) => {});`,
    'test.each`\n  a | b\n  ${1} | ${2}\n`(\'sums $a and $b\', ({ a, b }) => {});',
    `describe.each([['x']])('suite %s', (s) => { it('inner', () => {}); });`,
    `import { test as vt } from 'vitest';`,
    `vt.for([1])('for %i', ([n]) => {});`,
  ].join('\n');
  const r = analyze('abc.ts', code);
  assert.deepEqual(r.tests.map((t) => t.fullName), ['adds %i', 'sums $a and $b', 'suite %s inner', 'for %i']);
  assert.ok(r.tests[0].modifiers.includes('each'));
  assert.ok(r.tests[3].modifiers.includes('each'));
});

test('modifiers: only, skip, todo, fixme, concurrent; x/f prefixes', () => {
  const code = `it.only('a', () => {});\nxit('b', () => {});\nit.todo('c');\nit.concurrent('d', async () => {});\nfit('e', () => {});\ntest.skip('f', () => {});`;
  const r = analyze('abc.ts', code);
  assert.deepEqual(r.tests.map((t) => [t.name, t.modifiers]), [
    ['a', ['only']], ['b', ['skip']], ['c', ['todo']], ['d', ['concurrent']], ['e', ['only']], ['f', ['skip']],
  ]);
});

test('Playwright test.describe, hooks, steps and runtime annotations', () => {
  const code = `import { test, expect } from '@playwright/test';
test.describe('login', () => {
  test.beforeEach(async ({ page }) => { await page.goto('/'); });
  test('works', async ({ page }) => {
    await test.step('fill', async () => {});
    test.slow();
    test.skip(process.env.CI === 'true', 'local');
  });
  test.describe.serial('serial', () => { test('one', async () => {}); });
});`;
  const r = analyze('abc.ts', code);
  assert.equal(r.framework, 'playwright');
  assert.deepEqual(r.tests.map((t) => t.fullName), ['login works', 'login serial one']);
  assert.deepEqual(r.tests[0].hooks, ['beforeEach (login)']);
  assert.equal(r.suites.length, 2);
  assert.deepEqual(r.suites[1].modifiers, ['serial']);
});

test('aliases through import and require', () => {
  const code = `import { test as it, describe as suiteOf } from 'vitest';\nconst { test: check } = require('node:test');\nsuiteOf('s', () => { it('a', () => {}); });\ncheck('b', () => {});`;
  const r = analyze('abc.ts', code);
  assert.deepEqual(r.tests.map((t) => t.fullName), ['s a', 'b']);
  assert.equal(r.framework, 'vitest');
});

test('node:test subtests through the context parameter', () => {
  const code = `import test from 'node:test';\ntest('outer', async (t) => {\n  await t.test('inner', () => {});\n});`;
  const r = analyze('abc.mjs', code);
  assert.equal(r.framework, 'node:test');
  assert.deepEqual(r.tests.map((t) => t.fullName), ['outer', 'outer inner']);
});

test('hooks apply from every enclosing suite, outermost first', () => {
  const code = `beforeAll(() => {});\ndescribe('a', () => {\n  beforeEach(() => {});\n  describe('b', () => {\n    afterEach(() => {});\n    it('c', () => {});\n  });\n  it('d', () => {});\n});`;
  const r = analyze('abc.ts', code);
  assert.deepEqual(r.tests[0].hooks, ['beforeAll', 'beforeEach (a)', 'afterEach (a b)']);
  assert.deepEqual(r.tests[1].hooks, ['beforeAll', 'beforeEach (a)']);
});

test('ranges are exact and 1-based', () => {
  const code = `describe('a', () => {\n  it('b', () => {\n    expect(1).toBe(1);\n  });\n});`;
  const t = analyze('abc.ts', code).tests[0];
  assert.deepEqual(t.range, { line: 2, column: 3, endLine: 4, endColumn: 5 });
  assert.deepEqual(t.titleRange, { line: 2, column: 6, endLine: 2, endColumn: 9 });
});

test('things that look like tests but are not', () => {
  const code = `const re = /a/;\nre.test('abc');\nconst test = (x: string) => x;\nexpect(list.it).toBe(1);\nit(42, () => {});\nfoo.describe('x', () => {});`;
  assert.deepEqual(names(code), []);
});

test('template-literal titles keep their substitutions', () => {
  const code = 'const name = "x";\nit(`handles ${name}`, () => {});';
  assert.deepEqual(names(code), ['handles ${name}']);
});

test('Cypress, WebdriverIO and Jasmine frameworks from globals', () => {
  assert.equal(analyze('abc.ts', `it('a', () => { cy.visit('/'); });`).framework, 'cypress');
  assert.equal(analyze('abc.ts', `it('a', async () => { await browser.url('/'); });`).framework, 'webdriverio');
  assert.equal(analyze('abc.ts', `fdescribe('a', () => { it('b', () => {}); });`).framework, 'jasmine');
  assert.equal(analyze('abc.ts', `it('a', () => { vi.fn(); });`).framework, 'vitest');
  assert.equal(analyze('abc.ts', `it('a', () => { jest.fn(); });`).framework, 'jest');
  assert.equal(analyze('abc.ts', `const x = 1;`).framework, 'unknown');
});

test('syntax errors are reported and the rest is still analyzed', () => {
  const r = analyze('abc.ts', `it('a', () => {});\nit('b', () => { const x = ; });\nit('c', () => {});`);
  assert.deepEqual(r.tests.map((t) => t.name), ['a', 'b', 'c']);
  assert.equal(r.errors[0].kind, 'syntax');
  assert.equal(r.errors[0].line, 2);
});

test('suppression comments: next line, same line, whole file', () => {
  const base = `import { test } from '@playwright/test';\ntest('a', async ({ page }) => {\n`;
  const next = analyze('abc.ts', base + `  // test-layers-disable-next-line fixed-sleep -- animation\n  await page.waitForTimeout(100);\n  await page.waitForTimeout(200);\n});`);
  assert.deepEqual(next.findings.map((f) => f.range.line), [5]);
  const same = analyze('abc.ts', base + `  await page.waitForTimeout(100); // test-layers-disable-line\n});`);
  assert.deepEqual(same.findings, []);
  const file = analyze('abc.ts', `/* test-layers-disable fixed-sleep */\n` + base + `  await page.waitForTimeout(100);\n});`);
  assert.deepEqual(file.findings, []);
  const other = analyze('abc.ts', base + `  // test-layers-disable-next-line focused-test\n  await page.waitForTimeout(100);\n});`);
  assert.equal(other.findings.length, 1);
});

test('declared layer: annotation beats tag beats path glob', () => {
  const code = `// @layer integration\nit('a @e2e', () => {});\nit('b @e2e', () => {});\nit('c', () => {});`;
  const r = analyze('tests/unit/x.test.ts', code);
  assert.deepEqual(r.tests.map((t) => t.declaredLayer), ['integration', 'e2e', 'unit']);
  assert.equal(r.declaredLayer, 'unit');
});

test('layer is never decided by the path', () => {
  const code = `it('adds', () => { expect(1 + 1).toBe(2); });`;
  assert.equal(analyze('e2e/math.spec.ts', code).tests[0].layer, 'unit');
  assert.equal(analyze('e2e/math.spec.ts', code).tests[0].declaredLayer, 'e2e');
});
