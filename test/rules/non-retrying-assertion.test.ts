import rule from '../../server/src/rules/non-retrying-assertion';
import { ruleTester } from '../helpers/rule-tester';

const pw = `import { test, expect } from '@playwright/test';\n`;
const wdio = `import { browser, $, expect } from '@wdio/globals';\n`;

ruleTester(rule, {
  valid: [
    { name: 'a read that is not asserted', code: `${pw}test('x', async ({ page }) => {\n  await page.click('#a');\n  const t = await page.locator('#b').textContent();\n  console.log(t);\n});` },
    { name: 'static content read before any action', code: `${pw}test('x', async ({ page }) => {\n  await page.goto('/');\n  expect(await page.locator('h1').textContent()).toBe('Shop');\n  expect(await page.title()).toBe('Shop');\n});` },
    { name: 'retrying assertions', code: `${pw}test('x', async ({ page }) => {\n  await page.click('#add');\n  await expect(page.getByTestId('count')).toHaveText('1');\n  await expect(page.locator('.row')).toHaveCount(3);\n});` },
    { name: 'expect.poll around the read', code: `${pw}test('x', async ({ page }) => {\n  await page.click('#add');\n  await expect.poll(async () => page.locator('.row').count()).toBe(3);\n});` },
    { name: 'toPass around the read', code: `${pw}test('x', async ({ page }) => {\n  await page.click('#add');\n  await expect(async () => {\n    expect(await page.locator('.a').textContent()).toBe('b');\n  }).toPass();\n});` },
    { name: 'a web-first assertion after the action re-synchronises', code: `${pw}test('x', async ({ page }) => {\n  await page.click('#save');\n  await expect(page.getByText('Saved')).toBeVisible();\n  expect(await page.locator('.row').count()).toBe(3);\n});` },
    { name: 'a wait started with the action', code: `${pw}test('x', async ({ page }) => {\n  await Promise.all([page.waitForResponse('**/api'), page.click('#save')]);\n  expect(await page.locator('#status').textContent()).toBe('ok');\n});` },
    { name: 'reading back the value the action just set', code: `${pw}test('x', async ({ page }) => {\n  const input = page.locator('#name');\n  await input.fill('Ada');\n  expect(await input.inputValue()).toBe('Ada');\n  await page.fill('#q', 'x');\n  expect(await page.inputValue('#q')).toBe('x');\n});` },
    { name: 'a navigation after the action', code: `${pw}test('x', async ({ page }) => {\n  await page.click('#a');\n  await page.goto('/b');\n  expect(page.url()).toContain('/b');\n});` },
    { name: 'a static attribute of a link', code: `${pw}test('x', async ({ page }) => {\n  await page.getByRole('tab', { name: 'Support' }).click();\n  expect(await page.getByRole('link', { name: 'Docs' }).getAttribute('href')).toBe('https://docs.example.com');\n});` },
    { name: 'count() on a database model is not a locator', code: `${pw}test('x', async ({ page }) => {\n  await page.click('#save');\n  expect(await prisma.user.count()).toBe(1);\n});` },
    { name: 'a unit test with a count method', code: `it('counts', async () => {\n  await cart.click();\n  expect(await cart.count()).toBe(1);\n  expect(await repo.isVisible()).toBe(true);\n});` },
    { name: 'WebdriverIO retrying matchers', code: `${wdio}describe('login', () => {\n  it('works', async () => {\n    await $('#submit').click();\n    await expect($('#msg')).toHaveText('Welcome');\n  });\n});` },
    { name: 'WebdriverIO waitUntil around the read', code: `${wdio}it('x', async () => {\n  await $('#a').click();\n  await browser.waitUntil(async () => (await $('#b').getText()) === 'ok');\n});` },
    { name: 'Testing Library findBy and waitFor', code: `it('saves', async () => {\n  render(<Form />);\n  await userEvent.click(screen.getByRole('button'));\n  expect(await screen.findByText('Saved')).toBeInTheDocument();\n  await waitFor(() => expect(screen.getByText('Done')).toBeInTheDocument());\n});`, filename: 'case.tsx' },
    { name: 'Testing Library getBy after a synchronous event, never awaited elsewhere', code: `it('toggles', () => {\n  render(<Toggle />);\n  fireEvent.click(screen.getByRole('switch'));\n  expect(screen.getByText('On')).toBeInTheDocument();\n});`, filename: 'case.tsx' },
    { name: 'Testing Library absence check right after an event', code: `it('x', async () => {\n  render(<F />);\n  fireEvent.click(screen.getByText('go'));\n  expect(screen.queryByText('error')).not.toBeInTheDocument();\n  expect(await screen.findByText('error')).toBeTruthy();\n});`, filename: 'case.tsx' },
    { name: 'a page built inline with setContent', code: `${pw}test('x', async ({ page }) => {\n  await page.setContent('<button onclick="this.textContent=1">0</button>');\n  await page.click('button');\n  expect(await page.textContent('button')).toBe('1');\n});` },
    { name: 'a test of the read API itself', code: `${pw}test('isVisible should work', async ({ page }) => {\n  await page.click('#show');\n  expect(await page.locator('#a').isVisible()).toBe(true);\n});` },
    { name: 'Cypress chains are not awaited reads', code: `it('x', () => {\n  cy.get('#a').click();\n  cy.get('#b').should('have.text', 'ok');\n});`, filename: 'a.cy.ts' },
    { name: 'an action inside a callback that is not the test flow', code: `${pw}test('x', async ({ page }) => {\n  page.on('dialog', async (d) => { await d.accept(); await page.click('#x'); });\n  await page.goto('/');\n  expect(await page.locator('#y').isVisible()).toBe(true);\n});` },
    { name: 'a popup awaited from a wait started before the click', code: `${pw}test('x', async ({ page }) => {\n  const popupPromise = page.waitForEvent('popup');\n  await page.getByText('open').click();\n  const popup = await popupPromise;\n  expect(popup.url()).toContain('/help');\n});` },
    { name: 'a read after an action expected to fail (the error is kept)', code: `${pw}test('x', async ({ page }) => {\n  await page.locator('#aside').hover();\n  const error = await page.locator('#target').click({ timeout: 3000 }).catch((e) => e);\n  expect(await page.locator('#overlay').isVisible()).toBe(true);\n  expect(error.message).toContain('intercepts pointer events');\n});` },
    { name: 'a test about the force option', code: `${pw}test('a click with force: true goes through the overlay', async ({ page }) => {\n  await page.locator('#target').click({ force: true });\n  expect(await page.locator('#overlay').isVisible()).toBe(true);\n});` },
  ],
  invalid: [
    {
      name: 'a best-effort click with .catch(() => {}) does not end the window',
      code: `${pw}test('x', async ({ page }) => {\n  await page.getByRole('button', { name: 'Open' }).click();\n  await page.locator('#cookie-accept').click({ timeout: 1000 }).catch(() => {});\n  expect(await page.locator('#dialog').isVisible()).toBe(true);\n});`,
      errors: [{ messageId: 'read', line: 5, messageIncludes: ["`page.getByRole('button', { name: 'Open' }).click()`"] }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.getByRole('button', { name: 'Open' }).click();\n  await page.locator('#cookie-accept').click({ timeout: 1000 }).catch(() => {});\n  await expect(page.locator('#dialog')).toBeVisible();\n});`,
    },
    {
      name: 'a forced click in a test that is not about force',
      code: `${pw}test('opens the menu', async ({ page }) => {\n  await page.locator('#menu').click({ force: true });\n  expect(await page.locator('.items').isVisible()).toBe(true);\n});`,
      errors: [{ messageId: 'read', line: 4 }],
      output: `${pw}test('opens the menu', async ({ page }) => {\n  await page.locator('#menu').click({ force: true });\n  await expect(page.locator('.items')).toBeVisible();\n});`,
    },
    {
      name: 'isVisible asserted right after a click',
      code: `${pw}test.describe('cart', () => {\n  test('adds', async ({ page }) => {\n    await page.getByRole('button', { name: 'Add' }).click();\n    expect(await page.locator('.toast').isVisible()).toBe(true);\n  });\n});`,
      errors: [{ messageId: 'read', line: 5, column: 18, endLine: 5, endColumn: 52, test: 'cart adds', messageIncludes: ['`page.locator(\'.toast\').isVisible()`', "in 'cart adds'", 'visible state', '`toBe` does not retry'] }],
      output: `${pw}test.describe('cart', () => {\n  test('adds', async ({ page }) => {\n    await page.getByRole('button', { name: 'Add' }).click();\n    await expect(page.locator('.toast')).toBeVisible();\n  });\n});`,
    },
    {
      name: 'isVisible false becomes toBeHidden',
      code: `${pw}test('x', async ({ page }) => {\n  await page.click('#close');\n  expect(await page.isVisible('#dialog')).toBeFalsy();\n});`,
      errors: [{ messageId: 'read', line: 4, column: 16, messageIncludes: ["`await expect(page.locator('#dialog')).toBeHidden()`"] }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.click('#close');\n  await expect(page.locator('#dialog')).toBeHidden();\n});`,
    },
    {
      name: 'textContent after a click becomes toHaveText',
      code: `${pw}test('x', async ({ page }) => {\n  await page.getByRole('button').click();\n  expect(await page.getByTestId('count').textContent()).toBe('1');\n});`,
      errors: [{ messageId: 'read', line: 4, messageIncludes: ['reads the text once'] }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.getByRole('button').click();\n  await expect(page.getByTestId('count')).toHaveText('1');\n});`,
    },
    {
      name: 'textContent with toContain becomes toContainText',
      code: `${pw}test('x', async ({ page }) => {\n  await page.click('#go');\n  expect(await page.textContent('#log')).toContain('done');\n});`,
      errors: [{ messageId: 'read', line: 4 }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.click('#go');\n  await expect(page.locator('#log')).toContainText('done');\n});`,
    },
    {
      name: 'count after an action becomes toHaveCount',
      code: `${pw}test('x', async ({ page }) => {\n  await page.getByRole('button', { name: 'Add row' }).click();\n  expect(await page.locator('tbody tr').count()).toBe(3);\n});`,
      errors: [{ messageId: 'read', line: 4, messageIncludes: ['element count'] }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.getByRole('button', { name: 'Add row' }).click();\n  await expect(page.locator('tbody tr')).toHaveCount(3);\n});`,
    },
    {
      name: 'a count held in a variable, then asserted',
      code: `${pw}test('x', async ({ page }) => {\n  const rows = page.locator('tbody tr');\n  await page.click('#add');\n  const n = await rows.count();\n  expect(n).toBe(3);\n});`,
      errors: [{ messageId: 'read', line: 5, column: 19, endColumn: 31, messageIncludes: ['`await expect(rows).toHaveCount(3)`'] }],
    },
    {
      name: 'getAttribute of a changing attribute',
      code: `${pw}test('x', async ({ page }) => {\n  await page.click('#toggle');\n  expect(await page.locator('#panel').getAttribute('aria-expanded')).toBe('true');\n});`,
      errors: [{ messageId: 'read', line: 4 }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.click('#toggle');\n  await expect(page.locator('#panel')).toHaveAttribute('aria-expanded', 'true');\n});`,
    },
    {
      name: 'page.url() right after a click that navigates',
      code: `${pw}test('x', async ({ page }) => {\n  await page.getByRole('link', { name: 'Orders' }).click();\n  expect(page.url()).toContain('/orders');\n});`,
      errors: [{ messageId: 'read', line: 4, column: 10, endColumn: 20, messageIncludes: ['reads the URL once', 'toHaveURL'] }],
    },
    {
      name: 'isChecked after clicking a label (another element)',
      code: `${pw}test('x', async ({ page }) => {\n  await page.getByText('I agree').click();\n  expect(await page.getByRole('checkbox').isChecked()).toBe(false);\n});`,
      errors: [{ messageId: 'read', line: 4 }],
      output: `${pw}test('x', async ({ page }) => {\n  await page.getByText('I agree').click();\n  await expect(page.getByRole('checkbox')).not.toBeChecked();\n});`,
    },
    {
      name: 'a read with .not gets no fix',
      code: `${pw}test('x', async ({ page }) => {\n  await page.click('#go');\n  expect(await page.locator('#a').isVisible()).not.toBe(true);\n});`,
      errors: [{ messageId: 'read', line: 4, messageIncludes: ['toBeVisible'] }],
    },
    {
      name: 'a custom fixture file with the page fixture',
      code: `import { test, expect } from './fixtures';\ntest('x', async ({ page }) => {\n  await page.locator('#save').click();\n  expect(await page.locator('#status').innerText()).toBe('Saved');\n});`,
      errors: [{ messageId: 'read', line: 4 }],
      output: `import { test, expect } from './fixtures';\ntest('x', async ({ page }) => {\n  await page.locator('#save').click();\n  await expect(page.locator('#status')).toHaveText('Saved', { useInnerText: true });\n});`,
    },
    {
      name: 'WebdriverIO getText after a click',
      code: `${wdio}describe('login', () => {\n  it('greets', async () => {\n    await $('#submit').click();\n    expect(await $('#msg').getText()).toBe('Welcome');\n  });\n});`,
      errors: [{ messageId: 'read', line: 5, test: 'login greets', messageIncludes: ['toHaveText'] }],
      output: `${wdio}describe('login', () => {\n  it('greets', async () => {\n    await $('#submit').click();\n    await expect($('#msg')).toHaveText('Welcome');\n  });\n});`,
    },
    {
      name: 'WebdriverIO isDisplayed after setValue on another element',
      code: `${wdio}it('x', async () => {\n  await $('#q').setValue('shoes');\n  expect(await $('.results').isDisplayed()).toBe(true);\n});`,
      errors: [{ messageId: 'read', line: 4 }],
      output: `${wdio}it('x', async () => {\n  await $('#q').setValue('shoes');\n  await expect($('.results')).toBeDisplayed();\n});`,
    },
    {
      name: 'WebdriverIO browser.getUrl after a click',
      code: `${wdio}it('x', async () => {\n  await $('a=Next').click();\n  expect(await browser.getUrl()).toContain('/next');\n});`,
      errors: [{ messageId: 'read', line: 4, messageIncludes: ['toHaveUrl'] }],
    },
    {
      name: 'Puppeteer $eval after a click',
      code: `import puppeteer from 'puppeteer';\nit('x', async () => {\n  await page.click('#inc');\n  expect(await page.$eval('#count', (e) => e.textContent)).toBe('1');\n});`,
      errors: [{ messageId: 'read', line: 4, messageIncludes: ['waitForFunction'] }],
    },
    {
      name: 'a read held in a variable and asserted inside toPass: the read itself is not retried',
      code: `${pw}test('x', async ({ page }) => {\n  await page.click('#save');\n  const date = await page.locator('.date').textContent();\n  await expect(() => { expect(date).toContain('6:00'); }).toPass();\n});`,
      errors: [{ messageId: 'read', line: 4, messageIncludes: ["`await expect(page.locator('.date')).toContainText('6:00')`"] }],
    },
    {
      name: 'Testing Library getBy right after an event, awaited with findBy elsewhere in the test',
      code: `it('saves twice', async () => {\n  render(<Form />);\n  await userEvent.click(screen.getByRole('button'));\n  expect(await screen.findByText('Saved')).toBeInTheDocument();\n  await userEvent.click(screen.getByRole('button', { name: 'Again' }));\n  expect(screen.getByText('Saved')).toBeInTheDocument();\n});`,
      filename: 'case.tsx',
      errors: [{ messageId: 'query', line: 6, column: 10, messageIncludes: ['`screen.getByText(\'Saved\')`', 'findByText'] }],
    },
  ],
});
