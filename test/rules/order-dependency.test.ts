import rule from '../../server/src/rules/order-dependency';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'state set up in beforeAll', code: `let token;\nbeforeAll(async () => { token = await login(); });\nit('a', async () => { await me(token); });\nit('b', async () => { await me(token); });` },
    { name: 'state reset in beforeEach', code: `let items;\nbeforeEach(() => { items = []; });\nit('a', () => { items.push(1); });\nit('b', () => { expect(items).toEqual([]); });` },
    { name: 'each test assigns before reading', code: `let result;\nit('a', () => { result = f(1); expect(result).toBe(1); });\nit('b', () => { result = f(2); expect(result).toBe(2); });` },
    { name: 'module constants never written', code: `const LIMIT = 5;\nconst users = ['a', 'b'];\nit('a', () => { expect(users).toHaveLength(2); });\nit('b', () => { expect(LIMIT).toBe(5); });` },
    { name: 'let assigned and read within the same test', code: `let x;\nit('a', () => { x = 1; expect(x).toBe(1); });\nit('b', () => { expect(true).toBe(true); });` },
    { name: 'the writer runs after the reader', code: `let cache = new Map();\nit('reads', () => { expect(cache.size).toBe(0); });\nit('writes', () => { cache.set('a', 1); });` },
    { name: 'state reset in afterEach', code: `const seen = [];\nafterEach(() => { seen.length = 0; });\nit('a', () => { seen.push(1); });\nit('b', () => { expect(seen).toEqual([]); });` },
    { name: 'reset through a helper called from beforeEach', code: `let count = 0;\nfunction reset() { count = 0; }\nbeforeEach(reset);\nit('a', () => { count++; });\nit('b', () => { expect(count).toBe(0); });` },
    { name: 'different properties of a shared object', code: `const state = {};\nit('a', () => { state.user = 'ada'; });\nit('b', () => { expect(state.cart).toBeUndefined(); });` },
    { name: 'a test that changes the state itself is not order-dependent (shared-mutable-state reports it)', code: `const list = [];\nit('a', () => { list.push(1); });\nit('b', () => { list.push(2); expect(list).toHaveLength(1); });` },
    { name: 'a local variable with the same name shadows the shared one', code: `let id;\nit('a', () => { id = 1; });\nit('b', () => { const id = 2; expect(id).toBe(2); });` },
    { name: 'concurrent tests are left to unsafe-concurrency', code: `let id;\ntest.concurrent('a', async () => { id = await make(); });\ntest.concurrent('b', async () => { expect(id).toBeDefined(); });` },
    { name: 'only one test in the file', code: `let id;\nit('a', () => { id = 1; expect(id).toBe(1); });` },
  ],
  invalid: [
    {
      name: 'the classic create-then-read chain',
      code: `describe('users', () => {\n  let id;\n  it('creates', async () => {\n    id = await createUser();\n  });\n  it('reads', async () => {\n    expect(await getUser(id)).toBeTruthy();\n  });\n});`,
      errors: [{ messageId: 'dependsOn', line: 7, column: 26, endLine: 7, endColumn: 28, test: 'users reads', messageIncludes: ["'users reads' reads `id`", "earlier test 'users creates'", '`id = await createUser()` on line 4'] }],
    },
    {
      name: 'a counter incremented by an earlier test',
      code: `let count = 0;\nit('increments', () => { count++; });\nit('checks', () => { expect(count).toBe(1); });`,
      errors: [{ messageId: 'dependsOn', line: 3, column: 29, test: 'checks', messageIncludes: ['`count++`'] }],
    },
    {
      name: 'a map filled by an earlier test',
      code: `const cache = new Map();\nit('stores', () => { cache.set('k', 1); });\nit('loads', () => { expect(cache.get('k')).toBe(1); });`,
      errors: [{ messageId: 'dependsOn', line: 3, column: 28, messageIncludes: ["`cache.set('k', 1)`"] }],
    },
    {
      name: 'an array pushed by an earlier test',
      code: `const events = [];\nit('emits', () => { events.push('a'); });\nit('counts', () => { expect(events).toHaveLength(1); });`,
      errors: [{ messageId: 'dependsOn', line: 3, column: 29 }],
    },
    {
      name: 'a property of a shared object set by an earlier test',
      code: `const session = {};\nit('logs in', () => { session.user = 'ada'; });\nit('greets', () => { expect(greet(session.user)).toBe('hi ada'); });`,
      errors: [{ messageId: 'dependsOn', line: 3, column: 35, messageIncludes: ["`session.user = 'ada'`"] }],
    },
    {
      name: 'written through a helper the earlier test calls',
      code: `let token;\nasync function login() { token = await auth(); }\nit('logs in', async () => { await login(); });\nit('calls the api', async () => { await api(token); });`,
      errors: [{ messageId: 'dependsOn', line: 4, column: 45 }],
    },
    {
      name: 'read through a helper the later test calls',
      code: `let token;\nconst headers = () => ({ authorization: token });\nit('logs in', async () => { token = await auth(); });\nit('calls', async () => { await api(headers()); });`,
      errors: [{ messageId: 'dependsOn', line: 2, column: 41, test: 'calls' }],
    },
    {
      name: 'a beforeAll in another suite does not set it for this test',
      code: `let db;\ndescribe('a', () => {\n  beforeAll(() => { db = open(); });\n  it('x', () => {});\n});\ndescribe('b', () => {\n  it('writes', () => { db = open(); });\n  it('reads', () => { db.query(); });\n});`,
      errors: [{ messageId: 'dependsOn', line: 8, column: 23, test: 'b reads' }],
    },
    {
      name: 'destructuring assignment in the earlier test',
      code: `let user, org;\nit('signs up', async () => { ({ user, org } = await signUp()); });\nit('joins', async () => { await join(user, org); });`,
      errors: [
        { messageId: 'dependsOn', line: 3, column: 38, messageIncludes: ['`{ user, org } = await signUp()`'] },
        { messageId: 'dependsOn', line: 3, column: 44 },
      ],
    },
    {
      name: 'nested suites keep source order',
      code: `let order;\ndescribe('checkout', () => {\n  describe('cart', () => {\n    it('adds', () => { order = { items: 1 }; });\n  });\n  describe('payment', () => {\n    it('pays', () => { pay(order); });\n  });\n});`,
      errors: [{ messageId: 'dependsOn', line: 7, column: 28, test: 'checkout payment pays', messageIncludes: ["earlier test 'checkout cart adds'"] }],
    },
    {
      name: 'one finding per piece of state, at the first dependent test',
      code: `let id;\nit('creates', () => { id = 1; });\nit('reads', () => { get(id); });\nit('deletes', () => { del(id); });`,
      errors: [{ messageId: 'dependsOn', line: 3, column: 25, test: 'reads' }],
    },
    {
      name: 'var at module scope in a Mocha file',
      code: `var agent;\ndescribe('api', function () {\n  it('logs in', function () { agent = login(); });\n  it('fetches', function () { return agent.get('/me'); });\n});`,
      errors: [{ messageId: 'dependsOn', line: 4, column: 38 }],
    },
  ],
});
