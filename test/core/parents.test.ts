import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkUnlinkedParents, parseSource } from '../../server/src/core/parse';
import { analyze, configFrom } from '../../server/src/analyzer';

// The analyzer links `parent` pointers during its own walk instead of in a pass of their own. A parent read before
// the walk reaches a node would silently see `undefined`; with the check on, it throws and shows as an internal error.
// (Every rule table case runs with the check too: test/helpers/rule-tester.ts.)

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') out.push(...filesUnder(p));
    else if (/\.[cm]?[jt]sx?$/.test(e.name)) out.push(p);
  }
  return out;
}

function analyzeChecked(file: string, text: string) {
  checkUnlinkedParents(true);
  try {
    return analyze(file, text, configFrom());
  } finally {
    checkUnlinkedParents(false);
  }
}

test('the check itself: a parent read before the walk links it is an internal error', () => {
  checkUnlinkedParents(true);
  try {
    const { sourceFile } = parseSource('a.spec.ts', 'it("x", () => { expect(1).toBe(1); });', { linkParents: false });
    const statement = sourceFile.statements[0];
    assert.throws(() => (statement.parent as { kind: number }).kind, /parent not linked yet/);
  } finally {
    checkUnlinkedParents(false);
  }
});

test('every example file is analyzed with all rules without reading a parent the walk has not linked', () => {
  const files = filesUnder(EXAMPLES);
  assert.ok(files.length >= 20, `examples/ holds ${files.length} files`);
  for (const file of files) {
    const report = analyzeChecked(path.relative(EXAMPLES, file), fs.readFileSync(file, 'utf8'));
    assert.deepEqual(report.errors.filter((e) => e.kind === 'internal'), [], file);
  }
});

test('nodes the walk does not enter are linked too: imports, type arguments of a test call, code past the depth limit', () => {
  // A left-leaning sum: the parser builds it in a loop, the walk would recurse 2,000 levels into it.
  const deep = Array(2000).fill('1').join(' + ');
  const code = [
    "import { test, expect } from '@playwright/test';",
    "import type { Page } from '@playwright/test';",
    'test.describe<{ page: Page }>("suite", () => {',
    '  test<{ n: number }>("typed", async ({ page }) => {',
    `    const x = ${deep};`,
    '    await page.waitForTimeout(100);',
    '    expect(x).toBe(1);',
    '  });',
    '});',
  ].join('\n');
  const report = analyzeChecked('typed.spec.ts', code);
  assert.deepEqual(report.errors.filter((e) => e.kind === 'internal' && /parent/.test(e.message)), []);
  assert.equal(report.tests.length, 1);
  assert.ok(report.findings.some((f) => f.ruleId === 'fixed-sleep'), 'the sleep after the deep expression is still found');
});
