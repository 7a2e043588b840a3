import rule from '../../server/src/rules/nondeterministic-data';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ruleTester } from '../helpers/rule-tester';
import { analyzeFile } from '../../server/src/core/analyze';
import { configFrom } from '../../server/src/analyzer';
import type { Severity } from '../../server/src/core/types';

ruleTester(rule, {
  valid: [
    { name: 'Date.now under fake timers', code: `beforeEach(() => { jest.useFakeTimers(); });\nit('x', () => {\n  expect(token.issuedAt).toBe(Date.now());\n});` },
    { name: 'new Date under vi.setSystemTime', code: `import { it, vi, expect } from 'vitest';\nit('x', () => {\n  vi.setSystemTime(new Date('2024-01-01'));\n  expect(order.createdAt).toEqual(new Date());\n});` },
    { name: 'a unique name under fake timers', code: `beforeEach(() => { vi.useFakeTimers(); });\nit('x', async () => {\n  const email = \`user-\${Date.now()}@example.com\`;\n  await signup(email);\n});` },
    { name: 'a unique name from a seeded faker', code: `import { faker } from '@faker-js/faker';\nfaker.seed(3);\nit('x', async () => {\n  await create(\`item-\${faker.number.int()}\`);\n});` },
    { name: 'the clock in a log line is no name', code: `it('x', async () => {\n  await run();\n  console.log(\`finished at \${Date.now()}\`);\n  logger.info('run ' + Math.random());\n});` },
    { name: 'a timestamp string is no name', code: `it('x', async () => {\n  const at = new Date().toISOString();\n  await save({ at });\n});` },
    { name: 'a token compared in an assertion is no name', code: `it('x', () => {\n  expect(label()).toBe(\`v-\${Date.now()}\`);\n});` },
    { name: 'a time computed from the clock is no name', code: `it('x', async () => {\n  const until = String(Date.now() + 60_000);\n  await list({ until });\n  const file = \`next-\${Math.ceil(Date.now() / 1000)}.js\`;\n  await write(file);\n});` },
    { name: 'another field of an object that holds the clock', code: `const key = { id: makeId(), createdAt: Date.now() };\nit('x', async () => {\n  await del(\`/keys/\${key.id}\`);\n});` },
    { name: 'a tagged query template is no name', code: `it('x', async () => {\n  const at = Date.now();\n  await pool.query(sql\`insert into t (at) values (\${at})\`);\n});` },
    { name: 'faker after faker.seed', code: `import { faker } from '@faker-js/faker';\nbeforeAll(() => faker.seed(42));\nit('x', () => {\n  const qty = faker.number.int({ max: 10 });\n  if (qty > 5) bulk();\n});` },
    { name: 'faker names are placeholders', code: `import { faker } from '@faker-js/faker';\nit('x', () => {\n  const user = { name: faker.person.fullName(), email: faker.internet.email() };\n  expect(format(user)).toContain(user.name);\n});` },
    { name: 'clock passed into the code under test and echoed back', code: `it('x', () => {\n  const now = Date.now();\n  const token = issue({ at: now });\n  expect(token.issuedAt).toBe(now);\n});` },
    { name: 'ordering against now', code: `it('x', () => {\n  const before = Date.now();\n  const t = issue();\n  expect(t.issuedAt).toBeGreaterThanOrEqual(before);\n  expect(t.issuedAt).toBeLessThanOrEqual(Date.now());\n});` },
    { name: 'type checks on a random value', code: `it('x', () => {\n  expect(Math.random()).toBeLessThan(1);\n  expect(new Date()).toBeInstanceOf(Date);\n});` },
    { name: 'Math.random stubbed with spyOn', code: `beforeEach(() => { jest.spyOn(Math, 'random').mockReturnValue(0.1); });\nit('x', () => {\n  if (Math.random() > 0.5) flip();\n});` },
    { name: 'random value fed to the unit and asserted on its echo', code: `it('x', () => {\n  const n = Math.floor(Math.random() * 100);\n  expect(double(n)).toBe(n * 2);\n});` },
    { name: 'fixed dates are deterministic', code: `it('x', () => {\n  expect(format(new Date('2024-01-01'))).toBe('Jan 1');\n  expect(new Date(0).getTime()).toBe(0);\n});` },
    { name: 'a seeded chance instance', code: `import Chance from 'chance';\nconst chance = new Chance(7);\nit('x', () => {\n  if (chance.bool()) flip();\n});` },
    { name: 'clock used only for a duration log', code: `it('x', async () => {\n  const start = Date.now();\n  await work();\n  console.log(Date.now() - start);\n});` },
    { name: 'clock handed to the code through a callback', code: `it('x', async () => {\n  const now = new Date();\n  stamp(doc, () => now);\n  const mock = Date.now();\n  const d = new M({ x: { valueOf() { return mock; } } });\n  assert.equal(doc.createdAt.valueOf(), now.valueOf());\n  assert.equal(d.x.valueOf(), mock);\n});` },
    { name: 'a branch inside a callback given to the code under test', code: `it('x', () => {\n  const q = useQuery({ queryFn: () => (Math.random() > 0.5 ? 'a' : 'b') });\n  expectTypeOf(q.data).toEqualTypeOf<'a' | 'b' | undefined>();\n});` },
    { name: 'type tests are never run', filename: 'query.test-d.ts', code: `it('x', () => {\n  useQuery({ queryKey: ['k'], queryFn: Math.random() > 0.5 ? skipToken : () => 1 });\n});` },
    { name: 'durations are left to timing-assertion', code: `it('x', () => {\n  const start = new Date().getTime();\n  run();\n  if (new Date().getTime() - start > 100) slow = true;\n});` },
    { name: 'assert ordering comparison', code: `const assert = require('assert');\nit('x', () => {\n  assert(Date.now() >= created);\n});` },
  ],
  invalid: [
    {
      name: 'Date.now as the expected value',
      code: `describe('tokens', () => {\n  it('stamps the issue time', () => {\n    const token = issue();\n    expect(token.issuedAt).toBe(Date.now());\n  });\n});`,
      errors: [{ messageId: 'clockAssert', line: 4, column: 33, endLine: 4, endColumn: 43, test: 'tokens stamps the issue time', messageIncludes: ['`Date.now()`', 'line 4', "in 'tokens stamps the issue time'"] }],
    },
    {
      name: 'new Date() in toEqual',
      code: `it('x', () => {\n  const order = createOrder();\n  expect(order.createdAt).toEqual(new Date());\n});`,
      errors: [{ messageId: 'clockAssert', line: 3, column: 35 }],
    },
    {
      name: 'clock kept in a variable but never given to the code',
      code: `it('x', () => {\n  const now = Date.now();\n  const session = login();\n  expect(session.startedAt).toBe(now);\n});`,
      errors: [{ messageId: 'clockAssert', line: 2, column: 15, messageIncludes: ['line 4'] }],
    },
    {
      name: 'clock inside toHaveBeenCalledWith object',
      code: `it('x', () => {\n  save();\n  expect(db.insert).toHaveBeenCalledWith({ id: 1, at: Date.now() });\n});`,
      errors: [{ messageId: 'clockAssert', line: 3 }],
    },
    {
      name: 'Math.random decides a branch',
      code: `it('x', () => {\n  if (Math.random() > 0.5) {\n    cart.add(item);\n  }\n  expect(cart.items.length).toBeGreaterThan(0);\n});`,
      errors: [{ messageId: 'condition', line: 2, column: 7, messageIncludes: ['`Math.random()`', 'line 2'] }],
    },
    {
      name: 'random through a variable into a ternary',
      code: `it('x', () => {\n  const roll = Math.floor(Math.random() * 6);\n  const expected = roll === 0 ? 'miss' : 'hit';\n  expect(play(roll)).toBe(expected);\n});`,
      errors: [{ messageId: 'condition', line: 2, column: 27 }],
    },
    {
      name: 'day of week branch',
      code: `it('x', () => {\n  const today = new Date();\n  if (today.getDay() === 0) return;\n  expect(shop.isOpen()).toBe(true);\n});`,
      errors: [{ messageId: 'condition', line: 2, column: 17 }],
    },
    {
      name: 'unseeded faker number in a loop bound',
      code: `import { faker } from '@faker-js/faker';\nit('x', () => {\n  const n = faker.number.int({ min: 0, max: 5 });\n  for (let i = 0; i < n; i++) list.push(i);\n  expect(list.length).toBeLessThan(6);\n});`,
      errors: [{ messageId: 'condition', line: 3, column: 13 }],
    },
    {
      name: 'random expected value',
      code: `it('x', () => {\n  const expected = Math.random();\n  stub.returns(0.3);\n  expect(read()).toBe(expected);\n});`,
      errors: [{ messageId: 'randomAssert', line: 2 }],
    },
    {
      name: 'chance value decides a branch',
      code: `import Chance from 'chance';\nconst chance = new Chance();\nit('x', () => {\n  if (chance.bool()) toggle();\n});`,
      errors: [{ messageId: 'condition', line: 4 }],
    },
    {
      name: 'performance.now in a switch',
      code: `it('x', () => {\n  switch (Math.round(performance.now()) % 2) {\n    case 0: a(); break;\n    default: b();\n  }\n});`,
      errors: [{ messageId: 'condition', line: 2 }],
    },
    {
      name: 'fake timers in another test do not count',
      code: `it('a', () => { vi.useFakeTimers(); });\nit('b', () => {\n  expect(stamp()).toBe(Date.now());\n});`,
      errors: [{ messageId: 'clockAssert', line: 3, test: 'b' }],
    },
    {
      name: 'seed of another generator does not cover Math.random',
      code: `import { faker } from '@faker-js/faker';\nfaker.seed(1);\nit('x', () => {\n  if (Math.random() < 0.1) skipStep();\n});`,
      errors: [{ messageId: 'condition', line: 4 }],
    },
    {
      name: 'a unique email from the clock is information only',
      code: `it('signs up', async () => {\n  const email = \`user-\${Date.now()}@example.com\`;\n  await signup(email);\n  expect(await findUser(email)).toBeDefined();\n});`,
      errors: [{ messageId: 'unique', line: 2, column: 25, test: 'signs up', messageIncludes: ['`Date.now()`', '(line 2)', 'Information only'] }],
    },
    {
      name: 'a unique name by concatenation is information only',
      code: `it('creates', async () => {\n  const name = 'project-' + Math.random();\n  const p = await create(name);\n  expect(p.name).toBe(name);\n});`,
      errors: [{ messageId: 'unique', line: 2, column: 29 }],
    },
    {
      name: 'a random id token is information only',
      code: `it('x', async () => {\n  const id = Math.random().toString(36).slice(2);\n  await repo.insert({ id });\n  expect(await repo.get(id)).toBeTruthy();\n});`,
      errors: [{ messageId: 'unique', line: 2, column: 14 }],
    },
    {
      name: 'assert.equal with the clock',
      code: `import assert from 'node:assert';\nit('x', () => {\n  assert.equal(record.updatedAt, Date.now());\n});`,
      errors: [{ messageId: 'clockAssert', line: 3 }],
    },
  ],
});

/** Unique names are information at most: the cap holds under any rule severity, and a lower one or `off` still wins. */
const UNIQUE = `it('signs up', async () => {\n  await signup(\`user-\${Date.now()}@example.com\`);\n});`;
const CLOCK = `it('x', () => {\n  expect(stamp()).toBe(Date.now());\n});`;

function severities(code: string, severity: Severity): string[] {
  const config = configFrom({});
  for (const id of Object.keys(config.rules)) config.rules[id] = { severity: 'off', options: {} };
  config.rules[rule.id] = { severity, options: {} };
  return analyzeFile({ path: 'case.ts', text: code, config, rules: [rule] }).findings.map((f) => f.severity);
}

test('a unique name is reported as information whatever the rule severity', () => {
  assert.deepEqual(severities(UNIQUE, 'warning'), ['info']);
  assert.deepEqual(severities(UNIQUE, 'error'), ['info']);
  assert.deepEqual(severities(UNIQUE, 'info'), ['info']);
  assert.deepEqual(severities(UNIQUE, 'off'), []);
});

test('other findings of the rule keep the rule severity', () => {
  assert.deepEqual(severities(CLOCK, 'warning'), ['warning']);
  assert.deepEqual(severities(CLOCK, 'error'), ['error']);
  assert.deepEqual(severities(CLOCK, 'info'), ['info']);
});
