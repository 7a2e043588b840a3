import rule from '../../server/src/rules/unreliable-wait';
import { ruleTester } from '../helpers/rule-tester';

const pw = `import { test, expect } from '@playwright/test';\n`;
const pup = `import puppeteer from 'puppeteer';\n`;

ruleTester(rule, {
  valid: [
    { name: 'waitForLoadState with load or domcontentloaded', code: `${pw}test('x', async ({ page }) => { await page.waitForLoadState(); await page.waitForLoadState('domcontentloaded'); });` },
    { name: 'goto with waitUntil load', code: `${pw}test('x', async ({ page }) => { await page.goto('/', { waitUntil: 'load' }); await page.goto('/a', { waitUntil: 'commit' }); });` },
    { name: 'waitForURL and web-first assertions', code: `${pw}test('x', async ({ page }) => { await page.getByText('Next').click(); await page.waitForURL('**/step-2'); await expect(page).toHaveURL(/step-2/); });` },
    { name: 'Puppeteer waitForNavigation started with the click', code: `${pup}it('x', async () => { await Promise.all([page.waitForNavigation(), page.click('a')]); });` },
    { name: 'Playwright waitForNavigation started with the click', code: `${pw}test('x', async ({ page }) => { await Promise.all([page.waitForNavigation(), page.click('a')]); });` },
    { name: 'a networkidle goto expected to fail', code: `${pw}test('x', async ({ page }) => { const e = await page.goto(url, { waitUntil: 'networkidle', timeout: 10 }).catch((e) => e); expect(e).toBeTruthy(); });` },
    { name: 'Puppeteer navigation promise created before the click', code: `${pup}it('x', async () => { const nav = page.waitForNavigation(); await page.click('a'); await nav; });` },
    { name: 'waitForSelector whose element is clicked, not read', code: `${pw}test('x', async ({ page }) => { const el = await page.waitForSelector('.ok'); await el.click(); });` },
    { name: 'waitForSelector then a retrying assertion', code: `${pw}test('x', async ({ page }) => { await page.waitForSelector('.res'); await expect(page.locator('.res')).toHaveText('5'); });` },
    { name: 'waitForSelector then a read of another selector', code: `${pw}test('x', async ({ page }) => { await page.waitForSelector('.res'); expect(await page.textContent('.other')).toBe('a'); });` },
    { name: 'a read that is not asserted', code: `${pw}test('x', async ({ page }) => { const el = await page.waitForSelector('.res'); const t = await el.textContent(); console.log(t); });` },
    { name: 'networkidle in a unit test config object', code: `it('parses options', () => { const o = parse({ waitUntil: 'networkidle' }); expect(o.waitUntil).toBe('networkidle'); });` },
    { name: 'a test of networkidle itself', code: `${pw}test('should wait for networkidle', async ({ page }) => { await page.goto('/', { waitUntil: 'networkidle' }); });` },
    { name: 'a test of waitForNavigation itself', code: `${pw}test('waitForNavigation should respect timeout', async ({ page }) => { await page.waitForNavigation({ timeout: 10 }).catch(() => {}); });` },
    { name: 'WebdriverIO has no networkidle', code: `it('x', async () => { await browser.url('/'); await $('#a').waitForDisplayed(); expect(await $('#a').getText()).toBe('a'); });`, filename: 'a.e2e.ts' },
  ],
  invalid: [
    {
      name: 'Playwright waitForLoadState(networkidle)',
      code: `${pw}test.describe('search', () => {\n  test('finds', async ({ page }) => {\n    await page.waitForLoadState('networkidle');\n  });\n});`,
      errors: [{ messageId: 'networkIdle', line: 4, column: 11, endLine: 4, endColumn: 47, test: 'search finds', messageIncludes: ["`page.waitForLoadState('networkidle')`", "in 'search finds'", 'toBeVisible', 'waitForResponse'] }],
    },
    {
      name: 'goto with waitUntil networkidle',
      code: `${pw}test('x', async ({ page }) => {\n  await page.goto('/', { waitUntil: 'networkidle' });\n});`,
      errors: [{ messageId: 'networkIdle', line: 3, column: 26, endColumn: 50, messageIncludes: ["page.goto(…, { waitUntil: 'networkidle' })"] }],
    },
    {
      name: 'Puppeteer networkidle0 and networkidle2',
      code: `${pup}it('loads', async () => {\n  await page.goto(url, { waitUntil: 'networkidle0' });\n  await page.reload({ waitUntil: ['load', 'networkidle2'] });\n});`,
      errors: [{ messageId: 'networkIdle', line: 3, messageIncludes: ['waitForSelector'] }, { messageId: 'networkIdle', line: 4 }],
    },
    {
      name: 'setContent with networkidle in a custom fixture test',
      code: `import { test } from './fixtures';\ntest('x', async ({ page }) => {\n  await page.setContent(html, { waitUntil: 'networkidle' });\n});`,
      errors: [{ messageId: 'networkIdle', line: 3 }],
    },
    {
      name: 'networkidle in a hook',
      code: `${pw}test.describe('s', () => {\n  test.beforeEach(async ({ page }) => {\n    await page.goto('/');\n    await page.waitForLoadState('networkidle');\n  });\n  test('t', async () => {});\n});`,
      errors: [{ messageId: 'networkIdle', line: 5, test: null, messageIncludes: ["in beforeEach of 's'"] }],
    },
    {
      name: 'Playwright waitForNavigation after the click',
      code: `${pw}test('submits', async ({ page }) => {\n  await page.click('button[type=submit]');\n  await page.waitForNavigation();\n});`,
      errors: [{ messageId: 'waitForNavigation', line: 4, column: 9, endColumn: 33, messageIncludes: ['is awaited after the action that navigates (and is deprecated)', 'waitForURL'] }],
    },
    {
      name: 'Playwright waitForNavigation after pressing Enter',
      code: `${pw}test('x', async ({ page }) => {\n  await page.getByRole('searchbox').press('Enter');\n  await page.waitForNavigation({ url: '**/results' });\n});`,
      errors: [{ messageId: 'waitForNavigation', line: 4, column: 9 }],
    },
    {
      name: 'Puppeteer waitForNavigation awaited after the click',
      code: `${pup}it('x', async () => {\n  await page.click('a.next');\n  await page.waitForNavigation({ waitUntil: 'load' });\n});`,
      errors: [{ messageId: 'waitForNavigation', line: 4, messageIncludes: ['is awaited after the action that navigates', 'Promise.all'] }],
    },
    {
      name: 'waitForSelector result read once',
      code: `${pw}test('total', async ({ page }) => {\n  const total = await page.waitForSelector('.total');\n  expect(await total.textContent()).toBe('€2.50');\n});`,
      errors: [{ messageId: 'selectorRead', line: 3, column: 23, endColumn: 53, test: 'total', messageIncludes: ["`page.waitForSelector('.total')`", '`total.textContent()`', 'toHaveText'] }],
    },
    {
      name: 'waitForSelector then a page read of the same selector',
      code: `${pw}test('x', async ({ page }) => {\n  await page.waitForSelector('#status');\n  expect(await page.textContent('#status')).toBe('Saved');\n});`,
      errors: [{ messageId: 'selectorRead', line: 3, column: 9, messageIncludes: ["page.textContent('#status')"] }],
    },
    {
      name: 'waitForSelector read inline',
      code: `${pw}test('x', async ({ page }) => {\n  expect(await (await page.waitForSelector('.a')).getAttribute('aria-busy')).toBe('false');\n});`,
      errors: [{ messageId: 'selectorRead', line: 3, column: 23, messageIncludes: ['.getAttribute()'] }],
    },
    {
      name: 'Puppeteer waitForSelector then $eval read',
      code: `${pup}it('x', async () => {\n  await page.waitForSelector('.count');\n  expect(await page.$eval('.count', (e) => e.textContent)).toBe('3');\n});`,
      errors: [{ messageId: 'selectorRead', line: 3, messageIncludes: ['waitForFunction'] }],
    },
    {
      name: 'waitForSelector read with a boolean state',
      code: `${pw}test('x', async ({ page }) => {\n  const box = await page.waitForSelector('#agree');\n  expect(await box.isChecked()).toBe(true);\n});`,
      errors: [{ messageId: 'selectorRead', line: 3 }],
    },
  ],
});
