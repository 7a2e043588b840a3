import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { parseSource } from '../../server/src/core/parse';
import { mentionsName, parsedNames } from '../../server/src/core/compiler';
import { analyze, configFrom } from '../../server/src/analyzer';

const CODE = [
  "import { test } from '@playwright/test';",
  '// cy.get(x).click().type(y) in a comment',
  "test('a', async ({ page }) => {",
  "  await page.locator('b').click({ 'force': true });",
  "  const label = 'dispatchEvent';",
  '});',
].join('\n');

test('parsedNames holds identifiers, string property names and module specifiers, not comments or string values', () => {
  const names = parsedNames(parseSource('a.spec.ts', CODE).sourceFile);
  assert.ok(names, 'the bundled TypeScript keeps the names it interned');
  for (const present of ['test', 'page', 'locator', 'click', 'force', '@playwright/test', 'label']) assert.ok(names.has(present), present);
  for (const absent of ['cy', 'type', 'dispatchEvent']) assert.ok(!names.has(absent), absent);
});

test('mentionsName answers from the parsed names, and from the text when the parser kept none', () => {
  const { sourceFile } = parseSource('a.spec.ts', CODE);
  assert.equal(mentionsName(sourceFile, ['cy'], /(?<![\w$])cy\./), false, 'a name only in a comment does not count');
  assert.equal(mentionsName(sourceFile, ['nothing', 'force'], /never/), true);
  const withoutNames = Object.assign(Object.create(Object.getPrototypeOf(sourceFile)), sourceFile, { identifiers: undefined });
  assert.equal(mentionsName(withoutNames, ['cy'], /(?<![\w$])cy\./), true, 'the fallback reads the text, comments included');
  assert.equal(mentionsName(withoutNames, ['force'], /never/), false);
});

test('a rule gated on names still fires when the name is a string-literal property (`{ \'force\': true }`)', () => {
  const report = analyze('e2e/a.spec.ts', CODE, configFrom());
  const forced = report.findings.filter((f) => f.ruleId === 'forced-action');
  assert.equal(forced.length, 1, JSON.stringify(report.findings.map((f) => f.ruleId)));
  assert.equal(forced[0].range.line, 4);
});

test('a `debugger` statement is reported in a file that names no debugging method', () => {
  const report = analyze('a.test.ts', "import { it } from 'vitest';\nit('a', () => {\n  debugger;\n});\n", configFrom());
  assert.deepEqual(report.findings.filter((f) => f.ruleId === 'debug-leftover').map((f) => f.range.line), [3]);
});

test('commented-out tests are found at the start of a line whatever the line ending, and not after code', () => {
  const code = [
    "import { it } from 'vitest';",
    "it('kept', () => {});",
    "  // it('after LF', () => {});",
    "// it.skip('after CRLF', () => {});\r",
    "const x = 1; // it('after code', () => {});",
  ].join('\n') + "\r// test('after CR', () => {});\n";
  const report = analyze('a.test.ts', code, configFrom());
  const lines = report.findings.filter((f) => f.ruleId === 'skipped-test').map((f) => [f.range.line, f.range.column]);
  assert.deepEqual(lines, [[3, 3], [4, 1], [6, 1]]);
});

test('the shared-state analysis runs whatever form the write to a shared variable takes', () => {
  const head = "import { it, expect } from 'vitest';\n";
  const writes: Record<string, string> = {
    'destructuring assignment': "let a = 0; let b = 0;\nit('writes', () => { [a, b] = [1, 2]; });\nit('reads', () => { expect(a).toBe(0); });",
    'Object.assign': "const state = {};\nit('writes', () => { Object.assign(state, { x: 1 }); });\nit('reads', () => { expect(state.x).toBeUndefined(); });",
    'for…of target': "let current;\nit('writes', () => { for (current of [1, 2]) {} });\nit('reads', () => { expect(current).toBeUndefined(); });",
    'element-access push': "const list = [];\nit('writes', () => { list['push'](1); });\nit('reads', () => { expect(list).toEqual([]); });",
    'push on a property': "const cache = { items: [] };\nit('writes', () => { cache.items.push(1); });\nit('reads', () => { expect(cache.items).toEqual([]); });",
    'update in a helper': "let count = 0;\nfunction bump() { count++; }\nit('writes', () => { bump(); });\nit('reads', () => { expect(count).toBe(0); });",
  };
  for (const [form, code] of Object.entries(writes)) {
    const report = analyze('a.test.ts', head + code, configFrom());
    const lines = report.findings.filter((f) => f.ruleId === 'order-dependency').map((f) => f.range.line);
    // Reported where the reading test reads: the last line.
    assert.deepEqual(lines, [(head + code).split('\n').length], form);
  }
  const unwritten = analyze('a.test.ts', `${head}const config = { a: 1 };\nit('one', () => { expect(config.a).toBe(1); });\nit('two', () => { expect(config.a).toBe(1); });`, configFrom());
  assert.deepEqual(unwritten.findings, []);
});

test('line starts set at parse time are the ones TypeScript computes, for every kind of line break', () => {
  const texts = ['', 'a', 'a\n', '\n\n', 'a\r\nb\rc\nd', 'x\u2028y\u2029z\n', 'é\nü\r\n', "it('x', () => {\n  expect(1).toBe(1);\n});\n"];
  for (const text of texts) {
    const ours = parseSource('a.spec.ts', text).sourceFile.getLineStarts();
    const typescript = ts.createSourceFile('a.spec.ts', text, ts.ScriptTarget.Latest).getLineStarts();
    assert.deepEqual([...ours], [...typescript], JSON.stringify(text));
  }
  // A finding after a CRLF-ended line gets the line and column it has with LF endings.
  const code = "it('x', () => {\n  it.only('y', () => {});\n});\n";
  const focused = (text: string) => analyze('a.spec.ts', text, configFrom()).findings.find((f) => f.ruleId === 'focused-test')?.range;
  assert.equal(focused(code)?.line, 2);
  assert.deepEqual(focused(code.replace(/\n/g, '\r\n')), focused(code));
});

test('layer annotations in JSDoc-style comments are read, though JSDoc is not parsed into nodes', () => {
  const code = '/** @layer e2e */\nimport { test, expect } from "vitest";\n/** @layer integration */\ntest("a", () => { expect(1).toBe(1); });\ntest("b", () => {});\n';
  const report = analyze('a.test.ts', code, configFrom());
  assert.equal(report.declaredLayer, 'e2e');
  assert.deepEqual(report.tests.map((t) => [t.name, t.declaredLayer]), [['a', 'integration'], ['b', 'e2e']]);
  assert.equal(((parseSource('a.test.ts', code).sourceFile.statements[1] as unknown) as { jsDoc?: unknown[] }).jsDoc, undefined);
});
