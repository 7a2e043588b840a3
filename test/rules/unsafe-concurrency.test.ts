import rule from '../../server/src/rules/unsafe-concurrency';
import { ruleTester } from '../helpers/rule-tester';

const VITEST = `import { describe, it, test, expect, beforeEach } from 'vitest';\n`;
const PW = `import { test, expect } from '@playwright/test';\n`;

ruleTester(rule, {
  valid: [
    { name: 'serial tests sharing state are left to the other rules', code: `${VITEST}let id;\nit('a', async () => { id = await make(); });\nit('b', async () => { expect(id).toBeDefined(); });` },
    { name: 'concurrent tests with only local state', code: `${VITEST}describe.concurrent('s', () => {\n  it('a', async () => { const id = await make(); expect(id).toBeDefined(); });\n  it('b', async () => { const id = await make(); expect(id).toBeDefined(); });\n});` },
    { name: 'concurrent tests reading a module constant', code: `${VITEST}const BASE = 'x';\nconst roles = ['a'];\ntest.concurrent('a', async () => { expect(await get(BASE)).toBe(roles[0]); });\ntest.concurrent('b', async () => { expect(await get(BASE)).toBe(roles[0]); });` },
    { name: 'state set once in beforeAll and only read', code: `${VITEST}let db;\nbeforeAll(async () => { db = await open(); });\ndescribe.concurrent('s', () => {\n  it('a', async () => { await db.get(1); });\n  it('b', async () => { await db.get(2); });\n});` },
    { name: 'synchronous concurrent tests cannot interleave', code: `${VITEST}let n = 0;\ntest.concurrent('a', () => { n = 1; expect(n).toBe(1); });\ntest.concurrent('b', () => { n = 2; expect(n).toBe(2); });` },
    { name: 'the test context instead of shared state', code: `${VITEST}describe.concurrent('s', () => {\n  it('a', async ({ expect }) => { expect(await make()).toBeDefined(); });\n  it('b', async ({ expect }) => { expect(await make()).toBeDefined(); });\n});` },
    { name: 'one concurrent test alone', code: `${VITEST}let x;\ntest.concurrent('a', async () => { x = await make(); expect(x).toBeDefined(); });\nit('b', () => {});` },
    { name: 'beforeEach writing state for serial tests', code: `${VITEST}let db;\nbeforeEach(async () => { db = await open(); });\nit('a', async () => { await db.get(1); });\nit('b', async () => { await db.get(2); });` },
    { name: 'Playwright parallel mode with per-test setup', code: `${PW}test.describe.configure({ mode: 'parallel' });\nlet user;\ntest.beforeEach(async () => { user = await signUp(); });\ntest('a', async ({ page }) => { await page.goto('/' + user.id); });\ntest('b', async ({ page }) => { await page.goto('/' + user.id); });` },
    { name: 'Playwright serial mode shares state on purpose', code: `${PW}test.describe.configure({ mode: 'serial' });\nlet id;\ntest('create', async () => { id = await make(); });\ntest('read', async () => { await get(id); });` },
    { name: 'concurrent tests in different suites', code: `${VITEST}let x;\ndescribe.concurrent('a', () => { it('w', async () => { x = await make(); }); it('o', async () => {}); });\ndescribe.concurrent('b', () => { it('r', async () => { await use(x); }); it('o', async () => {}); });` },
    { name: 'a mock function shared by concurrent tests is only read', code: `${VITEST}const handler = vi.fn();\ndescribe.concurrent('s', () => {\n  it('a', async () => { await emit(handler); });\n  it('b', async () => { await emit(handler); });\n});` },
  ],
  invalid: [
    {
      name: 'two concurrent tests assign the same variable',
      code: `${VITEST}let user;\ndescribe.concurrent('users', () => {\n  it('creates', async () => {\n    user = await createUser();\n    expect(await getUser(user.id)).toBeDefined();\n  });\n  it('updates', async () => {\n    user = await createUser();\n    await update(user.id);\n  });\n});`,
      errors: [{ messageId: 'race', line: 5, column: 5, endLine: 5, endColumn: 30, test: 'users creates', messageIncludes: ["concurrent test 'users creates' (`user = await createUser()`, line 5) and used by 'users updates'"] }],
    },
    {
      name: 'test.concurrent writer and reader',
      code: `${VITEST}let token;\ntest.concurrent('logs in', async () => { token = await login(); });\ntest.concurrent('calls', async () => { await api(token); });`,
      errors: [{ messageId: 'race', line: 3, column: 42 }],
    },
    {
      name: 'a shared array pushed by concurrent tests',
      code: `${VITEST}const events = [];\ndescribe.concurrent('bus', () => {\n  it('a', async () => { events.push(await next()); expect(events).toHaveLength(1); });\n  it('b', async () => { events.push(await next()); expect(events).toHaveLength(1); });\n});`,
      errors: [{ messageId: 'race', line: 4, column: 25, messageIncludes: ['`events.push(await next())`'] }],
    },
    {
      name: 'beforeEach assigns state read by concurrent tests',
      code: `${VITEST}let page;\ndescribe.concurrent('pages', () => {\n  beforeEach(async () => { page = await openPage(); });\n  it('a', async () => { await page.click('a'); });\n  it('b', async () => { await page.click('b'); });\n});`,
      errors: [{ messageId: 'hookRace', line: 4, column: 28, test: null, messageIncludes: ["`page` is assigned in `beforeEach`", "'pages a' and 'pages b'"] }],
    },
    {
      name: 'Jest test.concurrent with a counter',
      code: `let calls = 0;\ntest.concurrent('one', async () => { calls++; await tick(); expect(calls).toBe(1); });\ntest.concurrent('two', async () => { calls++; await tick(); expect(calls).toBe(1); });`,
      errors: [{ messageId: 'race', line: 2, column: 38, messageIncludes: ['`calls++`'] }],
    },
    {
      name: 'a property of a shared object',
      code: `${VITEST}const ctx = {};\ndescribe.concurrent('s', () => {\n  it('a', async () => { ctx.user = await make(); });\n  it('b', async () => { await use(ctx.user); });\n});`,
      errors: [{ messageId: 'race', line: 4, column: 25 }],
    },
    {
      name: 'written through a helper',
      code: `${VITEST}let session;\nasync function login() { session = await auth(); }\ndescribe.concurrent('s', () => {\n  it('a', async () => { await login(); await use(session); });\n  it('b', async () => { await login(); await use(session); });\n});`,
      errors: [{ messageId: 'race', line: 3, column: 26 }],
    },
    {
      name: 'a Map shared by concurrent tests',
      code: `${VITEST}const cache = new Map();\ndescribe.concurrent('cache', () => {\n  it('a', async () => { cache.set('k', await load()); });\n  it('b', async () => { expect(cache.get('k')).toBeUndefined(); });\n});`,
      errors: [{ messageId: 'race', line: 4, column: 25 }],
    },
    {
      name: 'Playwright parallel mode: the change stays in another worker',
      code: `${PW}test.describe.configure({ mode: 'parallel' });\nlet orderId;\ntest('places an order', async () => { orderId = await place(); });\ntest('pays the order', async () => { await pay(orderId); });`,
      errors: [{ messageId: 'workers', line: 5, column: 48, test: 'pays the order', messageIncludes: ['separate worker processes'] }],
    },
    {
      name: 'Playwright describe.parallel',
      code: `${PW}let id;\ntest.describe.parallel('s', () => {\n  test('a', async () => { id = await make(); });\n  test('b', async () => { await get(id); });\n});`,
      errors: [{ messageId: 'workers', line: 5, column: 37 }],
    },
    {
      name: 'afterEach assigns state read by concurrent tests',
      code: `${VITEST}let last;\ndescribe.concurrent('s', () => {\n  afterEach(() => { last = undefined; });\n  it('a', async () => { await use(last); });\n  it('b', async () => { await use(last); });\n});`,
      errors: [{ messageId: 'hookRace', line: 4, column: 21 }],
    },
    {
      name: 'each-style concurrent tests sharing a variable',
      code: `${VITEST}let result;\ndescribe.concurrent('math', () => {\n  it('adds', async () => { result = await add(1, 2); expect(result).toBe(3); });\n  it('subtracts', async () => { result = await sub(3, 2); expect(result).toBe(1); });\n});`,
      errors: [{ messageId: 'race', line: 4, column: 28 }],
    },
  ],
});
