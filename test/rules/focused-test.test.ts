import rule from '../../server/src/rules/focused-test';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'plain tests', code: `describe('a', () => { it('b', () => {}); test('c', () => {}); });` },
    { name: 'skip is not focus', code: `it.skip('a', () => {}); xdescribe('b', () => {});` },
    { name: 'only as a variable', code: `it('a', () => { const only = [1]; expect(only).toHaveLength(1); });` },
    { name: 'a method named only on something else', code: `it('a', () => { query.only('id'); builder.only().run(); });` },
    { name: 'focus in a comment', code: `// it.only('a', () => {});\nit('a', () => {});` },
    { name: 'focus in a string', code: `it('mentions it.only in its title', () => { expect('fit(').toBeTruthy(); });` },
    { name: 'a local function called fit', code: `it('x', () => { const size = fitText('abc', 10); expect(size).toBe(1); });` },
    { name: 'Playwright configure', code: `import { test } from '@playwright/test';\ntest.describe.configure({ mode: 'serial' });\ntest('a', async () => {});` },
    { name: 'test.step is not a test', code: `import { test } from '@playwright/test';\ntest('a', async () => { await test.step('only step', async () => {}); });` },
    { name: 'vitest each without only', code: `import { it } from 'vitest';\nit.each([1, 2])('n %i', (n) => {});` },
    { name: 'onlyIf-like names', code: `it('x', () => { onlyIf(true); runOnly(); });` },
  ],
  invalid: [
    {
      name: 'it.only',
      code: `describe('cart', () => {\n  it.only('adds', () => {});\n});`,
      errors: [{ messageId: 'focused', line: 2, column: 6, endColumn: 10, test: 'cart adds' }],
      output: `describe('cart', () => {\n  it('adds', () => {});\n});`,
    },
    {
      name: 'describe.only',
      code: `describe.only('cart', () => {\n  it('adds', () => {});\n});`,
      errors: [{ messageId: 'focused', line: 1, column: 10, test: null, messageIncludes: ['the suite'] }],
      output: `describe('cart', () => {\n  it('adds', () => {});\n});`,
    },
    {
      name: 'fit',
      code: `fit('adds', () => {});`,
      errors: [{ messageId: 'focused', line: 1, column: 1, endColumn: 4 }],
      output: `it('adds', () => {});`,
    },
    {
      name: 'fdescribe',
      code: `fdescribe('cart', () => {});`,
      errors: [{ messageId: 'focused', line: 1, column: 1, endColumn: 10 }],
      output: `describe('cart', () => {});`,
    },
    {
      name: 'test.only',
      code: `test.only('a', () => {});`,
      errors: [{ messageId: 'focused', line: 1, column: 6 }],
      output: `test('a', () => {});`,
    },
    {
      name: 'Playwright test.describe.only',
      code: `import { test } from '@playwright/test';\ntest.describe.only('login', () => { test('a', async () => {}); });`,
      errors: [{ messageId: 'focused', line: 2, column: 15 }],
      output: `import { test } from '@playwright/test';\ntest.describe('login', () => { test('a', async () => {}); });`,
    },
    {
      name: 'it.only.each',
      code: `it.only.each([1, 2])('n %i', () => {});`,
      errors: [{ messageId: 'focused', line: 1, column: 4 }],
      output: `it.each([1, 2])('n %i', () => {});`,
    },
    {
      name: 'describe.each.only is not a shape; describe.only.each is',
      code: `describe.only.each([1])('n %i', () => {});`,
      errors: [{ messageId: 'focused', line: 1, column: 10 }],
      output: `describe.each([1])('n %i', () => {});`,
    },
    {
      name: 'aliased import',
      code: `import { test as it } from 'vitest';\nit.only('a', () => {});`,
      errors: [{ messageId: 'focused', line: 2, column: 4 }],
      output: `import { test as it } from 'vitest';\nit('a', () => {});`,
    },
    {
      name: 'node:test it.only via require',
      code: `const { it } = require('node:test');\nit.only('a', () => {});`,
      errors: [{ messageId: 'focused', line: 2, column: 4 }],
      output: `const { it } = require('node:test');\nit('a', () => {});`,
    },
    {
      name: 'concurrent only',
      code: `it.concurrent.only('a', async () => {});`,
      errors: [{ messageId: 'focused', line: 1, column: 15 }],
      output: `it.concurrent('a', async () => {});`,
    },
    {
      name: 'two focuses in one file',
      code: `it.only('a', () => {});\nit.only('b', () => {});`,
      errors: [{ messageId: 'focused', line: 1 }, { messageId: 'focused', line: 2 }],
      output: `it('a', () => {});\nit('b', () => {});`,
    },
  ],
});
