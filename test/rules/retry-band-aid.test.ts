import rule from '../../server/src/rules/retry-band-aid';
import { ruleTester } from '../helpers/rule-tester';

const PW = `import { test, expect } from '@playwright/test';\n`;

ruleTester(rule, {
  valid: [
    { name: 'no retries', code: `describe('x', () => {\n  it('y', () => { expect(1).toBe(1); });\n});` },
    { name: 'jest.retryTimes(0) turns retries off', code: `jest.retryTimes(0);\nit('y', () => {});` },
    { name: 'this.retries(0) in Mocha', code: `describe('x', function () {\n  this.retries(0);\n  it('y', function () {});\n});` },
    { name: 'Playwright configure without retries', code: `${PW}test.describe.configure({ mode: 'serial' });\ntest('y', async () => {});` },
    { name: 'Playwright configure with retries: 0', code: `${PW}test.describe.configure({ retries: 0 });\ntest('y', async () => {});` },
    { name: 'Cypress retries disabled in both modes', code: `it('y', { retries: { runMode: 0, openMode: 0 } }, () => {\n  cy.visit('/');\n});`, filename: 'a.cy.ts' },
    { name: 'a timeout option is not a retry', code: `import { test } from 'vitest';\ntest('y', { timeout: 10_000 }, async () => {});` },
    { name: 'retries in application code under test', code: `it('retries the request', async () => {\n  const client = createClient({ retries: 3 });\n  await expect(client.get('/x')).resolves.toBeDefined();\n});` },
    { name: 'a function named retries on another object', code: `it('y', () => {\n  policy.retries(3);\n  expect(policy.max).toBe(3);\n});` },
    { name: 'vitest retry: 0', code: `import { test } from 'vitest';\ntest('y', { retry: 0 }, () => {});` },
    { name: 'Cypress.config of another key', code: `it('y', () => {\n  Cypress.config('defaultCommandTimeout', 10000);\n});`, filename: 'a.cy.ts' },
    { name: 'a configure call on something else', code: `it('y', () => {\n  store.configure({ retries: 3 });\n});` },
  ],
  invalid: [
    {
      name: 'jest.retryTimes at module scope',
      code: `jest.retryTimes(3);\ndescribe('x', () => {\n  it('y', () => {});\n});`,
      errors: [{ messageId: 'retries', line: 1, column: 1, endLine: 1, endColumn: 19, test: null, messageIncludes: ['`jest.retryTimes(3)`', 'every test in this file'] }],
    },
    {
      name: 'jest.retryTimes with options inside a describe',
      code: `describe('payments', () => {\n  jest.retryTimes(2, { logErrorsBeforeRetry: true });\n  it('y', () => {});\n});`,
      errors: [{ messageId: 'retries', line: 2, column: 3, messageIncludes: ["every test in 'payments'"] }],
    },
    {
      name: 'Mocha this.retries in a suite',
      code: `describe('flaky api', function () {\n  this.retries(4);\n  it('y', function () {});\n});`,
      errors: [{ messageId: 'retries', line: 2, column: 3, messageIncludes: ['`this.retries(4)`', "'flaky api'"] }],
    },
    {
      name: 'Mocha this.retries in a test',
      code: `describe('s', function () {\n  it('t', function () {\n    this.retries(2);\n  });\n});`,
      errors: [{ messageId: 'retries', line: 3, test: 's t', messageIncludes: ["retries 's t'"] }],
    },
    {
      name: 'Playwright describe.configure retries',
      code: `${PW}test.describe('checkout', () => {\n  test.describe.configure({ retries: 2 });\n  test('pays', async () => {});\n});`,
      errors: [{ messageId: 'retries', line: 3, column: 3, messageIncludes: ["every test in 'checkout'"] }],
    },
    {
      name: 'Playwright configure at file level with mode',
      code: `${PW}test.describe.configure({ mode: 'serial', retries: 3 });\ntest('a', async () => {});`,
      errors: [{ messageId: 'retries', line: 2, messageIncludes: ['every test in this file'] }],
    },
    {
      name: 'Cypress retries on a test',
      code: `describe('login', () => {\n  it('signs in', { retries: 2 }, () => {\n    cy.visit('/');\n  });\n});`,
      filename: 'login.cy.ts',
      errors: [{ messageId: 'retries', line: 2, column: 20, endColumn: 30, test: 'login signs in', messageIncludes: ['`retries: 2`', "retries 'login signs in'"] }],
    },
    {
      name: 'Cypress retries object on a suite',
      code: `describe('cart', { retries: { runMode: 2, openMode: 0 } }, () => {\n  it('adds', () => {});\n});`,
      filename: 'cart.cy.ts',
      errors: [{ messageId: 'retries', line: 1, test: null, messageIncludes: ["every test in 'cart'"] }],
    },
    {
      name: 'vitest retry option before the function',
      code: `import { test } from 'vitest';\ntest('y', { retry: 3 }, async () => {});`,
      errors: [{ messageId: 'retries', line: 2, column: 13 }],
    },
    {
      name: 'vitest retry option after the function',
      code: `import { test } from 'vitest';\ntest('y', async () => {}, { retry: 5 });`,
      errors: [{ messageId: 'retries', line: 2, messageIncludes: ['`retry: 5`'] }],
    },
    {
      name: 'vitest describe retry',
      code: `import { describe, test } from 'vitest';\ndescribe('suite', { retry: 2 }, () => {\n  test('y', () => {});\n});`,
      errors: [{ messageId: 'retries', line: 2 }],
    },
    {
      name: 'retries only on CI is still retries',
      code: `jest.retryTimes(process.env.CI ? 2 : 0);\nit('y', () => {});`,
      errors: [{ messageId: 'retries', line: 1 }],
    },
    {
      name: 'Cypress.config retries',
      code: `describe('s', () => {\n  Cypress.config('retries', 2);\n  it('y', () => {});\n});`,
      filename: 'a.cy.ts',
      errors: [{ messageId: 'retries', line: 2 }],
    },
  ],
});
