import rule from '../../server/src/rules/timing-assertion';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'generous lower bound after a timer', code: `it('waits', async () => {\n  const start = Date.now();\n  await delay(100);\n  expect(Date.now() - start).toBeGreaterThanOrEqual(90);\n});` },
    { name: 'toBeGreaterThan lower bound on performance.now', code: `it('x', async () => {\n  const t0 = performance.now();\n  await work();\n  expect(performance.now() - t0).toBeGreaterThan(0);\n});` },
    { name: 'negated upper bound is a lower bound', code: `it('x', () => {\n  const start = Date.now();\n  run();\n  expect(Date.now() - start).not.toBeLessThan(10);\n});` },
    { name: 'under fake timers in beforeEach', code: `beforeEach(() => { jest.useFakeTimers(); });\nit('x', () => {\n  const start = Date.now();\n  jest.advanceTimersByTime(1000);\n  expect(Date.now() - start).toBe(1000);\n});` },
    { name: 'under vi.setSystemTime', code: `import { it, vi, expect } from 'vitest';\nit('x', () => {\n  vi.setSystemTime(new Date('2024-01-01'));\n  const start = Date.now();\n  expect(Date.now() - start).toBeLessThan(5);\n});` },
    { name: 'Date.now stubbed with spyOn', code: `beforeEach(() => { jest.spyOn(Date, 'now').mockReturnValue(1000); });\nit('x', () => {\n  const start = Date.now();\n  expect(Date.now() - start).toBe(0);\n});` },
    { name: 'timestamps bracketing a value are not durations', code: `it('x', () => {\n  const before = Date.now();\n  const token = issue();\n  const after = Date.now();\n  expect(token.issuedAt).toBeGreaterThanOrEqual(before);\n  expect(token.issuedAt).toBeLessThanOrEqual(after);\n});` },
    { name: 'console.time only logs', code: `it('x', () => {\n  console.time('render');\n  render();\n  console.timeEnd('render');\n});` },
    { name: 'duration computed but not asserted', code: `it('x', async () => {\n  const start = Date.now();\n  await work();\n  console.log('took', Date.now() - start);\n  expect(result).toBe(1);\n});` },
    { name: 'assert.ok with a lower bound', code: `const assert = require('node:assert');\nit('x', async () => {\n  const start = Date.now();\n  await sleepFor(50);\n  assert.ok(Date.now() - start >= 45);\n});` },
    { name: 'arithmetic on dates that are not clock readings', code: `it('x', () => {\n  const a = new Date('2024-01-01');\n  const b = new Date('2024-01-02');\n  expect(b.getTime() - a.getTime()).toBe(86400000);\n});` },
    { name: 'subtracting a field from now is not a measured duration', code: `it('x', () => {\n  expect(Date.now() - entry.createdAt).toBeLessThan(ttl);\n});` },
  ],
  invalid: [
    {
      name: 'Date.now delta with toBeLessThan',
      code: `describe('cache', () => {\n  it('is fast', () => {\n    const start = Date.now();\n    cache.get('k');\n    expect(Date.now() - start).toBeLessThan(100);\n  });\n});`,
      errors: [{ messageId: 'upper', line: 5, column: 5, endLine: 5, endColumn: 49, test: 'cache is fast', messageIncludes: ['100 ms', "in 'cache is fast'"] }],
    },
    {
      name: 'performance.now delta in a variable',
      code: `it('renders quickly', () => {\n  const t0 = performance.now();\n  render();\n  const elapsed = performance.now() - t0;\n  expect(elapsed).toBeLessThanOrEqual(16);\n});`,
      errors: [{ messageId: 'upper', line: 5, column: 3, messageIncludes: ['`expect(elapsed).toBeLessThanOrEqual(16)`', '16 ms'] }],
    },
    {
      name: 'exact duration',
      code: `it('x', async () => {\n  const start = Date.now();\n  await wait(50);\n  expect(Date.now() - start).toBe(50);\n});`,
      errors: [{ messageId: 'exact', line: 4 }],
    },
    {
      name: 'new Date().getTime() readings',
      code: `it('x', () => {\n  const start = new Date().getTime();\n  run();\n  const end = new Date().getTime();\n  expect(end - start).toBeLessThan(LIMIT);\n});`,
      errors: [{ messageId: 'upper', line: 5, messageIncludes: ['`LIMIT`'] }],
    },
    {
      name: 'negated lower bound is an upper bound',
      code: `it('x', () => {\n  const start = Date.now();\n  run();\n  expect(Date.now() - start).not.toBeGreaterThan(200);\n});`,
      errors: [{ messageId: 'upper', line: 4 }],
    },
    {
      name: 'assert with a comparison',
      code: `const assert = require('node:assert');\nit('x', () => {\n  const start = Date.now();\n  run();\n  assert(Date.now() - start < 500);\n});`,
      errors: [{ messageId: 'upper', line: 5, column: 3, messageIncludes: ['500 ms'] }],
    },
    {
      name: 'assert.ok with the bound on the left',
      code: `import assert from 'node:assert/strict';\nit('x', () => {\n  const started = performance.now();\n  run();\n  const ms = performance.now() - started;\n  assert.ok(100 > ms, 'too slow');\n});`,
      errors: [{ messageId: 'upper', line: 6 }],
    },
    {
      name: 'chai below',
      code: `it('x', () => {\n  const start = Date.now();\n  run();\n  expect(Date.now() - start).to.be.below(300);\n});`,
      errors: [{ messageId: 'upper', line: 4 }],
    },
    {
      name: 'chai within',
      code: `it('x', async () => {\n  const start = Date.now();\n  await tick();\n  expect(Date.now() - start).to.be.within(100, 150);\n});`,
      errors: [{ messageId: 'upper', line: 4 }],
    },
    {
      name: 'process.hrtime delta',
      code: `it('x', () => {\n  const start = process.hrtime();\n  run();\n  const [seconds] = process.hrtime(start);\n  expect(process.hrtime(start)[0]).toBeLessThan(1);\n});`,
      errors: [{ messageId: 'upper', line: 5 }],
    },
    {
      name: 'expect(comparison).toBe(true)',
      code: `it('x', () => {\n  const start = Date.now();\n  run();\n  expect(Date.now() - start < 50).toBe(true);\n});`,
      errors: [{ messageId: 'upper', line: 4 }],
    },
    {
      name: 'hrtime.bigint converted to ms',
      code: `it('x', () => {\n  const start = process.hrtime.bigint();\n  run();\n  const ms = Number(process.hrtime.bigint() - start) / 1e6;\n  expect(ms).toBeLessThan(20);\n});`,
      errors: [{ messageId: 'upper', line: 5 }],
    },
    {
      name: 'fake timers in another test do not count',
      code: `it('a', () => { jest.useFakeTimers(); });\nit('b', () => {\n  const start = Date.now();\n  run();\n  expect(Date.now() - start).toBeLessThan(100);\n});`,
      errors: [{ messageId: 'upper', line: 5, test: 'b' }],
    },
  ],
});
