import rule from '../../server/src/rules/hardcoded-port';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'listen(0) picks a free port', code: `let server;\nbeforeAll(() => { server = app.listen(0); });\nafterAll(() => server.close());\nit('x', () => {});` },
    { name: 'listen() without a port', code: `beforeAll(() => { server = app.listen(); });` },
    { name: 'port read from the environment', code: `beforeAll(() => { server = app.listen(process.env.PORT); });` },
    { name: 'port constant with an env fallback', code: `const PORT = Number(process.env.PORT) || 3000;\nbeforeAll(() => { server = app.listen(PORT); });` },
    { name: 'port from config', code: `import { config } from './config';\nbeforeAll(() => { server = app.listen(config.port); });` },
    { name: 'fastify listen on port 0', code: `beforeAll(async () => { await app.listen({ port: 0, host: '127.0.0.1' }); });` },
    { name: 'URL of an already-running service in an e2e test', code: `test('home', async ({ page }) => { await page.goto('http://localhost:3000/'); });`, filename: 'home.spec.ts' },
    { name: 'database client connecting to a fixed port is not a server', code: `const pool = new Pool({ host: 'localhost', port: 5432 });\nafterAll(() => pool.end());` },
    { name: 'fetch to a fixed local port', code: `it('x', async () => { await fetch('http://127.0.0.1:8080/health'); });` },
    { name: 'a port variable that is a parameter', code: `function start(port) { return app.listen(port); }\nbeforeAll(() => start(0));` },
    { name: 'non-literal port expression', code: `beforeAll(() => { server = app.listen(basePort + workerIndex); });` },
    { name: 'type-level test files never run', code: `server.listen({ port: 3000 });`, filename: 'instance.test-d.ts' },
    { name: 'mock server constructor without a port', code: `const wss = new WebSocketServer({ noServer: true });` },
  ],
  invalid: [
    {
      name: 'listen(3000) in beforeAll, fixed to 0',
      code: `let server;\nbeforeAll(() => {\n  server = app.listen(3000);\n});\nafterAll(() => server.close());`,
      errors: [{ messageId: 'port', line: 3, column: 23, endLine: 3, endColumn: 27, test: null, messageIncludes: ['`app.listen(3000)`', 'fixed port 3000', 'in `beforeAll`'] }],
      output: `let server;\nbeforeAll(() => {\n  server = app.listen(0);\n});\nafterAll(() => server.close());`,
    },
    {
      name: 'createServer().listen(8080) in a test',
      code: `describe('api', () => {\n  it('serves', (done) => {\n    const s = http.createServer(handler).listen(8080, done);\n  });\n});`,
      errors: [{ messageId: 'port', line: 3, column: 49, test: 'api serves', messageIncludes: ['fixed port 8080'] }],
      output: `describe('api', () => {\n  it('serves', (done) => {\n    const s = http.createServer(handler).listen(0, done);\n  });\n});`,
    },
    {
      name: 'fastify listen({ port: 3000 })',
      code: `beforeAll(async () => {\n  await app.listen({ port: 3000 });\n});`,
      errors: [{ messageId: 'port', line: 2, column: 28, endColumn: 32 }],
      output: `beforeAll(async () => {\n  await app.listen({ port: 0 });\n});`,
    },
    {
      name: 'port reused in a URL: the fix is offered but not safe',
      code: `beforeAll(() => { server = app.listen(4000); });\nit('x', async () => { await fetch('http://localhost:4000/'); });`,
      errors: [{ messageId: 'port', line: 1, column: 39 }],
      output: `beforeAll(() => { server = app.listen(0); });\nit('x', async () => { await fetch('http://localhost:4000/'); });`,
    },
    {
      name: 'a module constant holding the port',
      code: `const PORT = 3001;\nbeforeAll(() => { server = app.listen(PORT); });`,
      errors: [{ messageId: 'port', line: 2, column: 39, endColumn: 43, messageIncludes: ['fixed port 3001'] }],
    },
    {
      name: 'WebSocketServer on a fixed port',
      code: `beforeAll(() => {\n  wss = new WebSocketServer({ port: 8081 });\n});`,
      errors: [{ messageId: 'port', line: 2, column: 37, messageIncludes: ['fixed port 8081'] }],
    },
    {
      name: 'serve({ port }) helper',
      code: `beforeAll(async () => {\n  server = await serve({ port: 9000, fetch: handler });\n});`,
      errors: [{ messageId: 'port', line: 2, column: 32 }],
    },
    {
      name: 'listen at module scope',
      code: `const server = app.listen(5000);\nafterAll(() => server.close());\nit('x', () => {});`,
      errors: [{ messageId: 'port', line: 1, column: 27 }],
      output: `const server = app.listen(0);\nafterAll(() => server.close());\nit('x', () => {});`,
    },
    {
      name: 'listen inside a helper called from a hook',
      code: `function start() {\n  return app.listen(7000);\n}\nbeforeAll(() => { server = start(); });`,
      errors: [{ messageId: 'port', line: 2, column: 21 }],
      output: `function start() {\n  return app.listen(0);\n}\nbeforeAll(() => { server = start(); });`,
    },
    {
      name: 'listen with host and callback',
      code: `before((done) => {\n  server.listen(3000, '127.0.0.1', done);\n});`,
      errors: [{ messageId: 'port', line: 2, column: 17 }],
      output: `before((done) => {\n  server.listen(0, '127.0.0.1', done);\n});`,
    },
    {
      name: 'two servers on two fixed ports',
      code: `beforeEach(() => {\n  a.listen(3000);\n  b.listen(3001);\n});`,
      errors: [{ messageId: 'port', line: 2, column: 12 }, { messageId: 'port', line: 3, column: 12 }],
      output: `beforeEach(() => {\n  a.listen(0);\n  b.listen(0);\n});`,
    },
    {
      name: 'Bun-style serve with a port property in quotes',
      code: `beforeAll(() => {\n  server = Bun.serve({ 'port': 3333, fetch });\n});`,
      errors: [{ messageId: 'port', line: 2, column: 32 }],
    },
  ],
});
