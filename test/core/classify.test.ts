import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/analyzer';
import type { Layer } from '../../server/src/core/types';

// Every file is named neutrally (abc.ts / abc.js): the verdict must come from the content, never from a path hint.
interface Case {
  name: string;
  code: string;
  layer: Layer;
  file?: string;
  /** A fragment the deciding evidence must mention. */
  evidence?: RegExp;
}

const cases: Case[] = [
  // unit
  { name: 'pure function, jest globals', layer: 'unit', code: `import { add } from './math';\nit('adds', () => { expect(add(1, 2)).toBe(3); });` },
  { name: 'vitest with vi.mock of a database client', layer: 'unit', code: `import { vi, it, expect } from 'vitest';\nimport { Pool } from 'pg';\nvi.mock('pg');\nit('x', () => { expect(Pool).toBeDefined(); });`, evidence: /mocks `pg`/ },
  { name: 'mocha + sinon stubs', layer: 'unit', file: 'abc.js', code: `const sinon = require('sinon');\ndescribe('svc', () => { it('calls', () => { const s = sinon.stub(); s(); }); });` },
  { name: 'node:test with mock.fn', layer: 'unit', code: `import { test, mock } from 'node:test';\ntest('fn', () => { const f = mock.fn(); f(); });` },
  { name: 'fake timers', layer: 'unit', code: `beforeEach(() => { jest.useFakeTimers(); });\nit('ticks', () => { jest.advanceTimersByTime(10); });` },
  { name: 'ORM imported only for its data types', layer: 'unit', code: `import { DataTypes } from '@sequelize/core';\nit('maps', () => { expect(DataTypes.STRING).toBeDefined(); });` },
  { name: 'mongoose types only', layer: 'unit', code: `import { Types } from 'mongoose';\nit('ids', () => { expect(String(new Types.ObjectId('a'.repeat(24)))).toHaveLength(24); });` },
  { name: 'jasmine spies', layer: 'unit', file: 'abc.js', code: `describe('a', () => { it('b', () => { const s = jasmine.createSpy('s'); s(); expect(s).toHaveBeenCalled(); }); });` },
  { name: 'SQL string asserted, not executed', layer: 'unit', code: `import { build } from './q';\nit('builds', () => { expect(build()).toBe('SELECT * FROM users'); });` },
  { name: 'testing-library render (jsdom)', layer: 'unit', file: 'abc.tsx', code: `import { render, screen } from '@testing-library/react';\nit('renders', () => { render(<b>hi</b>); expect(screen.getByText('hi')).toBeTruthy(); });` },
  { name: 'msw intercepted fetch', layer: 'unit', code: `import { setupServer } from 'msw/node';\nconst server = setupServer();\nbeforeAll(() => server.listen());\nit('x', async () => { expect(1).toBe(1); });` },
  { name: 'a named utility of a database library called directly', layer: 'unit', code: `import { wrapIdentifier } from 'knex/lib/util/helpers';\nit('quotes', () => { expect(wrapIdentifier('a')).toBe('"a"'); });` },
  { name: 'a fake connection factory declared in the file', layer: 'unit', file: 'abc.js', code: `function createConnection() { return { version: '8.0' }; }\nit('reads', () => { expect(createConnection().version).toBe('8.0'); });` },
  { name: 'the library under test builds a query without running it', layer: 'unit', file: 'abc.js', code: `const knex = require('../../lib');\nconst qb = knex({ client: 'pg' });\nit('compiles', () => { expect(qb.select('a').from('t').toString()).toMatch(/select/); });` },
  { name: 'HTTP status of a stubbed response', layer: 'unit', code: `import { vi, it, expect } from 'vitest';\nimport { load } from './loader';\nit('404', async () => { const get = vi.fn(async () => ({ status: 404 })); const response = await load(get); expect(response.status).toBe(404); });` },
  { name: 'queries through a stubbed shared client', layer: 'unit', file: 'abc.js', code: `const sinon = require('sinon');\nconst { db } = require('./support');\nit('retries', async () => { sinon.stub(db, 'run').resolves([]); await db.run('x'); });` },
  { name: 'a query through a client of a mocked module', layer: 'unit', code: `import { vi, it } from 'vitest';\nimport { app } from './app';\nvi.mock('./app');\nit('migrates', async () => { await app.db.migrate(); });` },
  { name: 'a harness-shaped factory of the code under test', layer: 'unit', code: `import { createSqlRuntime } from '../src/runtime';\nit('plans', () => { expect(createSqlRuntime({}).plan('x')).toBeDefined(); });` },
  { name: 'an awaited helper of a support module in a file that mocks', layer: 'unit', code: `import { vi, it, expect } from 'vitest';\nimport { renderCard } from '../helpers/render';\nconst onSave = vi.fn();\nit('saves', async () => { await renderCard({ onSave }); expect(onSave).toHaveBeenCalled(); });` },
  { name: 'an awaited function of the code under test', layer: 'unit', code: `import { parseConfig } from '../src/config';\nit('parses', async () => { expect(await parseConfig('a=1')).toEqual({ a: '1' }); });` },
  { name: 'status of a handler called with an in-memory request', layer: 'unit', code: `import { GET } from './route';\nit('ok', async () => { const response = await GET(new Request('http://x/items')); expect(response.status).toBe(200); });` },
  { name: 'an awaited render helper of a support folder', layer: 'unit', file: 'abc.tsx', code: `import { renderWithStore } from '../test-utils/render';\nit('shows', async () => { const view = await renderWithStore(<b>hi</b>); expect(view.getByText('hi')).toBeTruthy(); });` },
  // integration
  { name: 'API steps awaited from an unreadable support module', layer: 'integration', code: `import { createAccount, deleteAccount } from '../helpers/accounts';\nit('creates', async () => { const a = await createAccount({ name: 'x' }); expect(a.name).toBe('x'); await deleteAccount(a.id); });`, evidence: /awaits `createAccount\(\)`/ },
  { name: 'an awaited query through a client held by the app', layer: 'integration', code: `import { boot } from './boot';\nit('migrates', async () => { const app = await boot(); await app.db.migrate(); });`, evidence: /shared client `db`/ },
  { name: 'HTTP status checked on a real response', layer: 'integration', code: `import { api } from './api';\nit('lists', async () => { const response = await api.get('items'); expect(response.status).toBe(200); });`, evidence: /status of an HTTP response/ },
  { name: 'HTTP status carried by a rejected request', layer: 'integration', code: `import { createItem } from './api';\nit('rejects', async () => { try { await createItem({}); } catch (error) { expect((error as any).response.status).toBe(422); } });`, evidence: /status/ },
  { name: 'harness named after the database it starts', layer: 'integration', code: `import { withPostgresPort } from './harness';\nit('stores', () => withPostgresPort(async ({ db }) => { await db.insert({}); }));`, evidence: /withPostgresPort/ },
  { name: 'integration set-up harness', layer: 'integration', code: `import { setupIntegrationTest } from './setup';\nconst ctx = setupIntegrationTest();\nit('reads', async () => { expect(await ctx.read()).toBeDefined(); });` },
  { name: 'awaited query through a shared client from a support module', layer: 'integration', code: `import { queryInterface } from './support';\nit('drops', async () => { await queryInterface.dropTable('t'); expect(await queryInterface.tableExists('t')).toBe(false); });`, evidence: /shared client `queryInterface`/ },
  { name: 'Mocha context client awaited', layer: 'integration', file: 'abc.js', code: `describe('t', () => { it('creates', async function () { await this.queryInterface.createTable('t', {}); }); });` },
  { name: 'pg pool in a hook', layer: 'integration', code: `import { Pool } from 'pg';\nlet pool: Pool;\nbeforeAll(() => { pool = new Pool(); });\nit('reads', async () => { await pool.query('select 1'); });`, evidence: /new Pool/ },
  { name: 'supertest through the app', layer: 'integration', code: `import request from 'supertest';\nimport { app } from './app';\nit('GET /', async () => { await request(app).get('/').expect(200); });`, evidence: /supertest/ },
  { name: 'server that listens', layer: 'integration', file: 'abc.js', code: `const http = require('http');\nlet s;\nbefore(() => { s = http.createServer(); s.listen(0); });\nit('up', () => {});` },
  { name: 'testcontainers', layer: 'integration', code: `import { GenericContainer } from 'testcontainers';\nit('starts', async () => { await new GenericContainer('redis').start(); });` },
  { name: 'child process', layer: 'integration', code: `import { execSync } from 'node:child_process';\nit('runs the cli', () => { execSync('node cli.js'); });` },
  { name: 'knex query builder connected', layer: 'integration', file: 'abc.js', code: `const knex = require('knex');\nconst db = knex({ client: 'pg' });\nit('selects', async () => { await db.select('*').from('t'); });` },
  { name: 'raw SQL through a client', layer: 'integration', code: `import { sql } from './db';\nit('creates', async () => { await sql.query('CREATE TABLE t (id int)'); });`, evidence: /runs SQL/ },
  { name: 'Mocha this.sequelize query', layer: 'integration', file: 'abc.js', code: `describe('q', () => { it('selects', async function () { await this.sequelize.query('SELECT 1'); }); });` },
  { name: 'prisma client', layer: 'integration', code: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nit('counts', async () => { await prisma.user.count(); });` },
  { name: 'Nest app', layer: 'integration', code: `import { Test } from '@nestjs/testing';\nit('boots', async () => { const m = await Test.createTestingModule({}).compile(); const app = m.createNestApplication(); await app.init(); });` },
  { name: 'in-memory mongo', layer: 'integration', code: `import { MongoMemoryServer } from 'mongodb-memory-server';\nbeforeAll(async () => { await MongoMemoryServer.create(); });\nit('x', () => {});` },
  { name: 'local HTTP', layer: 'integration', code: `it('health', async () => { await fetch('http://localhost:3000/health'); });` },
  { name: 'HTTP client bound to a base URL', layer: 'integration', code: `import ky from 'ky';\nconst api = ky.extend({ prefixUrl: process.env.API_URL });\nit('lists', async () => { await api.get('users'); });`, evidence: /base URL/ },
  { name: 'pact contract', layer: 'integration', code: `import { PactV3 } from '@pact-foundation/pact';\nconst pact = new PactV3({ consumer: 'a', provider: 'b' });\nit('c', async () => { await pact.executeTest(async () => {}); });` },
  // e2e
  { name: 'Playwright page', layer: 'e2e', code: `import { test, expect } from '@playwright/test';\ntest('home', async ({ page }) => { await page.goto('/'); await expect(page).toHaveTitle(/x/); });` },
  { name: 'Playwright custom fixture renamed to page', layer: 'e2e', code: `import { test } from './fixtures';\ntest('a', async ({ appPage: page }) => { await page.locator('#x').click(); });` },
  { name: 'Cypress visit', layer: 'e2e', file: 'abc.js', code: `describe('login', () => { it('works', () => { cy.visit('/login'); cy.get('input').type('x'); }); });` },
  { name: 'Cypress custom command only', layer: 'e2e', file: 'abc.js', code: `describe('cart', () => { it('adds', () => { cy.loginAsAdmin(); cy.addToCart('x'); }); });` },
  { name: 'WebdriverIO', layer: 'e2e', file: 'abc.js', code: `describe('x', () => { it('opens', async () => { await browser.url('/'); await $('#a').click(); }); });` },
  { name: 'puppeteer launch', layer: 'e2e', code: `import puppeteer from 'puppeteer';\nit('renders', async () => { const b = await puppeteer.launch(); await b.close(); });` },
  { name: 'selenium builder', layer: 'e2e', file: 'abc.js', code: `const { Builder } = require('selenium-webdriver');\nit('x', async () => { const d = await new Builder().forBrowser('chrome').build(); await d.get('http://example.com'); });` },
  { name: 'an Electron app launched through a fixture function', layer: 'e2e', code: `import { test, expect } from '../support/fixtures';\ntest('opens', async ({ launchElectronApp }) => { const app = await launchElectronApp(); expect(app).toBeTruthy(); });`, evidence: /launchElectronApp/ },
  { name: 'e2e page factory helper', layer: 'e2e', code: `import { newE2EPage } from '@acme/testing';\nit('clicks', async () => { const page = await newE2EPage({ html: '<x-a></x-a>' }); await page.waitForChanges(); });` },
];

for (const c of cases) {
  test(`classifies ${c.layer}: ${c.name}`, () => {
    const r = analyze(c.file ?? 'abc.ts', c.code);
    assert.ok(r.tests.length > 0, 'finds the test');
    const t = r.tests[0];
    assert.equal(t.layer, c.layer, `evidence: ${JSON.stringify(t.evidence.map((e) => e.message))}`);
    if (c.evidence) assert.ok(t.evidence.some((e) => c.evidence!.test(e.message)), JSON.stringify(t.evidence.map((e) => e.message)));
  });
}

test('the table has at least 30 neutral-name cases across the three layers', () => {
  assert.ok(cases.length >= 30);
  for (const layer of ['unit', 'integration', 'e2e'] as Layer[]) assert.ok(cases.filter((c) => c.layer === layer).length >= 7, layer);
});

test('declared layers never decide the layer: a path glob only sets declaredLayer', () => {
  const r = analyze('src/e2e/abc.ts', `it('adds', () => { expect(1 + 1).toBe(2); });`);
  assert.equal(r.tests[0].layer, 'unit');
  assert.equal(r.tests[0].declaredLayer, 'e2e');
});

test('an annotation only sets declaredLayer', () => {
  const r = analyze('abc.ts', `// @layer integration\nit('adds', () => { expect(1 + 1).toBe(2); });`);
  assert.equal(r.tests[0].layer, 'unit');
  assert.equal(r.tests[0].declaredLayer, 'integration');
});
