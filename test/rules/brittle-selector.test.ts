import rule from '../../server/src/rules/brittle-selector';
import { ruleTester } from '../helpers/rule-tester';

const PW = `import { test, expect } from '@playwright/test';\n`;

ruleTester(rule, {
  valid: [
    { name: 'role and test-id locators', code: `${PW}test('x', async ({ page }) => {\n  await page.getByRole('button', { name: 'Save' }).click();\n  await page.getByTestId('cart-count').click();\n  await page.getByLabel('Email').fill('a@b.c');\n});` },
    { name: 'data-testid attribute selector', code: `${PW}test('x', async ({ page }) => {\n  await page.locator('[data-testid="submit"]').click();\n});` },
    { name: 'data-cy in Cypress', code: `it('x', () => {\n  cy.get('[data-cy=login]').click();\n  cy.get('[data-cy=list] li').should('have.length', 3);\n});`, filename: 'a.cy.ts' },
    { name: '#id selector', code: `${PW}test('x', async ({ page }) => {\n  await page.locator('#email').fill('a');\n  await page.click('#submit');\n});` },
    { name: 'simple single class and tag.class', code: `${PW}test('x', async ({ page }) => {\n  await page.locator('.btn-primary').click();\n  await page.locator('button.primary').click();\n});` },
    { name: 'short descendant chain', code: `it('x', () => {\n  cy.get('form .field input').type('a');\n});`, filename: 'a.cy.ts' },
    { name: 'Playwright text and role engines', code: `${PW}test('x', async ({ page }) => {\n  await page.locator('text=Save').click();\n  await page.locator('role=button[name="Go"]').click();\n});` },
    { name: 'positional inside a test-id container', code: `${PW}test('x', async ({ page }) => {\n  await expect(page.locator('[data-testid=rows] tr:nth-child(2)')).toHaveText('b');\n});` },
    { name: 'XPath anchored on an id attribute', code: `${PW}test('x', async ({ page }) => {\n  await page.locator('//button[@data-testid="save"]').click();\n});` },
    { name: 'jsdom unit test querySelector is out of scope', code: `it('x', () => {\n  const el = document.querySelector('div > div > span:nth-child(2)');\n  expect(el).toBeTruthy();\n});` },
    { name: 'cy.contains with text only', code: `it('x', () => {\n  cy.contains('div > div > span');\n});`, filename: 'a.cy.ts' },
    { name: 'locator.press takes a key, not a selector', code: `${PW}test('x', async ({ page }) => {\n  await page.getByRole('textbox').press('Control+A');\n});` },
    { name: 'WebdriverIO text, partial-text and aria selectors', code: `import { $ } from '@wdio/globals';\nit('x', async () => {\n  await $('.nested').$('=I am a link').click();\n  await $('p=Congratulations! You must have the proper credentials.').waitForDisplayed();\n  await $('button*=Save and continue to the next step').click();\n  await $('aria/Close the dialog window now').click();\n});` },
    { name: 'table sections and cells are semantic structure', code: `${PW}test('x', async ({ page }) => {\n  await expect(page.locator('div.table table tbody tr')).toHaveCount(3);\n  await page.locator('table thead tr th').first().click();\n});` },
    { name: 'keyboard.type takes text, not a selector', code: `${PW}test('x', async ({ page }) => {\n  await page.keyboard.type('Hello world this is a very long string that overflows');\n});` },
    { name: 'attribute values containing > do not count as combinators', code: `${PW}test('x', async ({ page }) => {\n  await page.locator('[title="a > b > c"]').click();\n});` },
  ],
  invalid: [
    {
      name: 'nth-child in Cypress',
      code: `describe('cart', () => {\n  it('adds', () => {\n    cy.get('.btn:nth-child(2)').click();\n  });\n});`,
      filename: 'cart.cy.ts',
      errors: [{ messageId: 'brittle', line: 3, column: 12, endLine: 3, endColumn: 31, test: 'cart adds', messageIncludes: ["`cy.get('.btn:nth-child(2)')`", 'by position (`:nth-child(2)`)', "in 'cart adds'", 'cy.contains'] }],
    },
    {
      name: 'child chain in a Playwright locator',
      code: `${PW}test('x', async ({ page }) => {\n  await page.locator('div > div > span').click();\n});`,
      errors: [{ messageId: 'brittle', line: 3, column: 22, messageIncludes: ['3-level `>` chain', 'getByRole'] }],
    },
    {
      name: 'xpath= engine with a positional index',
      code: `${PW}test('x', async ({ page }) => {\n  await page.locator('xpath=//div[2]/button').click();\n});`,
      errors: [{ messageId: 'brittle', line: 3, messageIncludes: ['by position in an XPath'] }],
    },
    {
      name: 'bare XPath with a deep path',
      code: `${PW}test('x', async ({ page }) => {\n  await page.locator('//div[@class="card"]/div/span').click();\n});`,
      errors: [{ messageId: 'brittle', line: 3, messageIncludes: ['3-step XPath'] }],
    },
    {
      name: 'absolute XPath in WebdriverIO',
      code: `describe('x', () => {\n  it('y', async () => {\n    await $('/html/body/div[1]/form/button').click();\n  });\n});`,
      errors: [{ messageId: 'brittle', line: 3, messageIncludes: ['absolute XPath'] }],
    },
    {
      name: 'nth-of-type in page.click',
      code: `${PW}test('x', async ({ page }) => {\n  await page.click('ul li:nth-of-type(3)');\n});`,
      errors: [{ messageId: 'brittle', line: 3, messageIncludes: ['`:nth-of-type(3)`'] }],
    },
    {
      name: 'long descendant chain',
      code: `it('x', () => {\n  cy.get('.page .content .list .item a').click();\n});`,
      filename: 'a.cy.ts',
      errors: [{ messageId: 'brittle', line: 2, messageIncludes: ['5-level chain'] }],
    },
    {
      name: 'Playwright nth= in a chain',
      code: `${PW}test('x', async ({ page }) => {\n  await page.locator('.row >> nth=2').click();\n});`,
      errors: [{ messageId: 'brittle', line: 3, messageIncludes: ['`nth=2`'] }],
    },
    {
      name: 'jQuery :eq in Cypress find',
      code: `it('x', () => {\n  cy.get('table').find('tr:eq(1)').click();\n});`,
      filename: 'a.cy.ts',
      errors: [{ messageId: 'brittle', line: 2, column: 24, messageIncludes: ['`:eq(1)`'] }],
    },
    {
      name: 'generated CSS-in-JS class',
      code: `${PW}test('x', async ({ page }) => {\n  await page.locator('.css-1x2y3z4').click();\n});`,
      errors: [{ messageId: 'brittle', line: 3, messageIncludes: ['generated class name'] }],
    },
    {
      name: 'Selenium By.xpath',
      code: `import { Builder, By } from 'selenium-webdriver';\nit('x', async () => {\n  await driver.findElement(By.xpath('//table/tbody/tr/td')).click();\n});`,
      errors: [{ messageId: 'brittle', line: 3, messageIncludes: ['4-step XPath'] }],
    },
    {
      name: 'template selector with a positional index',
      code: `${PW}test('x', async ({ page }) => {\n  for (let i = 1; i < 3; i++) await page.locator(\`tbody tr:nth-child(\${i})\`).click();\n});`,
      errors: [{ messageId: 'brittle', line: 3 }],
    },
    {
      name: 'generic root id does not anchor',
      code: `${PW}test('x', async ({ page }) => {\n  await page.locator('#root > div > div > button').click();\n});`,
      errors: [{ messageId: 'brittle', line: 3, messageIncludes: ['4-level `>` chain'] }],
    },
    {
      name: 'WebdriverIO $$ with first-child',
      code: `import { $$ } from '@wdio/globals';\nit('x', async () => {\n  const items = await $$('li:first-child');\n});`,
      errors: [{ messageId: 'brittle', line: 3, messageIncludes: ['`:first-child`'] }],
    },
  ],
});
