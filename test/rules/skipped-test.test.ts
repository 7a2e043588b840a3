import rule from '../../server/src/rules/skipped-test';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'plain tests', code: `describe('a', () => { it('b', () => {}); });` },
    { name: 'todo is a placeholder, not a skip', code: `it.todo('write this');` },
    { name: 'conditional skip in Playwright', code: `import { test } from '@playwright/test';\ntest('a', async ({ browserName }) => { test.skip(browserName === 'webkit', 'no webkit'); });` },
    { name: 'vitest skipIf', code: `import { describe, it } from 'vitest';\ndescribe.skipIf(process.env.CI)('local only', () => { it('a', () => {}); });` },
    { name: 'skip as a method of something else', code: `it('a', () => { stream.skip(3); cursor.skip(10); });` },
    { name: 'a normal comment', code: `// this checks the cart\nit('a', () => {});` },
    { name: 'commented-out test check off by option', options: { reportCommentedOut: false }, code: `// it('old', () => {});\nit('a', () => {});` },
    { name: 'it( inside a string', code: `it('a', () => { const s = "// it('x', () => {})"; expect(s).toBeTruthy(); });` },
    { name: 'mocha this.skip inside a condition', code: `it('a', function () { if (!process.env.DB) this.skip(); });` },
    { name: 'x-prefixed helpers are not tests', code: `it('a', () => { xml('b'); xtestHelper(); });` },
    { name: 'runtime skip with a condition in node:test', code: `import { test } from 'node:test';\ntest('a', (t) => { if (process.platform === 'win32') t.skip('posix only'); });` },
  ],
  invalid: [
    {
      name: 'it.skip',
      code: `describe('cart', () => {\n  it.skip('adds', () => {});\n});`,
      errors: [{ messageId: 'skipped', line: 2, column: 6, endColumn: 10, test: 'cart adds' }],
    },
    { name: 'xit', code: `xit('adds', () => {});`, errors: [{ messageId: 'skipped', line: 1, column: 1, endColumn: 4 }] },
    { name: 'xdescribe', code: `xdescribe('cart', () => { it('a', () => {}); });`, errors: [{ messageId: 'skipped', line: 1, column: 1, test: null }] },
    { name: 'describe.skip', code: `describe.skip('cart', () => {});`, errors: [{ messageId: 'skipped', line: 1, column: 10 }] },
    { name: 'Playwright fixme', code: `import { test } from '@playwright/test';\ntest.fixme('pays', async () => {});`, errors: [{ messageId: 'skipped', line: 2, column: 6 }] },
    { name: 'Playwright describe.skip', code: `import { test } from '@playwright/test';\ntest.describe.skip('x', () => {});`, errors: [{ messageId: 'skipped', line: 2, column: 15 }] },
    {
      name: 'unconditional runtime skip inside a Playwright test',
      code: `import { test } from '@playwright/test';\ntest('pays', async () => {\n  test.skip();\n});`,
      errors: [{ messageId: 'runtimeSkip', line: 3, column: 3, test: 'pays' }],
    },
    { name: 'mocha this.skip()', code: `it('a', function () {\n  this.skip();\n});`, errors: [{ messageId: 'runtimeSkip', line: 2, column: 3 }] },
    {
      name: 'commented-out test',
      code: `it('a', () => {});\n// it('old', () => {\n//   expect(1).toBe(1);\n// });`,
      errors: [{ messageId: 'commentedOut', line: 2, column: 1, test: null }],
    },
    { name: 'xtest with each', code: `xtest.each([1])('n %i', () => {});`, errors: [{ messageId: 'skipped', line: 1, column: 1 }] },
    { name: 'it.skip.each', code: `it.skip.each([1])('n %i', () => {});`, errors: [{ messageId: 'skipped', line: 1, column: 4 }] },
    {
      name: 'aliased import skip',
      code: `import { test as it } from 'vitest';\nit.skip('a', () => {});`,
      errors: [{ messageId: 'skipped', line: 2, column: 4, messageIncludes: ["'a'"] }],
    },
    {
      name: 'commented-out focused test in a suite',
      code: `describe('a', () => {\n  // it.only('old', () => {});\n  it('b', () => {});\n});`,
      errors: [{ messageId: 'commentedOut', line: 2, column: 3 }],
    },
  ],
});
