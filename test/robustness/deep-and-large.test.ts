import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/analyzer';
import { generateFile } from '../../bench/corpus';
import { reportProblems } from './fuzzer';

const LEVELS = 10_000;

/** Shapes that nest 10,000 levels deep; the parser recurses on most of them. */
const DEEP: Record<string, string> = {
  parentheses: '('.repeat(LEVELS) + '1' + ')'.repeat(LEVELS) + ';\n',
  arrays: 'const a = ' + '['.repeat(LEVELS) + ']'.repeat(LEVELS) + ';\n',
  arrows: 'const f = ' + '() => '.repeat(LEVELS) + '1;\n',
  'nested describe': "describe('a', () => {\n".repeat(LEVELS) + "  it('b', () => {});\n" + '});\n'.repeat(LEVELS),
  'nested if': 'if (a) {\n'.repeat(LEVELS) + '}\n'.repeat(LEVELS),
  calls: 'f('.repeat(LEVELS) + ')'.repeat(LEVELS) + ';\n',
  'object literals': '({ a: '.repeat(LEVELS) + '1' + ' })'.repeat(LEVELS) + ';\n',
  templates: '`${'.repeat(LEVELS) + '}`'.repeat(LEVELS) + ';\n',
  jsx: 'const x = ' + '<a>'.repeat(LEVELS) + '</a>'.repeat(LEVELS) + ';\n',
  'unclosed braces': '{'.repeat(LEVELS * 3),
  'long binary chain': 'x = ' + '1 + '.repeat(LEVELS * 5) + '1;\n',
  'long member chain': 'a' + '.b'.repeat(LEVELS * 5) + ';\n',
};

for (const [shape, text] of Object.entries(DEEP)) {
  test(`${LEVELS} levels of ${shape}: no stack overflow escapes analyze(), the report is well-formed`, () => {
    const report = analyze('deep.test.tsx', text);
    assert.deepEqual(reportProblems(report, text), []);
  });
}

test('expressions nested just past what rules\' listeners can recurse through stop at the walk\'s limit, and the code after them is analyzed', () => {
  // 1,200–1,500 levels: the walk used to allow 1,500 and overflowed in rules' listeners at about 1,400.
  for (const levels of [1_200, 1_400, 1_500]) {
    const expr = Array(levels).fill('1').join(' + ');
    const text = `it('a', async () => {\n  const x = ${expr};\n  await page.waitForTimeout(100);\n});\n`;
    const report = analyze('deep.spec.ts', text);
    assert.deepEqual(report.errors.filter((e) => /stopped|failed|stack/.test(e.message)), [], `${levels} levels`);
    assert.ok(report.findings.some((f) => f.ruleId === 'fixed-sleep'), `${levels} levels: the sleep after the expression is found`);
  }
});

test('a test nested deeper than the parser can go is reported in errors, not thrown', () => {
  const text = "describe('a', () => {\n".repeat(LEVELS) + "  it('b', () => {});\n" + '});\n'.repeat(LEVELS);
  const report = analyze('deep.test.ts', text);
  assert.ok(report.errors.length > 0, 'an errors entry says why the file was not analyzed');
});

test('a 5 MB test file is analyzed without stack overflow and with a well-formed report', { timeout: 600_000 }, () => {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 5 * 1024 * 1024; i++) {
    const f = generateFile(7, 70_000 + i, { kind: i % 2 ? 'playwright' : 'jest-unit', lines: 3000 });
    // Each chunk is a whole file's suite; imports repeated mid-file are still valid statements.
    parts.push(f.text);
    size += f.text.length;
  }
  const text = parts.join('\n');
  assert.ok(text.length >= 5 * 1024 * 1024);
  const report = analyze('huge.test.ts', text);
  assert.deepEqual(reportProblems(report, text), []);
  assert.ok(report.tests.length > 1000, `found ${report.tests.length} tests`);
});
