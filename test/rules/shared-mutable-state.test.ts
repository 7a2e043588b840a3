import rule from '../../server/src/rules/shared-mutable-state';
import { ruleTester } from '../helpers/rule-tester';

const VITEST = `import { describe, it, expect, vi, afterEach } from 'vitest';\n`;

ruleTester(rule, {
  valid: [
    { name: 'module constants never written', code: `const BASE = 'https://x.test';\nconst ROLES = ['a', 'b'];\nit('a', () => { expect(ROLES).toContain('a'); });\nit('b', () => { expect(BASE).toMatch(/x/); });` },
    { name: 'state reset in beforeEach', code: `let items;\nbeforeEach(() => { items = []; });\nit('a', () => { items.push(1); expect(items).toHaveLength(1); });\nit('b', () => { items.push(2); expect(items).toHaveLength(1); });` },
    { name: 'state written only in beforeAll and read in tests', code: `let app;\nbeforeAll(async () => { app = await build(); });\nit('a', () => { expect(app.name).toBe('x'); });\nit('b', () => { expect(app.routes).toBeDefined(); });` },
    { name: 'let assigned and read within the same test', code: `let result;\nit('a', () => { result = sum(1, 2); expect(result).toBe(3); });\nit('b', () => { result = sum(2, 2); expect(result).toBe(4); });` },
    { name: 'spies restored by restoreAllMocks in afterEach', code: `afterEach(() => { jest.restoreAllMocks(); });\nit('a', () => { jest.spyOn(console, 'error').mockImplementation(() => {}); });\nit('b', () => {});` },
    { name: 'spy restored with mockRestore', code: `it('a', () => {\n  const spy = jest.spyOn(Date, 'now').mockReturnValue(0);\n  expect(stamp()).toBe(0);\n  spy.mockRestore();\n});\nit('b', () => {});` },
    { name: 'sinon stubs restored in afterEach', code: `afterEach(() => sinon.restore());\nit('a', () => { sinon.stub(fs, 'readFileSync').returns('x'); });\nit('b', () => {});` },
    { name: 'restore passed by reference', code: `afterEach(sinon.restore);\nit('a', () => { sinon.stub(fs, 'readFileSync'); });\nit('b', () => {});` },
    { name: 'spy on an object created in the test', code: `it('a', () => {\n  const cart = new Cart();\n  jest.spyOn(cart, 'total');\n});\nit('b', () => {});` },
    { name: 'spy on an object recreated before each test', code: `let service;\nbeforeEach(() => { service = new Service(); });\nit('a', () => { vi.spyOn(service, 'load'); });\nit('b', () => {});` },
    { name: 'process.env saved and restored around each test', code: `const saved = process.env;\nbeforeEach(() => { process.env = { ...saved }; });\nafterAll(() => { process.env = saved; });\nit('a', () => { process.env.API_URL = 'x'; });\nit('b', () => {});` },
    { name: 'process.env restored in finally', code: `it('a', () => {\n  const old = process.env.TZ;\n  process.env.TZ = 'UTC';\n  try { expect(fmt()).toBe('x'); } finally { process.env.TZ = old; }\n});\nit('b', () => {});` },
    { name: 'vi.stubEnv instead of writing process.env', code: `it('a', () => { vi.stubEnv('MODE', 'test'); });\nit('b', () => {});` },
    { name: 'global replaced and restored in afterEach', code: `const realFetch = globalThis.fetch;\nafterEach(() => { globalThis.fetch = realFetch; });\nit('a', () => { globalThis.fetch = vi.fn(); });\nit('b', () => {});` },
    { name: 'env write in the last test of a Jest file has no one to leak to', code: `it('a', () => {});\nit('b', () => { process.env.DEBUG = '1'; });` },
    { name: 'globals written inside page.evaluate belong to the browser', code: `test('a', async ({ page }) => { await page.evaluate(() => { window.flag = true; }); });\ntest('b', async () => {});` },
    { name: 'a pure order dependency is left to order-dependency', code: `let id;\nit('creates', () => { id = 1; });\nit('reads', () => { get(id); });` },
    { name: 'different properties of a shared object', code: `const loc = {};\nit('a', () => { loc.host = 'x'; expect(url(loc.host)).toBe('x'); });\nit('b', () => { loc.host = 'y'; loc.port = 1; expect(url(loc.host, loc.port)).toBe('y:1'); });` },
  ],
  invalid: [
    {
      name: 'two tests push to one array',
      code: `const calls = [];\nit('first', () => {\n  calls.push('a');\n});\nit('second', () => {\n  calls.push('b');\n  expect(calls).toHaveLength(1);\n});`,
      errors: [{ messageId: 'state', line: 7, column: 10, endColumn: 15, test: 'second', messageIncludes: ['`calls` (module-scope `const`) is changed by \'first\' (`calls.push(\'a\')`, line 3) and read by \'second\''] }],
    },
    {
      name: 'the reader runs before the writer',
      code: `let retries = 3;\nit('reads', () => { expect(client(retries).retries).toBe(3); });\nit('writes', () => { retries = 0; });`,
      errors: [{ messageId: 'state', line: 2, column: 35, test: 'reads', messageIncludes: ['`retries = 0`'] }],
    },
    {
      name: 'set in beforeAll, changed by one test, read by the next',
      code: `describe('s', () => {\n  let user;\n  beforeAll(() => { user = { name: 'ada' }; });\n  it('renames', () => { user.name = 'grace'; });\n  it('greets', () => { expect(greet(user.name)).toBe('hi ada'); });\n});`,
      errors: [{ messageId: 'state', line: 5, column: 37, test: 's greets', messageIncludes: ['suite-scope `let`'] }],
    },
    {
      name: 'two tests add to a shared Set',
      code: `const seen = new Set();\nit('a', () => { seen.add(1); expect(seen.size).toBe(1); });\nit('b', () => { seen.add(2); expect(seen.size).toBe(1); });`,
      errors: [{ messageId: 'state', line: 2, column: 37, test: 'a', messageIncludes: ["changed by 'b'"] }],
    },
    {
      name: 'process.env written in a test and never restored',
      code: `it('uses staging', () => {\n  process.env.API_URL = 'https://staging.test';\n});\nit('uses default', () => {});`,
      errors: [{ messageId: 'env', line: 2, column: 3, endColumn: 47, test: 'uses staging', messageIncludes: ['`process.env.API_URL`'] }],
    },
    {
      name: 'globalThis.fetch replaced in a test',
      code: `it('a', () => {\n  globalThis.fetch = jest.fn();\n});\nit('b', () => {});`,
      errors: [{ messageId: 'global', line: 2, column: 3, messageIncludes: ['`globalThis.fetch`'] }],
    },
    {
      name: 'window property replaced in a test',
      code: `describe('x', function () {\n  it('a', function () { window.matchMedia = () => ({ matches: true }); });\n  it('b', function () {});\n});`,
      errors: [{ messageId: 'global', line: 2, column: 25, messageIncludes: ['`window.matchMedia`'] }],
    },
    {
      name: 'console spy never restored, with the afterEach fix',
      code: `describe('logger', () => {\n  it('warns', () => {\n    jest.spyOn(console, 'warn').mockImplementation(() => {});\n  });\n  it('logs', () => {});\n});`,
      errors: [{ messageId: 'spy', line: 3, column: 5, test: 'logger warns', messageIncludes: ["`jest.spyOn(console, 'warn')`", '`console.warn`', '`jest.restoreAllMocks()`'] }],
      output: `describe('logger', () => {\n  afterEach(() => {\n    jest.restoreAllMocks();\n  });\n\n  it('warns', () => {\n    jest.spyOn(console, 'warn').mockImplementation(() => {});\n  });\n  it('logs', () => {});\n});`,
    },
    {
      name: 'vitest spy with afterEach imported',
      code: `${VITEST}it('a', () => {\n  vi.spyOn(Date, 'now').mockReturnValue(0);\n});\nit('b', () => {});`,
      errors: [{ messageId: 'spy', line: 3, column: 3, messageIncludes: ['`vi.restoreAllMocks()`'] }],
      output: `${VITEST}afterEach(() => {\n  vi.restoreAllMocks();\n});\n\nit('a', () => {\n  vi.spyOn(Date, 'now').mockReturnValue(0);\n});\nit('b', () => {});`,
    },
    {
      name: 'vitest spy without afterEach imported: no fix',
      code: `import { it, vi } from 'vitest';\nit('a', () => { vi.spyOn(Math, 'random').mockReturnValue(0.5); });\nit('b', () => {});`,
      errors: [{ messageId: 'spy', line: 2, column: 17 }],
    },
    {
      name: 'sinon stub in Mocha, fixed with sinon.restore',
      code: `describe('files', function () {\n  it('reads', function () {\n    sinon.stub(fs, 'readFileSync').returns('x');\n  });\n  it('writes', function () {});\n});`,
      errors: [{ messageId: 'spy', line: 3, column: 5, messageIncludes: ['`sinon.restore()`'] }],
      output: `describe('files', function () {\n  afterEach(() => {\n    sinon.restore();\n  });\n\n  it('reads', function () {\n    sinon.stub(fs, 'readFileSync').returns('x');\n  });\n  it('writes', function () {});\n});`,
    },
    {
      name: 'spy on an imported module',
      code: `import * as api from './api';\nit('a', () => { jest.spyOn(api, 'load').mockResolvedValue([]); });\nit('b', async () => { expect(await api.load()).toBeDefined(); });`,
      errors: [{ messageId: 'spy', line: 2, column: 17, messageIncludes: ['`api.load`'] }],
      output: `import * as api from './api';\nafterEach(() => {\n  jest.restoreAllMocks();\n});\n\nit('a', () => { jest.spyOn(api, 'load').mockResolvedValue([]); });\nit('b', async () => { expect(await api.load()).toBeDefined(); });`,
    },
    {
      name: 'spy in a suite beforeAll leaks into the next suite',
      code: `describe('a', () => {\n  beforeAll(() => { jest.spyOn(console, 'log'); });\n  it('x', () => {});\n});\ndescribe('b', () => {\n  it('y', () => {});\n});`,
      errors: [{ messageId: 'spy', line: 2, column: 21, test: null, messageIncludes: ["in 'beforeAll of 'a''"] }],
      output: `describe('a', () => {\n  afterEach(() => {\n    jest.restoreAllMocks();\n  });\n\n  beforeAll(() => { jest.spyOn(console, 'log'); });\n  it('x', () => {});\n});\ndescribe('b', () => {\n  it('y', () => {});\n});`,
    },
    {
      name: 'a shared config object changed by one test and read by another',
      code: `const config = { retries: 0 };\nit('uses config', () => { expect(run(config)).toBe(1); });\nit('raises retries', () => { config.retries = 3; });`,
      errors: [{ messageId: 'state', line: 2, column: 38, test: 'uses config', messageIncludes: ['`config.retries = 3`'] }],
    },
  ],
});
