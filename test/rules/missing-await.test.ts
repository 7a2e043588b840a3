import rule from '../../server/src/rules/missing-await';
import { ruleTester } from '../helpers/rule-tester';

const PW = `import { test, expect } from '@playwright/test';\n`;

ruleTester(rule, {
  valid: [
    { name: 'awaited web-first assertion and action', code: `${PW}test('x', async ({ page }) => {\n  await page.click('#save');\n  await expect(page.getByText('Saved')).toBeVisible();\n});` },
    { name: 'returned assertion', code: `${PW}test('x', ({ page }) => {\n  return expect(page.getByText('Saved')).toBeVisible();\n});` },
    { name: 'concise arrow body returns the promise', code: `${PW}test('x', ({ page }) => expect(page).toHaveURL('/done'));` },
    { name: 'inside an awaited Promise.all', code: `${PW}test('x', async ({ page }) => {\n  await Promise.all([page.waitForResponse('**/api'), page.click('#go')]);\n});` },
    { name: 'promise kept in a variable and awaited later', code: `${PW}test('x', async ({ page }) => {\n  const response = page.waitForResponse('**/api');\n  await page.getByRole('button').click();\n  await response;\n});` },
    { name: 'void marks a deliberate fire-and-forget', code: `${PW}test('x', async ({ page }) => {\n  void page.evaluate(() => console.log('x'));\n});` },
    { name: 'sync Jest matchers', code: `it('x', () => {\n  expect(sum(1, 2)).toBe(3);\n  expect(list).toHaveLength(2);\n});` },
    { name: 'jest-dom toBeVisible is synchronous outside Playwright', code: `import { render, screen } from '@testing-library/react';\nit('x', () => {\n  render(<App />);\n  expect(screen.getByText('hi')).toBeVisible();\n  expect(screen.getByRole('button')).toHaveTextContent('Go');\n});`, filename: 'app.test.tsx' },
    { name: 'Cypress chains are not promises', code: `describe('x', () => {\n  it('y', () => {\n    cy.visit('/');\n    cy.get('[data-cy=save]').click();\n    cy.get('h1').should('have.text', 'Saved').then(($h) => { expect($h).to.exist; });\n  });\n});`, filename: 'login.cy.ts' },
    { name: 'sync matcher in a Playwright file', code: `${PW}test('x', async ({ page }) => {\n  const title = await page.title();\n  expect(title).toBe('Shop');\n  expect([1]).toHaveLength(1);\n});` },
    { name: '.then in a test that takes done', code: `it('x', (done) => {\n  fetchUser().then((u) => { expect(u.name).toBe('a'); done(); });\n});` },
    { name: 'setTimeout assertion in a test with done', code: `it('x', (done) => {\n  setTimeout(() => { expect(a).toBe(1); done(); }, 10);\n});` },
    { name: 'setTimeout assertion under fake timers', code: `beforeEach(() => jest.useFakeTimers());\nit('x', () => {\n  setTimeout(() => { expect(called).toBe(true); }, 10);\n  jest.runAllTimers();\n});` },
    { name: 'resolves awaited', code: `it('x', async () => {\n  await expect(load()).resolves.toEqual({ id: 1 });\n  return expect(fail()).rejects.toThrow('no');\n});` },
    { name: 'unknown page-object method is not assumed async', code: `${PW}test('x', async ({ page }) => {\n  const cart = new CartPage(page);\n  cart.reset();\n});` },
    { name: 'catch handler marks the promise as handled on purpose', code: `${PW}test('x', async ({ page }) => {\n  page.waitForLoadState('networkidle').catch(() => {});\n  await page.goto('/');\n});` },
    { name: 'DOM calls inside page.evaluate run in the browser', code: `${PW}test('x', async ({ page }) => {\n  await page.evaluate(() => {\n    const popup = window.open('/');\n    popup.close();\n    document.querySelector('input').focus();\n  });\n});` },
    { name: 'a DOM element that shares its name with a locator of another test', code: `${PW}test('a', async ({ page }) => {\n  const input = page.locator('input');\n  await input.fill('x');\n});\ntest('b', async () => {\n  const input = document.createElement('input');\n  input.focus();\n});` },
    { name: 'WebdriverIO sync mode: commands in plain functions block', code: `describe('root', function () {\n  beforeEach(function () {\n    browser.reloadSession();\n  });\n  it('reloads', function () {\n    browser.url(browser.getUrl());\n  });\n});` },
    { name: 'Cypress helper chainable with .then', code: `describe('widget', () => {\n  it('removes', function () {\n    createWidget(this.id).then(({ id }) => {\n      cy.visit('/w/' + id);\n      expect(id).to.be.a('number');\n    });\n  });\n});`, filename: 'widget_spec.js' },
    { name: 'WebdriverIO-looking matcher on a non-element in a Jest file', code: `it('x', () => {\n  expect(el).toHaveAttribute('href', '/a');\n  expect(wrapper).toHaveClass('on');\n});` },
  ],
  invalid: [
    {
      name: 'Playwright web-first assertion not awaited',
      code: `${PW}test.describe('cart', () => {\n  test('adds', async ({ page }) => {\n    expect(page.getByTestId('count')).toHaveText('1');\n  });\n});`,
      errors: [{ messageId: 'assertion', line: 4, column: 5, endLine: 4, endColumn: 54, test: 'cart adds', messageIncludes: ["`expect(page.getByTestId('count')).toHaveText('1')`", "in 'cart adds'"] }],
      output: `${PW}test.describe('cart', () => {\n  test('adds', async ({ page }) => {\n    await expect(page.getByTestId('count')).toHaveText('1');\n  });\n});`,
    },
    {
      name: 'negated toBeVisible',
      code: `${PW}test('x', async ({ page }) => {\n  expect(page.locator('.spinner')).not.toBeVisible();\n});`,
      errors: [{ messageId: 'assertion', line: 3, column: 3 }],
      output: `${PW}test('x', async ({ page }) => {\n  await expect(page.locator('.spinner')).not.toBeVisible();\n});`,
    },
    {
      name: 'page.click not awaited',
      code: `${PW}test('x', async ({ page }) => {\n  page.click('#save');\n  await expect(page.getByText('Saved')).toBeVisible();\n});`,
      errors: [{ messageId: 'action', line: 3, column: 3, endColumn: 22, test: 'x', messageIncludes: ["`page.click('#save')`"] }],
      output: `${PW}test('x', async ({ page }) => {\n  await page.click('#save');\n  await expect(page.getByText('Saved')).toBeVisible();\n});`,
    },
    {
      name: 'locator in a variable filled without await',
      code: `${PW}test('x', async ({ page }) => {\n  const email = page.getByLabel('Email');\n  email.fill('a@b.c');\n});`,
      errors: [{ messageId: 'action', line: 4, column: 3, messageIncludes: ["`email.fill('a@b.c')`"] }],
      output: `${PW}test('x', async ({ page }) => {\n  const email = page.getByLabel('Email');\n  await email.fill('a@b.c');\n});`,
    },
    {
      name: 'expect.poll not awaited (any framework)',
      code: `import { it, expect } from 'vitest';\nit('x', async () => {\n  expect.poll(() => queue.size).toBe(0);\n});`,
      errors: [{ messageId: 'assertion', line: 3, column: 3 }],
      output: `import { it, expect } from 'vitest';\nit('x', async () => {\n  await expect.poll(() => queue.size).toBe(0);\n});`,
    },
    {
      name: 'resolves in a sync test: return offered (not safe), last statement',
      code: `it('loads', () => {\n  expect(load()).resolves.toEqual({ id: 1 });\n});`,
      errors: [{ messageId: 'assertion', line: 2, column: 3, test: 'loads' }],
      output: `it('loads', () => {\n  return expect(load()).resolves.toEqual({ id: 1 });\n});`,
    },
    {
      name: 'rejects not awaited in a sync test, not last: no fix',
      code: `it('fails', () => {\n  expect(save()).rejects.toThrow('nope');\n  expect(1).toBe(1);\n});`,
      errors: [{ messageId: 'assertion', line: 2, column: 3 }],
    },
    {
      name: '.then chain with assertions dropped in a sync test',
      code: `describe('users', () => {\n  it('loads a user', () => {\n    fetchUser(1).then((user) => {\n      expect(user.name).toBe('Ada');\n    });\n  });\n});`,
      errors: [{ messageId: 'then', line: 3, column: 5, test: 'users loads a user', messageIncludes: ['`fetchUser(1)`', "in 'users loads a user'"] }],
      output: `describe('users', () => {\n  it('loads a user', () => {\n    return fetchUser(1).then((user) => {\n      expect(user.name).toBe('Ada');\n    });\n  });\n});`,
    },
    {
      name: 'assertion in a setTimeout callback of a sync test without done',
      code: `it('debounces', () => {\n  trigger();\n  setTimeout(() => {\n    expect(handler).toHaveBeenCalledTimes(1);\n  }, 200);\n});`,
      errors: [{ messageId: 'timer', line: 3, column: 3, endColumn: 13, test: 'debounces', messageIncludes: ["after 'debounces' has finished"] }],
    },
    {
      name: 'test.step not awaited',
      code: `${PW}test('checkout', async ({ page }) => {\n  test.step('pay', async () => {\n    await page.click('#pay');\n  });\n});`,
      errors: [{ messageId: 'step', line: 3, column: 3 }],
      output: `${PW}test('checkout', async ({ page }) => {\n  await test.step('pay', async () => {\n    await page.click('#pay');\n  });\n});`,
    },
    {
      name: 'page object method using this.page',
      code: `import { type Page } from '@playwright/test';\nexport class LoginPage {\n  constructor(private readonly page: Page) {}\n  async login() {\n    this.page.getByRole('button', { name: 'Sign in' }).click();\n  }\n}`,
      errors: [{ messageId: 'action', line: 5, column: 5, test: null }],
      output: `import { type Page } from '@playwright/test';\nexport class LoginPage {\n  constructor(private readonly page: Page) {}\n  async login() {\n    await this.page.getByRole('button', { name: 'Sign in' }).click();\n  }\n}`,
    },
    {
      name: 'WebdriverIO expect and action',
      code: `import { browser, $, expect } from '@wdio/globals';\ndescribe('login', () => {\n  it('signs in', async () => {\n    $('#submit').click();\n    expect($('#flash')).toHaveText('Welcome');\n  });\n});`,
      errors: [
        { messageId: 'action', line: 4, column: 5, test: 'login signs in' },
        { messageId: 'assertion', line: 5, column: 5, test: 'login signs in' },
      ],
      output: `import { browser, $, expect } from '@wdio/globals';\ndescribe('login', () => {\n  it('signs in', async () => {\n    await $('#submit').click();\n    await expect($('#flash')).toHaveText('Welcome');\n  });\n});`,
    },
    {
      name: 'action in a forEach callback: no safe fix since the callback is sync',
      code: `${PW}test('x', async ({ page }) => {\n  ['a', 'b'].forEach((id) => {\n    page.check('#' + id);\n  });\n});`,
      errors: [{ messageId: 'action', line: 4, column: 5 }],
      output: `${PW}test('x', async ({ page }) => {\n  ['a', 'b'].forEach((id) => {\n    return page.check('#' + id);\n  });\n});`,
    },
    {
      name: 'chai-as-promised assertion dropped',
      code: `describe('api', () => {\n  it('rejects', async () => {\n    expect(client.get('/x')).to.be.rejectedWith('404');\n  });\n});`,
      errors: [{ messageId: 'assertion', line: 3, column: 5 }],
      output: `describe('api', () => {\n  it('rejects', async () => {\n    await expect(client.get('/x')).to.be.rejectedWith('404');\n  });\n});`,
    },
    {
      name: 'a local test.extend with the page fixture counts as Playwright',
      code: `import { test } from './fixtures';\ntest('x', async ({ page }) => {\n  page.fill('#q', 'shoes');\n});`,
      errors: [{ messageId: 'action', line: 3, column: 3 }],
      output: `import { test } from './fixtures';\ntest('x', async ({ page }) => {\n  await page.fill('#q', 'shoes');\n});`,
    },
    {
      name: 'keyboard press in a hook',
      code: `${PW}test.beforeEach(async ({ page }) => {\n  page.keyboard.press('Escape');\n});\ntest('x', async () => {});`,
      errors: [{ messageId: 'action', line: 3, column: 3, test: null, messageIncludes: ['in beforeEach'] }],
      output: `${PW}test.beforeEach(async ({ page }) => {\n  await page.keyboard.press('Escape');\n});\ntest('x', async () => {});`,
    },
  ],
});
