import rule from '../../server/src/rules/layer-mismatch';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'no declared layer', code: `import { Pool } from 'pg';\nit('a', async () => { await new Pool().query('select 1'); });` },
    { name: 'unit folder, unit test', filename: 'src/unit/cart.test.ts', code: `it('adds', () => { expect(1 + 1).toBe(2); });` },
    { name: 'integration folder, real database', filename: 'tests/integration/users.test.ts', code: `import { Pool } from 'pg';\nconst pool = new Pool();\nit('a', async () => { await pool.query('select 1'); });` },
    { name: 'e2e folder, Playwright', filename: 'e2e/login.spec.ts', code: `import { test } from '@playwright/test';\ntest('a', async ({ page }) => { await page.goto('/'); });` },
    { name: 'annotation agrees', code: `// @layer integration\nit('a', async () => { await request(app).get('/'); });\nimport request from 'supertest';` },
    { name: 'tag agrees', code: `import { test } from '@playwright/test';\ntest('logs in @e2e', async ({ page }) => { await page.goto('/'); });` },
    { name: 'low confidence is not reported', filename: 'tests/unit/a.test.ts', code: `import { startTestServer } from './harness';\nit('a', async () => { await startTestServer(); });` },
    { name: 'Cypress spec in cypress folder', filename: 'cypress/e2e/a.cy.ts', code: `it('a', () => { cy.visit('/'); });` },
    { name: 'todo tests are not judged', filename: 'tests/integration/a.test.ts', code: `it.todo('later');` },
    { name: 'integration suite with a real server in a hook', filename: 'test/integration/api.test.ts', code: `import http from 'node:http';\nlet server;\nbeforeAll(() => { server = http.createServer(); server.listen(0); });\nit('a', () => {});` },
    { name: 'Playwright tag option agrees', code: `import { test } from '@playwright/test';\ntest('a', { tag: '@e2e' }, async ({ page }) => { await page.goto('/'); });` },
  ],
  invalid: [
    {
      name: 'unit folder, real database',
      filename: 'tests/unit/user-store.test.ts',
      code: `import { Pool } from 'pg';\nconst pool = new Pool();\nit('finds', async () => { await pool.query('select 1'); });`,
      errors: [{ messageId: 'mismatch', line: 3, column: 4, endColumn: 11, test: 'finds', messageIncludes: ['declared a unit test by path glob `**/unit/**`', 'an integration test'] }],
    },
    {
      name: 'integration folder, everything mocked',
      filename: 'tests/integration/pricing.test.ts',
      code: `import * as db from '../src/db';\njest.mock('../src/db');\nit('totals', () => { expect(1).toBe(1); });`,
      errors: [{ messageId: 'allMocked', line: 3, messageIncludes: ['mocks `../src/db`'] }],
    },
    {
      name: 'annotation says unit, Playwright page used',
      code: `import { test } from '@playwright/test';\n// @layer unit\ntest('a', async ({ page }) => { await page.goto('/'); });`,
      errors: [{ messageId: 'mismatch', line: 3, messageIncludes: ['annotation `// @layer unit`', 'an end-to-end test'] }],
    },
    {
      name: 'file annotation',
      code: `/* @layer e2e */\n\nimport { add } from './math';\nit('adds', () => { expect(add(1, 2)).toBe(3); });`,
      errors: [{ messageId: 'mismatch', line: 4, messageIncludes: ['file annotation', 'a unit test'] }],
    },
    {
      name: 'title tag',
      code: `import request from 'supertest';\nit('lists users @unit', async () => { await request(app).get('/users'); });`,
      errors: [{ messageId: 'mismatch', line: 2, messageIncludes: ['tag `@unit`'] }],
    },
    {
      name: 'Playwright tag option',
      code: `import { test } from '@playwright/test';\nimport { sum } from './sum';\ntest('adds', { tag: ['@fast', '@integration'] }, async ({ page }) => { await page.goto('/'); });`,
      errors: [{ messageId: 'mismatch', line: 3, messageIncludes: ['tag `@integration`', 'end-to-end'] }],
    },
    {
      name: 'suite annotation applies to its tests',
      code: `// @layer unit\ndescribe('api', () => {\n  it('a', async () => { await request(app).get('/'); });\n});\nimport request from 'supertest';`,
      errors: [{ messageId: 'mismatch', line: 3 }],
    },
    {
      name: 'several tests declared by the same glob are reported once',
      filename: 'tests/e2e/math.test.ts',
      code: `it('a', () => {});\nit('b', () => {});\nit('c', () => {});`,
      errors: [{ messageId: 'mismatch', line: 1, messageIncludes: ['2 more tests in this file do the same'] }],
    },
    {
      name: 'integration glob by file name, pure test',
      filename: 'src/cart.int.test.ts',
      code: `import { Cart } from './cart';\nit('adds', () => { expect(new Cart().total()).toBe(0); });`,
      errors: [{ messageId: 'mismatch', line: 2, messageIncludes: ['`**/*.int.*`'] }],
    },
    {
      name: 'a test annotation overrides a path',
      filename: 'tests/integration/a.test.ts',
      code: `import { Pool } from 'pg';\nconst pool = new Pool();\n// @layer e2e\nit('a', async () => { await pool.query('select 1'); });`,
      errors: [{ messageId: 'mismatch', line: 4, messageIncludes: ['end-to-end test by annotation'] }],
    },
    {
      name: 'child process in a unit folder',
      filename: 'packages/cli/test/unit/run.test.ts',
      code: `import { execSync } from 'node:child_process';\nit('prints help', () => { execSync('node cli.js --help'); });`,
      errors: [{ messageId: 'mismatch', line: 2, messageIncludes: ['child process'] }],
    },
  ],
});
