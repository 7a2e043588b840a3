/** Cases the robustness suite found, kept after the fix so they stay fixed. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, configFrom } from '../../server/src/analyzer';
import { parseConfigText } from '../../server/src/config/load-config';
import { reportProblems } from './fuzzer';

test('config nested 100,000 levels deep is a config problem, not a stack overflow (jsonc-parser recursed)', () => {
  for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)]) {
    const { user, problems } = parseConfigText(text);
    assert.equal(user, undefined);
    assert.match(problems[0].problem, /nested too deeply/);
  }
});

test('10,000 nested parentheses: the TypeScript parser overflowed and analyze() threw; now an errors entry', () => {
  const text = '('.repeat(10_000) + '1' + ')'.repeat(10_000);
  const report = analyze('deep.test.ts', text);
  assert.deepEqual(reportProblems(report, text), []);
  assert.match(report.errors.map((e) => e.message).join('\n'), /nested too deeply/);
});

test('an exception anywhere in the analysis becomes an errors entry, never a throw', () => {
  // A config the core never expects (the CLI and server validate first) makes analyzeFile throw outside its own guards.
  for (const broken of [{ layerPaths: null }, { rules: null }]) {
    const config = { ...configFrom(), ...broken } as unknown as Parameters<typeof analyze>[2];
    const report = analyze('a.test.ts', "it('a', () => {});\n", config);
    assert.equal(report.errors[0]?.kind, 'internal');
    assert.match(report.errors[0].message, /^analysis failed: /);
  }
});
