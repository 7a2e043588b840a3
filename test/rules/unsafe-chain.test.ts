import rule from '../../server/src/rules/unsafe-chain';
import { ruleTester } from '../helpers/rule-tester';

const cyFile = 'profile.cy.ts';

ruleTester(rule, {
  valid: [
    { name: 'assertions chained after an action', code: `it('x', () => { cy.get('[data-cy=save]').click().should('be.disabled').and('have.class', 'busy'); });`, filename: cyFile },
    { name: 'an action at the end of a query chain', code: `it('x', () => { cy.get('form').find('input').first().type('Ada'); });`, filename: cyFile },
    { name: 'each action in its own chain', code: `it('x', () => {\n  cy.get('#name').clear();\n  cy.get('#name').type('Ada');\n});`, filename: cyFile },
    { name: 'cy.wait on an alias after an action', code: `it('x', () => { cy.get('#save').click().wait('@save'); });`, filename: cyFile },
    { name: 'a then callback that ignores the subject', code: `it('x', () => { cy.get('#save').click().then(() => { cy.log('saved'); }); });`, filename: cyFile },
    { name: 'cy.log after an action', code: `it('x', () => { cy.get('#a').click().log('clicked'); });`, filename: cyFile },
    { name: 'queries before the action only', code: `it('x', () => { cy.contains('li', 'Milk').parent().find('.delete').click(); });`, filename: cyFile },
    { name: 'jQuery chains are not Cypress', code: `it('x', () => { $('#a').click().focus(); wrapper.find('button').click().blur(); });` },
    { name: 'a Playwright locator chain', code: `import { test } from '@playwright/test';\ntest('x', async ({ page }) => { await page.locator('a').first().click(); });` },
    { name: 'promise chains with then', code: `it('x', () => { return api.click().then((r) => r.json()).then((j) => expect(j).toBeTruthy()); });` },
    { name: 'an aliased query re-read after the action', code: `it('x', () => {\n  cy.get('#q').as('q');\n  cy.get('@q').type('a');\n  cy.get('@q').should('have.value', 'a');\n});`, filename: cyFile },
    { name: 'cy.window().then() is not after an action', code: `it('x', () => { cy.window().then((win) => { win.scrollTo(0, 0); }); cy.visit('/').reload(); });`, filename: cyFile },
    { name: 'within a form, actions stay last', code: `it('x', () => { cy.get('form').within(() => { cy.get('input').type('a'); cy.get('button').click(); }); });`, filename: cyFile },
  ],
  invalid: [
    {
      name: 'type after clear, then an assertion',
      code: `describe('profile', () => {\n  it('renames', () => {\n    cy.get('[data-cy=name]').clear().type('Ada').should('have.value', 'Ada');\n  });\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 3, column: 38, endLine: 3, endColumn: 49, test: 'profile renames', messageIncludes: ['`.type()` is chained after `.clear()`', "in 'profile renames'", "cy.get('[data-cy=name]').type(…)"] }],
      output: `describe('profile', () => {\n  it('renames', () => {\n    cy.get('[data-cy=name]').clear();\n    cy.get('[data-cy=name]').type('Ada').should('have.value', 'Ada');\n  });\n});`,
    },
    {
      name: 'a query after a click',
      code: `it('opens', () => {\n  cy.get('[data-cy=menu]').click().find('li').first().click();\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 36, messageIncludes: ['`.find()` is chained after `.click()`'] }],
      output: `it('opens', () => {\n  cy.get('[data-cy=menu]').click();\n  cy.get('[data-cy=menu]').find('li').first().click();\n});`,
    },
    {
      name: 'type, clear and blur: two findings, one split',
      code: `it('validates', () => {\n  cy.get('#email').type('abc').clear().blur();\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 32, messageIncludes: ['`.clear()` is chained after `.type()`'] }, { messageId: 'chained', line: 2, column: 40, messageIncludes: ['`.blur()` is chained after `.clear()`'] }],
      output: `it('validates', () => {\n  cy.get('#email').type('abc');\n  cy.get('#email').clear();\n  cy.get('#email').blur();\n});`,
    },
    {
      name: 'typing twice on the same subject',
      code: `it('adds todos', () => {\n  cy.get('.new-todo').type('a{enter}').type('b{enter}');\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 40 }],
      output: `it('adds todos', () => {\n  cy.get('.new-todo').type('a{enter}');\n  cy.get('.new-todo').type('b{enter}');\n});`,
    },
    {
      name: 'double click through two clicks',
      code: `it('x', () => {\n  cy.get('#btn').click().click();\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 26 }],
      output: `it('x', () => {\n  cy.get('#btn').click();\n  cy.get('#btn').click();\n});`,
    },
    {
      name: 'an action after an assertion that follows an action',
      code: `it('x', () => {\n  cy.get('#tab').click().should('have.class', 'active').type('x');\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 57, messageIncludes: ['`.type()` is chained after `.click()`'] }],
      output: `it('x', () => {\n  cy.get('#tab').click().should('have.class', 'active');\n  cy.get('#tab').type('x');\n});`,
    },
    {
      name: 'a then callback that uses the old subject',
      code: `it('x', () => {\n  cy.get('#b').click().then(($b) => { expect($b).to.have.class('on'); });\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 24 }],
      output: `it('x', () => {\n  cy.get('#b').click();\n  cy.get('#b').then(($b) => { expect($b).to.have.class('on'); });\n});`,
    },
    {
      name: 'a multi-line chain keeps its layout',
      code: `it('x', () => {\n  cy.get('.slider')\n    .trigger('mousedown')\n    .trigger('mousemove', { clientX: 10 });\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 4, column: 6 }],
      output: `it('x', () => {\n  cy.get('.slider')\n    .trigger('mousedown');\n  cy.get('.slider')\n    .trigger('mousemove', { clientX: 10 });\n});`,
    },
    {
      name: 'custom query command as the root',
      code: `it('x', () => {\n  cy.getBySel('amount').type('43').blur();\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 36, messageIncludes: ["cy.getBySel('amount').blur(…)"] }],
      output: `it('x', () => {\n  cy.getBySel('amount').type('43');\n  cy.getBySel('amount').blur();\n});`,
    },
    {
      name: 'cy.focused() root',
      code: `it('x', () => {\n  cy.focused().type('a').type('b');\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 26 }],
      output: `it('x', () => {\n  cy.focused().type('a');\n  cy.focused().type('b');\n});`,
    },
    {
      name: 'no split offered when the chain starts from a custom command that is not a query',
      code: `it('x', () => {\n  cy.login().click().type('a');\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 22, messageIncludes: ['cy.get(…).type(…)'] }],
    },
    {
      name: 'no split offered when the chain is not a whole statement',
      code: `it('x', () => {\n  const el = cy.get('#a').click().as('btn');\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 2, column: 35 }],
    },
    {
      name: 'in a beforeEach hook',
      code: `describe('s', () => {\n  beforeEach(() => {\n    cy.get('#q').clear().type('x');\n  });\n  it('t', () => {});\n});`,
      filename: cyFile,
      errors: [{ messageId: 'chained', line: 3, column: 26, test: null, messageIncludes: ["in beforeEach of 's'"] }],
      output: `describe('s', () => {\n  beforeEach(() => {\n    cy.get('#q').clear();\n    cy.get('#q').type('x');\n  });\n  it('t', () => {});\n});`,
    },
  ],
});
