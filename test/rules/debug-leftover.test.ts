import rule from '../../server/src/rules/debug-leftover';
import { ruleTester } from '../helpers/rule-tester';

const pw = `import { test, expect } from '@playwright/test';\n`;

ruleTester(rule, {
  valid: [
    { name: 'video.pause() is a media call', code: `it('plays', async () => { video.pause(); await player.pause(); });` },
    { name: 'browser.pause(ms) is a fixed sleep, another rule', code: `it('x', async () => { await browser.pause(500); });` },
    { name: 'logger.debug() is logging', code: `it('x', () => { logger.debug('state', state); console.debug('x'); });` },
    { name: 'debug() from the debug package', code: `import createDebug from 'debug';\nconst debug = createDebug('app');\nit('x', () => { debug('hello'); });` },
    { name: 'page.pause with a duration is not the inspector', code: `${pw}test('x', async ({ page }) => { await page.pause(100); });` },
    { name: 'a debugger statement marked deliberate', code: `it('x', () => {\n  debugger; // eslint-disable-line no-debugger\n});` },
    { name: 'a test of the pause API itself', code: `${pw}test('page.pause resumes on click', async ({ page }) => { await page.pause(); });` },
    { name: 'a test of browser.debug itself', code: `describe('debug command', () => { it('opens a repl', async () => { await browser.debug(); }); });` },
    { name: 'the word debugger in a string or comment', code: `it('x', () => { const s = 'debugger'; /* debugger */ expect(s).toBeTruthy(); });` },
    { name: 'cy.debug as a custom task name', code: `it('x', () => { cy.task('debug', 'x'); cy.log('debug'); });` },
    { name: 'screen is not Testing Library', code: `it('x', () => { tv.screen.debug; monitor.debug(); });` },
    { name: 'this.debug in a page object method is not a driver call', code: `it('x', () => { const o = { debug() {} }; o.debug(); });` },
    { name: 'source module outside tests', code: `export function f() { return 1; }` },
  ],
  invalid: [
    {
      name: 'Playwright page.pause()',
      code: `${pw}test.describe('cart', () => {\n  test('adds', async ({ page }) => {\n    await page.pause();\n    await expect(page.getByText('1')).toBeVisible();\n  });\n});`,
      errors: [{ messageId: 'call', line: 4, column: 11, endLine: 4, endColumn: 23, test: 'cart adds', messageIncludes: ['`page.pause()`', "in 'cart adds'", 'Playwright Inspector'] }],
      output: `${pw}test.describe('cart', () => {\n  test('adds', async ({ page }) => {\n    await expect(page.getByText('1')).toBeVisible();\n  });\n});`,
    },
    {
      name: 'cy.pause()',
      code: `it('logs in', () => {\n  cy.visit('/');\n  cy.pause();\n});`,
      errors: [{ messageId: 'call', line: 3, column: 3, endColumn: 13, test: 'logs in', messageIncludes: ['`cy.pause()`', 'Resume'] }],
      output: `it('logs in', () => {\n  cy.visit('/');\n});`,
    },
    {
      name: 'cy.debug() in the middle of a chain keeps the chain',
      code: `it('x', () => {\n  cy.get('.row').debug().click();\n});`,
      errors: [{ messageId: 'call', line: 2, column: 3, endColumn: 25 }],
      output: `it('x', () => {\n  cy.get('.row').click();\n});`,
    },
    {
      name: 'cy.get(...).pause() at the end of a chain keeps the query',
      code: `it('x', () => {\n  cy.get('select').pause();\n});`,
      errors: [{ messageId: 'call', line: 2, column: 3 }],
      output: `it('x', () => {\n  cy.get('select');\n});`,
    },
    {
      name: 'WebdriverIO browser.debug()',
      code: `describe('login', () => {\n  it('works', async () => {\n    await browser.debug();\n  });\n});`,
      errors: [{ messageId: 'call', line: 3, column: 11, test: 'login works', messageIncludes: ['REPL'] }],
      output: `describe('login', () => {\n  it('works', async () => {\n  });\n});`,
    },
    {
      name: 'Testing Library screen.debug() with an element',
      code: `it('renders', () => {\n  render(<App />);\n  screen.debug(screen.getByRole('list'));\n  expect(screen.getByRole('list')).toBeTruthy();\n});`,
      filename: 'case.tsx',
      errors: [{ messageId: 'call', line: 3, column: 3, messageIncludes: ['dumps the DOM'] }],
      output: `it('renders', () => {\n  render(<App />);\n  expect(screen.getByRole('list')).toBeTruthy();\n});`,
    },
    {
      name: 'screen.logTestingPlaygroundURL()',
      code: `it('x', () => {\n  screen.logTestingPlaygroundURL();\n});`,
      errors: [{ messageId: 'call', line: 2, column: 3 }],
      output: `it('x', () => {\n});`,
    },
    {
      name: 'debugger statement in a test',
      code: `describe('math', () => {\n  it('adds', () => {\n    debugger;\n    expect(1 + 1).toBe(2);\n  });\n});`,
      errors: [{ messageId: 'debuggerStatement', line: 3, column: 5, endColumn: 14, test: 'math adds', messageIncludes: ["in 'math adds'"] }],
      output: `describe('math', () => {\n  it('adds', () => {\n    expect(1 + 1).toBe(2);\n  });\n});`,
    },
    {
      name: 'debugger statement in a hook',
      code: `describe('s', () => {\n  beforeEach(() => {\n    debugger;\n  });\n  it('t', () => {});\n});`,
      errors: [{ messageId: 'debuggerStatement', line: 3, test: null, messageIncludes: ["in beforeEach of 's'"] }],
      output: `describe('s', () => {\n  beforeEach(() => {\n  });\n  it('t', () => {});\n});`,
    },
    {
      name: 'debugger in a helper of a test file',
      code: `function fill(form) {\n  debugger;\n  form.submit();\n}\nit('t', () => { fill(f); });`,
      errors: [{ messageId: 'debuggerStatement', line: 2, test: null }],
      output: `function fill(form) {\n  form.submit();\n}\nit('t', () => { fill(f); });`,
    },
    {
      name: 'popup.pause() on another page',
      code: `${pw}test('x', async ({ page }) => {\n  const popup = await page.waitForEvent('popup');\n  await popup.pause();\n});`,
      errors: [{ messageId: 'call', line: 4, column: 9 }],
      output: `${pw}test('x', async ({ page }) => {\n  const popup = await page.waitForEvent('popup');\n});`,
    },
    {
      name: 'a page object property page',
      code: `${pw}test('x', async ({ page }) => {\n  const app = new App(page);\n  await app.page.pause();\n});`,
      errors: [{ messageId: 'call', line: 4, column: 9 }],
      output: `${pw}test('x', async ({ page }) => {\n  const app = new App(page);\n});`,
    },
    {
      name: 'two leftovers on one test',
      code: `it('x', () => {\n  cy.pause();\n  cy.get('a').debug();\n});`,
      errors: [{ messageId: 'call', line: 2 }, { messageId: 'call', line: 3, column: 3 }],
      output: `it('x', () => {\n  cy.get('a');\n});`,
    },
  ],
});
