import rule from '../../server/src/rules/forced-action';
import { ruleTester } from '../helpers/rule-tester';

const pw = `import { test, expect } from '@playwright/test';\n`;

ruleTester(rule, {
  valid: [
    { name: 'a plain Playwright click', code: `${pw}test('x', async ({ page }) => { await page.getByRole('button').click(); await page.fill('#a', 'b'); });` },
    { name: 'other options are fine', code: `${pw}test('x', async ({ page }) => { await page.locator('#a').click({ timeout: 5000, position: { x: 1, y: 1 } }); });` },
    { name: 'force: false', code: `${pw}test('x', async ({ page }) => { await page.locator('#a').click({ force: false }); });` },
    { name: 'fs.rm with force is not an action', code: `import { rm } from 'node:fs/promises';\nit('cleans', async () => { await rm(dir, { recursive: true, force: true }); });` },
    { name: 'git-like force options outside a browser test', code: `it('pushes', async () => { await repo.push({ force: true }); await client.select('users', { force: true }); });` },
    { name: 'a DOM dispatchEvent in a unit test', code: `it('fires', () => { const el = document.createElement('button'); el.dispatchEvent(new MouseEvent('click')); });` },
    { name: 'Playwright dispatchEvent of another event', code: `${pw}test('x', async ({ page }) => { await page.locator('input').dispatchEvent('change'); });` },
    { name: 'Cypress trigger without force', code: `it('x', () => { cy.get('.slider').trigger('mousedown', { which: 1 }); });`, filename: 'a.cy.ts' },
    { name: 'Cypress invoke of another method', code: `it('x', () => { cy.get('input').invoke('val', 'x'); cy.get('a').invoke('removeAttr', 'target'); });`, filename: 'a.cy.ts' },
    { name: 'the test probes the force option itself', code: `${pw}test('should click with force: true on a hidden button', async ({ page }) => { await page.click('button', { force: true }); });` },
    { name: 'an expected failure with force', code: `${pw}test('x', async ({ page }) => { const error = await page.locator('#a').click({ force: true }).catch((e) => e); expect(error).toBeTruthy(); });` },
    { name: 'an evaluate that does more than click', code: `${pw}test('x', async ({ page }) => { await page.evaluate(() => { window.scrollTo(0, 0); document.title = 'x'; }); });` },
    { name: 'a WebdriverIO click', code: `it('x', async () => { await $('#a').click(); await browser.execute(() => window.scrollTo(0, 0)); });`, filename: 'a.e2e.ts' },
    { name: 'a test about a disabled button forces the click to show nothing happens', code: `${pw}test('cannot send while the form is disabled', async ({ page }) => {\n  await page.getByRole('button', { name: 'Send' }).click({ force: true });\n  await expect(page.getByText('Sent')).toBeHidden();\n});` },
    { name: 'a Cypress test about a disabled button', code: `describe('counter', () => {\n  it('cannot decrement by clicking on the disabled minus button', () => {\n    cy.get('.minus').click({ force: true });\n    cy.get('.count').should('have.text', '0');\n  });\n});` },
    { name: 'a read-only field', code: `${pw}test('should not allow editing values when read-only', async ({ page }) => {\n  await page.locator('.value').click({ force: true });\n  await expect(page.locator('.value')).not.toHaveClass(/editable/);\n});` },
    { name: 'a page the test built inline with setContent', code: `${pw}test('x', async ({ page }) => {\n  await page.setContent('<button style="animation: move 20s infinite">Click</button>');\n  await page.click('button', { force: true });\n});` },
    { name: 'a test the model does not know, whose title names the API', code: `${pw}import { browserTest } from './fixtures';\nbrowserTest('Frame SlowMo dispatchEvent', async ({ page }) => {\n  await checkSlowMo(page, (frame) => frame.dispatchEvent('button', 'click'));\n});` },
  ],
  invalid: [
    {
      name: 'enabled is not disabled',
      code: `${pw}test('submits once the button is enabled', async ({ page }) => {\n  await page.getByRole('button').click({ force: true });\n});`,
      errors: [{ messageId: 'force', line: 3 }],
      output: `${pw}test('submits once the button is enabled', async ({ page }) => {\n  await page.getByRole('button').click();\n});`,
    },
    {
      name: 'setContent in another test, or after the forced action, does not count',
      code: `${pw}test('a', async ({ page }) => {\n  await page.setContent('<button>Go</button>');\n});\ntest('b', async ({ page }) => {\n  await page.goto('/');\n  await page.click('button', { force: true });\n  await page.setContent('<p>done</p>');\n});`,
      errors: [{ messageId: 'force', line: 7, test: 'b' }],
      output: `${pw}test('a', async ({ page }) => {\n  await page.setContent('<button>Go</button>');\n});\ntest('b', async ({ page }) => {\n  await page.goto('/');\n  await page.click('button');\n  await page.setContent('<p>done</p>');\n});`,
    },
    {
      name: 'Playwright click with force',
      code: `${pw}test.describe('cart', () => {\n  test('adds', async ({ page }) => {\n    await page.getByRole('button').click({ force: true });\n  });\n});`,
      errors: [{ messageId: 'force', line: 4, column: 44, endColumn: 55, test: 'cart adds', messageIncludes: ["in 'cart adds'", 'visible, stable, enabled', 'await locator.click()'] }],
      output: `${pw}test.describe('cart', () => {\n  test('adds', async ({ page }) => {\n    await page.getByRole('button').click();\n  });\n});`,
    },
    {
      name: 'Playwright fill with other options keeps them',
      code: `${pw}test('x', async ({ page }) => {\n  await page.locator('#a').fill('b', { timeout: 100, force: true });\n});`,
      errors: [{ messageId: 'force', line: 3, column: 54, messageIncludes: ['forces the fill'] }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.locator('#a').fill('b', { timeout: 100 });\n});`,
    },
    {
      name: 'Playwright page.check with the option first',
      code: `${pw}test('x', async ({ page }) => {\n  await page.check('#terms', { force: true, timeout: 10 });\n});`,
      errors: [{ messageId: 'force', line: 3, column: 32 }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.check('#terms', { timeout: 10 });\n});`,
    },
    {
      name: 'Playwright hover and selectOption',
      code: `${pw}test('x', async ({ page }) => {\n  await page.hover('.menu', { force: true });\n  await page.selectOption('select', 'a', { force: true });\n});`,
      errors: [{ messageId: 'force', line: 3, messageIncludes: ['forces the hover'] }, { messageId: 'force', line: 4, messageIncludes: ['forces the selection'] }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.hover('.menu');\n  await page.selectOption('select', 'a');\n});`,
    },
    {
      name: 'Cypress click with force',
      code: `describe('profile', () => {\n  it('saves', () => {\n    cy.get('[data-cy=save]').click({ force: true });\n  });\n});`,
      filename: 'profile.cy.ts',
      errors: [{ messageId: 'force', line: 3, column: 38, endColumn: 49, test: 'profile saves', messageIncludes: ["should('be.visible')"] }],
      output: `describe('profile', () => {\n  it('saves', () => {\n    cy.get('[data-cy=save]').click();\n  });\n});`,
    },
    {
      name: 'Cypress type and check with force, then an assertion',
      code: `it('x', () => {\n  cy.get('input').type('Ada', { force: true });\n  cy.get('[type=checkbox]').check({ force: true }).should('be.checked');\n});`,
      errors: [{ messageId: 'force', line: 2 }, { messageId: 'force', line: 3 }],
      output: `it('x', () => {\n  cy.get('input').type('Ada');\n  cy.get('[type=checkbox]').check().should('be.checked');\n});`,
    },
    {
      name: 'Cypress select and trigger with force',
      code: `it('x', () => {\n  cy.get('select').select('MA', { force: true });\n  cy.get('.item').trigger('mouseover', { force: true });\n});`,
      errors: [{ messageId: 'force', line: 2 }, { messageId: 'force', line: 3 }],
      output: `it('x', () => {\n  cy.get('select').select('MA');\n  cy.get('.item').trigger('mouseover');\n});`,
    },
    {
      name: 'Cypress click with a position and force',
      code: `it('x', () => {\n  cy.get('canvas').click('topLeft', { force: true });\n});`,
      errors: [{ messageId: 'force', line: 2, column: 39 }],
      output: `it('x', () => {\n  cy.get('canvas').click('topLeft');\n});`,
    },
    {
      name: 'Playwright locator.dispatchEvent(click)',
      code: `${pw}test('opens', async ({ page }) => {\n  await page.getByText('Open').dispatchEvent('click');\n});`,
      errors: [{ messageId: 'dispatch', line: 3, column: 9, endColumn: 54, test: 'opens', messageIncludes: ['synthetic `click`'] }],
    },
    {
      name: 'Playwright page.dispatchEvent(selector, click)',
      code: `${pw}test('x', async ({ page }) => {\n  await page.dispatchEvent('#open', 'click');\n});`,
      errors: [{ messageId: 'dispatch', line: 3 }],
    },
    {
      name: 'Playwright $eval that clicks in the page',
      code: `${pw}test('x', async ({ page }) => {\n  await page.$eval('#buy', (el) => el.click());\n});`,
      errors: [{ messageId: 'scriptClick', line: 3, column: 9, messageIncludes: ['from a script'] }],
    },
    {
      name: 'Cypress invoke(click)',
      code: `it('x', () => {\n  cy.get('#menu a').invoke('click');\n});`,
      filename: 'nav.cy.js',
      errors: [{ messageId: 'scriptClick', line: 2, column: 3 }],
    },
    {
      name: 'WebdriverIO execute that clicks',
      code: `import { browser, $ } from '@wdio/globals';\nit('x', async () => {\n  await browser.execute((el) => el.click(), await $('#buy'));\n});`,
      errors: [{ messageId: 'scriptClick', line: 3, messageIncludes: ['waitForClickable'] }],
    },
    {
      name: 'forced click in a page-object helper of a Playwright file',
      code: `${pw}async function next(page) {\n  await page.locator('.next').click({ force: true });\n}\ntest('x', async ({ page }) => { await next(page); });`,
      errors: [{ messageId: 'force', line: 3, test: null }],
      output: `${pw}async function next(page) {\n  await page.locator('.next').click();\n}\ntest('x', async ({ page }) => { await next(page); });`,
    },
  ],
});
