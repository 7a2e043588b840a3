import rule from '../../server/src/rules/fixed-sleep';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'cy.wait on an alias waits for the request', code: `it('x', () => { cy.wait('@login'); cy.wait(['@a', '@b']); });` },
    { name: 'fake timers installed in beforeEach', code: `beforeEach(() => { jest.useFakeTimers(); });\nit('x', async () => { await new Promise((r) => setTimeout(r, 1000)); });` },
    { name: 'vitest fake timers in the test', code: `import { it, vi } from 'vitest';\nit('x', async () => { vi.useFakeTimers(); await new Promise((r) => setTimeout(r, 50)); });` },
    { name: 'sinon fake timers at module scope', code: `const clock = sinon.useFakeTimers();\nit('x', async () => { await new Promise(resolve => setTimeout(resolve, 200)); clock.tick(200); });` },
    { name: 'setTimeout(done, 0) yields, it is not a wait', code: `it('x', (done) => { setTimeout(done, 0); });` },
    { name: 'condition polling with waitFor', code: `it('x', async () => { await waitFor(() => expect(screen.getByText('hi')).toBeTruthy(), { timeout: 2000 }); });` },
    { name: 'expect.poll and toPass', code: `import { test, expect } from '@playwright/test';\ntest('x', async ({ page }) => { await expect.poll(() => page.title(), { timeout: 5000 }).toBe('a'); await expect(async () => {}).toPass({ timeout: 3000 }); });` },
    { name: 'a sleep helper definition alone is not a finding', code: `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));\nit('x', () => { expect(1).toBe(1); });` },
    { name: 'video.pause() is not a driver pause', code: `it('x', async () => { video.pause(); player.pause(100); });` },
    { name: 'a timer promise that is not awaited is not a sleep', code: `import { setTimeout as delay } from 'node:timers/promises';\nit('x', () => { const p = delay(10); expect(p).toBeDefined(); });` },
    { name: 'setTimeout callback doing work is not a sleep', code: `it('x', async () => { await new Promise((resolve) => setTimeout(() => { counter++; resolve(undefined); }, 10)); });` },
    { name: 'module-level code outside tests is ignored', code: `await new Promise((r) => setTimeout(r, 100));\nit('x', () => {});` },
    { name: 'a sleep inside a route handler simulates a slow server', code: `test('times out', async (t) => {\n  app.get('/', async () => { await new Promise((r) => setTimeout(r, 500)); return 'late'; });\n  await app.inject('/');\n});` },
    { name: 'a sleep helper inside a hook registered on the app', code: `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nit('runs hooks', async () => {\n  server.addHook('onRequest', async () => { await sleep(10); });\n});` },
    { name: 'a sleep in a handler method of an options object', code: `it('slow route', async () => {\n  app.route({ method: 'GET', async handler() { await new Promise((r) => setTimeout(r, 1000)); return {}; } });\n});` },
    { name: 'a timer racing the work is a deadline', code: `it('x', async () => {\n  await Promise.race([app.inject('/'), new Promise((resolve) => setTimeout(resolve, 1000))]);\n});` },
    { name: 'a sleep inside waitFor polls a condition', code: `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nit('x', async () => {\n  await waitFor(async () => { await sleep(50); expect(1).toBe(1); });\n});` },
    { name: 'a waitFor with an interval', code: `it('x', async () => { await browser.waitUntil(async () => (await $('#a').isDisplayed()), { timeout: 5000, interval: 100 }); });` },
  ],
  invalid: [
    {
      name: 'Playwright waitForTimeout',
      code: `import { test } from '@playwright/test';\ntest('adds', async ({ page }) => {\n  await page.waitForTimeout(2000);\n});`,
      errors: [{ messageId: 'sleep', line: 3, column: 9, endLine: 3, endColumn: 34, test: 'adds', messageIncludes: ['`page.waitForTimeout(2000)` waits a fixed 2 s', 'toBeVisible'] }],
    },
    {
      name: 'Cypress cy.wait with a number',
      code: `describe('login', () => {\n  it('fails', () => {\n    cy.wait(500);\n  });\n});`,
      errors: [{ messageId: 'sleep', line: 3, column: 5, endColumn: 17, test: 'login fails', messageIncludes: ['500 ms'] }],
    },
    {
      name: 'WebdriverIO browser.pause',
      code: `it('x', async () => {\n  await browser.pause(3000);\n});`,
      errors: [{ messageId: 'sleep', line: 2, column: 9, messageIncludes: ['`browser.pause(3000)`', '3 s'] }],
    },
    {
      name: 'promise around setTimeout',
      code: `it('x', async () => {\n  await new Promise((resolve) => setTimeout(resolve, 250));\n});`,
      errors: [{ messageId: 'sleep', line: 2, column: 9, endColumn: 59, messageIncludes: ['250 ms'] }],
    },
    {
      name: 'promise with a block body and function resolve callback',
      code: `it('x', async () => {\n  await new Promise(function (r) { setTimeout(() => r(), 100); });\n});`,
      errors: [{ messageId: 'sleep', line: 2, column: 9 }],
    },
    {
      name: 'awaited setTimeout from timers/promises with an alias',
      code: `import { setTimeout as delay } from 'node:timers/promises';\nit('x', async () => {\n  await delay(1000);\n});`,
      errors: [{ messageId: 'sleep', line: 3, column: 9, endColumn: 20, messageIncludes: ['`delay(1000)`', '1 s'] }],
    },
    {
      name: 'local sleep helper called in a test',
      code: `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));\nit('x', async () => {\n  await sleep(100);\n});`,
      errors: [{ messageId: 'sleep', line: 3, column: 9, messageIncludes: ['`sleep(100)`', '100 ms'] }],
    },
    {
      name: 'function declaration sleep helper used in a hook',
      code: `function delay(ms) {\n  return new Promise((resolve) => setTimeout(resolve, ms));\n}\nbeforeEach(async () => {\n  await delay(2 * 1000);\n});\nit('x', () => {});`,
      errors: [{ messageId: 'sleep', line: 5, column: 9, test: null, messageIncludes: ['in beforeEach', '2 s'] }],
    },
    {
      name: 'imported sleep helper from a local module',
      code: `import { sleep } from './utils';\nit('x', async () => {\n  await sleep(1500);\n});`,
      errors: [{ messageId: 'sleep', line: 3, column: 9, messageIncludes: ['`sleep(1500)` waits a fixed 1.5 s'] }],
    },
    {
      name: 'the delay package',
      code: `import delay from 'delay';\nit('x', async () => {\n  await delay(300);\n});`,
      errors: [{ messageId: 'sleep', line: 3, column: 9 }],
    },
    {
      name: 'named constant duration',
      code: `const SETTLE_MS = 400;\ntest('x', async ({ page }) => {\n  await page.waitForTimeout(SETTLE_MS);\n});`,
      errors: [{ messageId: 'sleep', line: 3, messageIncludes: ['a fixed time (`SETTLE_MS`)'] }],
    },
    {
      name: 'fake timers in another suite do not cover this one',
      code: `describe('a', () => {\n  beforeEach(() => { jest.useFakeTimers(); });\n  it('x', () => {});\n});\ndescribe('b', () => {\n  it('y', async () => {\n    await new Promise((r) => setTimeout(r, 100));\n  });\n});`,
      errors: [{ messageId: 'sleep', line: 7, test: 'b y' }],
    },
    {
      name: 'driver waits are not neutralised by fake timers',
      code: `beforeEach(() => { jest.useFakeTimers(); });\nit('x', async () => {\n  await page.waitForTimeout(100);\n});`,
      errors: [{ messageId: 'sleep', line: 3 }],
    },
    {
      name: 'a sleep inside a Playwright step is still the test waiting',
      code: `import { test } from '@playwright/test';\ntest('x', async ({ page }) => {\n  await test.step('wait', async () => {\n    await new Promise((r) => setTimeout(r, 300));\n  });\n});`,
      errors: [{ messageId: 'sleep', line: 4, column: 11 }],
    },
    {
      name: 'timers/promises namespace',
      code: `import timers from 'node:timers/promises';\nit('x', async () => {\n  await timers.setTimeout(20);\n});`,
      errors: [{ messageId: 'sleep', line: 3, column: 9 }],
    },
  ],
});
