import rule from '../../server/src/rules/resource-leak';
import { ruleTester } from '../helpers/rule-tester';

const PG = `import { Pool } from 'pg';\n`;

ruleTester(rule, {
  valid: [
    { name: 'server closed in afterAll', code: `let server;\nbeforeAll(() => { server = app.listen(0); });\nafterAll(() => { server.close(); });\nit('x', () => {});` },
    { name: 'pool ended in afterAll', code: `${PG}const pool = new Pool();\nafterAll(async () => { await pool.end(); });\nit('x', async () => { await pool.query('select 1'); });` },
    { name: 'closed through a helper called in teardown', code: `let server;\nlet pool;\nbeforeAll(() => { server = app.listen(0); pool = new Pool(); });\nfunction closeAll() {\n  server.close();\n  return pool.end();\n}\nafterAll(() => closeAll());` },
    { name: 'teardown helper passed by reference', code: `let server;\nbeforeAll(() => { server = app.listen(0); });\nconst stop = () => server.close();\nafterAll(stop);` },
    { name: 'imported teardown helper given the resource', code: `import { stopServer } from './helpers';\nlet server;\nbeforeAll(() => { server = app.listen(0); });\nafterAll(() => stopServer(server));` },
    { name: 'await using disposes at the end of the block', code: `it('x', async () => {\n  await using server = app.listen(0);\n  expect(server.listening).toBe(true);\n});` },
    { name: 'interval cleared in afterEach', code: `let timer;\nbeforeEach(() => { timer = setInterval(poll, 100); });\nafterEach(() => clearInterval(timer));` },
    { name: 'interval under fake timers', code: `beforeEach(() => { jest.useFakeTimers(); });\nit('ticks', () => {\n  setInterval(tick, 1000);\n  jest.advanceTimersByTime(3000);\n});` },
    { name: 'server closed in finally inside the test', code: `it('x', async () => {\n  const server = app.listen(0);\n  try {\n    await hit(server);\n  } finally {\n    server.close();\n  }\n});` },
    { name: 'browser closed in afterAll', code: `import { chromium } from 'playwright-core';\nlet browser;\nbeforeAll(async () => { browser = await chromium.launch(); });\nafterAll(async () => { await browser.close(); });` },
    { name: 'container stopped', code: `let container;\nbeforeAll(async () => { container = await new GenericContainer('redis').withExposedPorts(6379).start(); });\nafterAll(async () => { await container.stop(); });` },
    { name: 'Mocha before/after with done', code: `describe('api', () => {\n  let server;\n  before((done) => { server = app.listen(0, done); });\n  after((done) => { server.close(done); });\n  it('x', () => {});\n});` },
    { name: 'factory helper returns the server to its caller', code: `export function startServer() {\n  return app.listen(0);\n}` },
    { name: 'a listen that is expected to fail', code: `it('rejects a taken port', (done) => {\n  other.listen(port, (err) => {\n    expect(err.code).toBe('EADDRINUSE');\n    done();\n  });\n});` },
    { name: 'Prisma disconnected in afterAll', code: `const prisma = new PrismaClient();\nbeforeAll(() => prisma.$connect());\nafterAll(() => prisma.$disconnect());` },
    { name: 'closed with onTestFinished', code: `it('x', async () => {\n  const server = app.listen(0);\n  onTestFinished(() => server.close());\n});` },
    { name: 'node:test t.after closes the instance it listens with', code: `import { test } from 'node:test';\ntest('x', async (t) => {\n  const app = Fastify();\n  t.after(() => app.close());\n  await app.listen({ port: 0 });\n});` },
    { name: 'server wrapped by an object that owns it', code: `it('x', () => {\n  const httpServer = createServer().listen(0);\n  const io = new Server(httpServer);\n  io.close();\n});` },
  ],
  invalid: [
    {
      name: 'server started in beforeAll and never closed, with the afterAll fix',
      code: `describe('api', () => {\n  let server;\n  beforeAll(() => {\n    server = app.listen(0);\n  });\n\n  it('x', () => {});\n});`,
      errors: [{ messageId: 'leak', line: 4, column: 14, endLine: 4, endColumn: 27, test: null, messageIncludes: ['`server` is started with `app.listen(0)` in `beforeAll` of \'api\' (line 4) and never closed', '`server.close()`'] }],
      output: `describe('api', () => {\n  let server;\n  beforeAll(() => {\n    server = app.listen(0);\n  });\n\n  afterAll(async () => {\n    await new Promise((resolve) => server.close(resolve));\n  });\n\n  it('x', () => {});\n});`,
    },
    {
      name: 'pool opened in beforeAll, the existing afterAll forgets it',
      code: `${PG}let pool;\nlet server;\nbeforeAll(() => {\n  pool = new Pool();\n  server = app.listen(0);\n});\nafterAll(async () => {\n  server.close();\n});\nit('x', () => {});`,
      errors: [{ messageId: 'leak', line: 5, column: 10, messageIncludes: ['`pool` is opened with `new Pool()`', 'never ended', '`pool.end()`'] }],
      output: `${PG}let pool;\nlet server;\nbeforeAll(() => {\n  pool = new Pool();\n  server = app.listen(0);\n});\nafterAll(async () => {\n  server.close();\n  await pool.end();\n});\nit('x', () => {});`,
    },
    {
      name: 'browser launched in beforeAll',
      code: `import { chromium } from 'playwright-core';\nlet browser;\nbeforeAll(async () => {\n  browser = await chromium.launch();\n});\nit('x', () => {});`,
      errors: [{ messageId: 'leak', line: 4, column: 19, messageIncludes: ['`browser` is launched with `chromium.launch()`', 'never closed'] }],
      output: `import { chromium } from 'playwright-core';\nlet browser;\nbeforeAll(async () => {\n  browser = await chromium.launch();\n});\n\nafterAll(async () => {\n  await browser.close();\n});\nit('x', () => {});`,
    },
    {
      name: 'server started in a test and never stored',
      code: `it('serves', async () => {\n  http.createServer(handler).listen(0);\n});`,
      errors: [{ messageId: 'unstored', line: 2, column: 3, test: 'serves', messageIncludes: ["in 'serves' (line 2) starts a server that is never stored"] }],
    },
    {
      name: 'interval started in a test and never stored',
      code: `it('polls', () => {\n  setInterval(() => poll(), 50);\n});`,
      errors: [{ messageId: 'unstored', line: 2, column: 3, messageIncludes: ['starts an interval'] }],
    },
    {
      name: 'interval kept in beforeEach and never cleared, with the afterEach fix',
      code: `let timer;\nbeforeEach(() => {\n  timer = setInterval(poll, 100);\n});\nit('x', () => {});`,
      errors: [{ messageId: 'leak', line: 3, column: 11, messageIncludes: ['`timer` is started with `setInterval(poll, 100)` in `beforeEach`', 'never cleared', 'in `afterEach`'] }],
      output: `let timer;\nbeforeEach(() => {\n  timer = setInterval(poll, 100);\n});\n\nafterEach(() => {\n  clearInterval(timer);\n});\nit('x', () => {});`,
    },
    {
      name: 'container started and never stopped',
      code: `let container;\nbeforeAll(async () => {\n  container = await new PostgreSqlContainer().start();\n});\nit('x', () => {});`,
      errors: [{ messageId: 'leak', line: 3, column: 21, messageIncludes: ['never stopped'] }],
      output: `let container;\nbeforeAll(async () => {\n  container = await new PostgreSqlContainer().start();\n});\n\nafterAll(async () => {\n  await container.stop();\n});\nit('x', () => {});`,
    },
    {
      name: 'mongoose connected and never disconnected',
      code: `import mongoose from 'mongoose';\nbeforeAll(async () => {\n  await mongoose.connect(process.env.MONGO_URL);\n});\nit('x', () => {});`,
      errors: [{ messageId: 'leak', line: 3, column: 9, messageIncludes: ['`mongoose` is connected with', 'never disconnected'] }],
      output: `import mongoose from 'mongoose';\nbeforeAll(async () => {\n  await mongoose.connect(process.env.MONGO_URL);\n});\n\nafterAll(async () => {\n  await mongoose.disconnect();\n});\nit('x', () => {});`,
    },
    {
      name: 'redis client never quit',
      code: `import { createClient } from 'redis';\nlet client;\nbeforeAll(async () => {\n  client = createClient();\n  await client.connect();\n});\nit('x', () => {});`,
      errors: [{ messageId: 'leak', line: 4, column: 12, messageIncludes: ['`client` is connected with `createClient()`'] }],
      output: `import { createClient } from 'redis';\nlet client;\nbeforeAll(async () => {\n  client = createClient();\n  await client.connect();\n});\n\nafterAll(async () => {\n  await client.quit();\n});\nit('x', () => {});`,
    },
    {
      name: 'Prisma client at module scope never disconnected',
      code: `const prisma = new PrismaClient();\nit('x', async () => {\n  await prisma.user.findMany();\n});`,
      errors: [{ messageId: 'leak', line: 1, column: 16, messageIncludes: ['`prisma` is connected with `new PrismaClient()` in module scope'] }],
    },
    {
      name: 'typeorm connection in beforeAll',
      code: `import { createConnection } from 'typeorm';\nlet connection;\nbeforeAll(async () => {\n  connection = await createConnection(options);\n});\nit('x', () => {});`,
      errors: [{ messageId: 'leak', line: 4, column: 22 }],
      output: `import { createConnection } from 'typeorm';\nlet connection;\nbeforeAll(async () => {\n  connection = await createConnection(options);\n});\n\nafterAll(async () => {\n  await connection.close();\n});\nit('x', () => {});`,
    },
    {
      name: 'server kept in a test and never closed',
      code: `describe('a', () => {\n  it('b', async () => {\n    const server = app.listen(0);\n    await hit(server);\n  });\n});`,
      errors: [{ messageId: 'leak', line: 3, column: 20, test: 'a b', messageIncludes: ["in 'a b' (line 3)", 'before the test ends'] }],
    },
    {
      name: 'puppeteer launched in a test',
      code: `it('renders', async () => {\n  const browser = await puppeteer.launch();\n  await browser.newPage();\n});`,
      errors: [{ messageId: 'leak', line: 2, column: 25, messageIncludes: ['`browser` is launched with `puppeteer.launch()`'] }],
    },
  ],
});
