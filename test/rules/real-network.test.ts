import rule from '../../server/src/rules/real-network';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'localhost with a port', code: `it('x', async () => {\n  const res = await fetch('http://localhost:3000/health');\n  expect(res.ok).toBe(true);\n});` },
    { name: '127.0.0.1', code: `import axios from 'axios';\nit('x', async () => {\n  await axios.get('http://127.0.0.1:8080/users');\n});` },
    { name: 'IPv6 loopback', code: `it('x', async () => {\n  await fetch('http://[::1]:4000/');\n});` },
    { name: '0.0.0.0 and a template on localhost', code: `it('x', async () => {\n  await fetch('http://0.0.0.0:9000');\n  await fetch(\`http://localhost:\${port}/items\`);\n});` },
    { name: 'relative URL', code: `it('x', async () => {\n  await fetch('/api/users');\n});` },
    { name: 'supertest request(app)', code: `import request from 'supertest';\nimport { app } from '../src/app';\nit('x', async () => {\n  await request(app).get('/users').expect(200);\n});` },
    { name: 'https call intercepted by nock', code: `import nock from 'nock';\nbeforeEach(() => {\n  nock('https://api.github.com').get('/users/1').reply(200, { id: 1 });\n});\nit('x', async () => {\n  await fetch('https://api.github.com/users/1');\n});` },
    { name: 'https call intercepted by msw setupServer', code: `import { setupServer } from 'msw/node';\nimport { http, HttpResponse } from 'msw';\nconst server = setupServer(http.get('https://api.example.com/user', () => HttpResponse.json({ id: 1 })));\nbeforeAll(() => server.listen());\nit('x', async () => {\n  const res = await fetch('https://api.example.com/user');\n});` },
    { name: 'axios mocked with jest.mock', code: `import axios from 'axios';\njest.mock('axios');\nit('x', async () => {\n  await axios.get('https://api.stripe.com/v1/charges');\n});` },
    { name: 'global fetch replaced in a hook', code: `beforeEach(() => {\n  global.fetch = jest.fn(() => Promise.resolve({ json: () => ({}) }));\n});\nit('x', async () => {\n  await fetch('https://api.example.com/x');\n});` },
    { name: 'vi.spyOn(globalThis, fetch) in the test', code: `import { it, vi } from 'vitest';\nit('x', async () => {\n  vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{}'));\n  await fetch('https://api.example.com/x');\n});` },
    { name: 'URL held in a variable we cannot read', code: `it('x', async () => {\n  await fetch(process.env.API_URL + '/users');\n  await fetch(config.baseUrl);\n});` },
    { name: 'compose service name', code: `it('x', async () => {\n  await fetch('http://minio:9000/bucket');\n});` },
    { name: 'reserved .test domain', code: `it('x', async () => {\n  await fetch('https://shop.test/api');\n});` },
    { name: 'e2e test (browser-driving) hitting its deployment', code: `import { test, expect } from '@playwright/test';\ntest('x', async ({ page, request }) => {\n  await page.goto('https://staging.example.com');\n  const res = await fetch('https://staging.example.com/api/health');\n});` },
    { name: 'module-level helper not called from a test', code: `export async function ping() {\n  return fetch('https://api.example.com/ping');\n}\nit('x', () => {});` },
    { name: 'XHR faked by jasmine-ajax in a hook', code: `describe('requests', function () {\n  beforeEach(function () { jasmine.Ajax.install(); });\n  it('supports https', function (done) {\n    axios.get('https://www.google.com').then(() => done());\n  });\n});` },
    { name: 'allowHosts option', code: `it('x', async () => {\n  await fetch('https://registry.npmjs.org/left-pad');\n});`, options: { allowHosts: ['registry.npmjs.org'] } },
  ],
  invalid: [
    {
      name: 'fetch to a remote host',
      code: `describe('users', () => {\n  it('loads', async () => {\n    const res = await fetch('https://api.github.com/users/octocat');\n  });\n});`,
      errors: [{ messageId: 'remote', line: 3, column: 23, endLine: 3, endColumn: 68, test: 'users loads', messageIncludes: ['`api.github.com`', "in 'users loads'"] }],
    },
    {
      name: 'axios.get',
      code: `import axios from 'axios';\nit('x', async () => {\n  await axios.get('https://api.stripe.com/v1/charges');\n});`,
      errors: [{ messageId: 'remote', line: 3, column: 9, messageIncludes: ['`api.stripe.com`'] }],
    },
    {
      name: 'axios called with a config object',
      code: `import axios from 'axios';\nit('x', async () => {\n  await axios({ url: 'https://api.example.com/items', method: 'get' });\n});`,
      errors: [{ messageId: 'remote', line: 3, column: 9 }],
    },
    {
      name: 'got',
      code: `import got from 'got';\nit('x', async () => {\n  await got('https://httpbin.org/get');\n  await got.post('https://httpbin.org/post', { json: {} });\n});`,
      errors: [{ messageId: 'remote', line: 3 }, { messageId: 'remote', line: 4 }],
    },
    {
      name: 'http.get with node:https',
      code: `import https from 'node:https';\nit('x', (done) => {\n  https.get('https://example.com/', () => done());\n});`,
      errors: [{ messageId: 'remote', line: 3, column: 3, messageIncludes: ['`example.com`'] }],
    },
    {
      name: 'request library',
      code: `const request = require('request');\nit('x', (done) => {\n  request('https://www.google.com', () => done());\n});`,
      errors: [{ messageId: 'remote', line: 3 }],
    },
    {
      name: 'new WebSocket to a remote host',
      code: `it('x', () => {\n  const ws = new WebSocket('wss://stream.binance.com:9443/ws');\n});`,
      errors: [{ messageId: 'remote', line: 2, column: 14, messageIncludes: ['`stream.binance.com`'] }],
    },
    {
      name: 'superagent',
      code: `import superagent from 'superagent';\nit('x', async () => {\n  await superagent.get('https://api.example.com/items');\n});`,
      errors: [{ messageId: 'remote', line: 3 }],
    },
    {
      name: 'URL from a module constant with a template',
      code: `const API = 'https://api.example.com';\nit('x', async () => {\n  await fetch(\`\${API}/users\`);\n});`,
      errors: [{ messageId: 'remote', line: 3, messageIncludes: ['`api.example.com`'] }],
    },
    {
      name: 'in a beforeAll hook',
      code: `let token;\nbeforeAll(async () => {\n  token = await fetch('https://auth.example.com/token');\n});\nit('x', () => {});`,
      errors: [{ messageId: 'remote', line: 3, test: null, messageIncludes: ['in beforeAll'] }],
    },
    {
      name: 'nock in another test does not cover this one',
      code: `it('a', async () => {\n  const scope = page.route('**', (r) => r.abort());\n});\nit('b', async () => {\n  await fetch('https://api.example.com/x');\n});`,
      errors: [{ messageId: 'remote', line: 5, test: 'b' }],
    },
    {
      name: 'node-fetch default import',
      code: `import fetch from 'node-fetch';\nit('x', async () => {\n  await fetch('https://api.example.com/x');\n});`,
      errors: [{ messageId: 'remote', line: 3 }],
    },
    {
      name: 'supertest against a remote URL',
      code: `import request from 'supertest';\nit('x', async () => {\n  await request('https://api.example.com').get('/health').expect(200);\n});`,
      errors: [{ messageId: 'remote', line: 3 }],
    },
    {
      name: 'ws package',
      code: `import WebSocket from 'ws';\nit('x', () => {\n  const socket = new WebSocket('ws://echo.websocket.org');\n});`,
      errors: [{ messageId: 'remote', line: 3, messageIncludes: ['`echo.websocket.org`'] }],
    },
  ],
});
