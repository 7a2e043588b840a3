import rule from '../../server/src/rules/done-callback';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'done called on every path of an error-first callback', code: `it('reads', (done) => {\n  fs.readFile('a', (err, data) => {\n    if (err) return done(err);\n    expect(data).toBeTruthy();\n    done();\n  });\n});` },
    { name: 'done passed on as the callback', code: `it('closes', (done) => { server.close(done); });` },
    { name: 'promise with then and catch(done)', code: `it('x', (done) => {\n  load().then((r) => { expect(r).toBe(1); done(); }).catch(done);\n});` },
    { name: 'then with a rejection handler', code: `it('x', (done) => {\n  load().then((r) => { expect(r).toBe(1); done(); }, done);\n});` },
    { name: 'assertion in then wrapped in try/catch', code: `it('x', (done) => {\n  load().then((r) => {\n    try { expect(r).toBe(1); done(); } catch (e) { done(e); }\n  });\n});` },
    { name: 'setTimeout(done)', code: `it('yields', (done) => { setTimeout(done, 0); });` },
    { name: 'Mocha this.skip() ends the test', code: `describe('s', function () {\n  before(function () {});\n  it('x', function (done) {\n    if (!supported) { this.skip(); }\n    server.close(done);\n  });\n});` },
    { name: 'an event listener called many times may call done once', code: `it('streams', (done) => {\n  stream.on('data', (chunk) => { if (chunk.last) done(); });\n});` },
    { name: 'if/else both calling done', code: `it('x', (done) => {\n  request((err, res) => {\n    if (err) { done(err); } else { expect(res.status).toBe(200); done(); }\n  });\n});` },
    { name: 'a thrown error ends the path', code: `it('x', (done) => {\n  load((err, v) => {\n    if (err) throw err;\n    done();\n  });\n});` },
    { name: 'async test without done', code: `it('x', async () => { await load(); expect(1).toBe(1); });` },
    { name: 'Playwright fixtures are not done', code: `import { test } from '@playwright/test';\ntest('x', async ({ page }) => { await page.goto('/'); });` },
    { name: 'node:test context and done', code: `import { test } from 'node:test';\ntest('x', (t, done) => { setImmediate(done); });` },
    { name: 'test.each rows are not done', code: `test.each([[1, 2]])('adds %i', (a, b) => { expect(a + b).toBe(3); });` },
    { name: 'vitest test context', code: `import { it } from 'vitest';\nit('x', (ctx) => { expect(ctx).toBeTruthy(); });` },
    { name: 'Jasmine records a failed expect in then and goes on', code: `it('x', (done) => {\n  load().then((r) => {\n    expect(r).toBe(1);\n    done();\n  });\n});\njasmine.Ajax.install();` },
    { name: 'a callback that only reports its error does not finish the test', code: `it('x', (done) => {\n  io.on('connection', (s) => {\n    fs.readFile('a', (err, data) => {\n      if (err) return done(err);\n      s.emit('file', data);\n    });\n    s.on('ack', () => done());\n  });\n});` },
    { name: 'a countdown over several callbacks', code: `it('x', (done) => {\n  let pending = 2;\n  a.create({}, function (err) {\n    assert.ok(err);\n    if (!--pending) {\n      done();\n    }\n  });\n  b.create({}, function (err) {\n    if (!--pending) done();\n  });\n});` },
    { name: 'done handed to a listener, then called', code: `it('x', (done) => {\n  adapter.on('delete-room', () => done(new Error('should not happen')));\n  adapter.delAll('s1');\n  done();\n});` },
    { name: 'an event handler named e is not an error-first callback', code: `it('x', (done) => {\n  worker.onmessage = (e) => {\n    if (e.data === 'last') {\n      done();\n    }\n  };\n});` },
    { name: 'type-level test files are never run', filename: 'index.test-d.ts', code: `it('accepts', (done) => {\n  expectType<string>(x);\n});` },
    { name: 'return done() then nothing else', code: `it('x', (done) => {\n  if (cached) return done();\n  fetchIt((err) => done(err));\n});` },
  ],
  invalid: [
    {
      name: 'async with done',
      code: `describe('legacy', () => {\n  it('loads', async (done) => {\n    await load();\n    done();\n  });\n});`,
      errors: [{ messageId: 'asyncDone', line: 2, column: 22, endColumn: 26, test: 'legacy loads', messageIncludes: ["in 'legacy loads'", 'overspecified'] }],
    },
    {
      name: 'returns a promise and takes done',
      code: `it('x', (done) => {\n  return load().then(() => done());\n});`,
      errors: [{ messageId: 'promiseDone', line: 2, column: 3, messageIncludes: ['returns a promise'] }],
    },
    {
      name: 'arrow body returning a promise chain',
      code: `it('x', (done) => load().then(() => done()));`,
      errors: [{ messageId: 'promiseDone', line: 1, column: 19 }],
    },
    {
      name: 'done never called',
      code: `it('counts', (done) => {\n  expect(count()).toBe(1);\n});`,
      errors: [{ messageId: 'neverCalled', line: 1, column: 15, endColumn: 19, test: 'counts', messageIncludes: ['can only end by timing out'] }],
    },
    {
      name: 'early return in an error-first callback',
      code: `it('reads', (done) => {\n  fs.readFile('a', (err, data) => {\n    if (err) return;\n    expect(data).toBeTruthy();\n    done();\n  });\n});`,
      errors: [{ messageId: 'path', line: 3, column: 14, endColumn: 21, messageIncludes: ['The `return` on line 3 leaves', "in 'reads'", 'return done(…)'] }],
    },
    {
      name: 'an if without else in the test body',
      code: `it('x', (done) => {\n  if (ready) {\n    done();\n  }\n});`,
      errors: [{ messageId: 'path', line: 2, column: 7, messageIncludes: ['When the `if` on line 2 is false'] }],
    },
    {
      name: 'error branch that only logs',
      code: `it('x', (done) => {\n  load((err, v) => {\n    if (err) {\n      console.error(err);\n    } else {\n      done();\n    }\n  });\n});`,
      errors: [{ messageId: 'path', line: 3, messageIncludes: ['is true'] }],
    },
    {
      name: 'a catch that swallows the error',
      code: `it('x', (done) => {\n  try {\n    run();\n    done();\n  } catch (e) {\n    console.log(e);\n  }\n});`,
      errors: [{ messageId: 'path', line: 5, column: 5, endColumn: 10, messageIncludes: ['The `catch` on line 5 swallows the error', 'done(err)'] }],
    },
    {
      name: 'called twice when the error path does not return',
      code: `it('x', (done) => {\n  load((err) => {\n    if (err) done(err);\n    done();\n  });\n});`,
      errors: [{ messageId: 'twice', line: 4, column: 5, endColumn: 11, messageIncludes: ['can be called twice'] }],
    },
    {
      name: 'assertion after done',
      code: `it('x', (done) => {\n  done();\n  expect(state).toBe(1);\n});`,
      errors: [{ messageId: 'codeAfter', line: 3, column: 3, messageIncludes: ['runs once the test has finished'] }],
    },
    {
      name: 'assertion in then with no catch (Jest)',
      code: `it('x', (done) => {\n  load().then((r) => {\n    expect(r).toBe(1);\n    done();\n  });\n});\nconst spy = jest.fn();`,
      errors: [{ messageId: 'assertionInThen', line: 3, column: 5, endColumn: 22, messageIncludes: ['`expect(r).toBe(1)`', '.catch(done)'] }],
    },
    {
      name: 'a beforeEach hook that never calls done',
      code: `describe('db', () => {\n  beforeEach((done) => {\n    db.reset();\n  });\n  it('t', () => {});\n});`,
      errors: [{ messageId: 'neverCalled', line: 2, column: 15, test: null, messageIncludes: ["in beforeEach of 'db'"] }],
    },
    {
      name: 'a Mocha function test with a cb name',
      code: `import { describe, it } from 'mocha';\ndescribe('s', function () {\n  it('x', function (cb) {\n    client.connect((error) => {\n      if (error) {\n        return;\n      }\n      cb();\n    });\n  });\n});`,
      errors: [{ messageId: 'path', line: 6, column: 9, messageIncludes: ['`cb`', "in 's x'"] }],
    },
    {
      name: 'a then handler that only calls done on one branch',
      code: `it('x', (done) => {\n  load().then((res) => {\n    if (res.ok) done();\n  }).catch(done);\n});`,
      errors: [{ messageId: 'path', line: 3, column: 9, messageIncludes: ['is false'] }],
    },
  ],
});
