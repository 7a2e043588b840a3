import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createPool } from '../../src/db';

const pool = createPool();
let server: http.Server;
let metricsServer: http.Server;
let heartbeat: NodeJS.Timeout;

async function closeAll() {
  await pool.end();
  clearInterval(heartbeat);
}

beforeAll(() => {
  // Look-alike that stays quiet: port 0, and closed in afterAll below.
  server = createApp(pool).listen(0);
  // Intended findings: resource-leak — never closed; hardcoded-port — collides when two workers run this file.
  metricsServer = http.createServer((_req, res) => res.end('ok')).listen(9464);
  // Look-alike that stays quiet: the interval is cleared through closeAll().
  heartbeat = setInterval(() => pool.query('select 1'), 30_000);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  // Look-alike that stays quiet: the pool is ended through a helper called in teardown.
  await closeAll();
});

describe('GET /users', () => {
  it('answers 404 for an unknown user', async () => {
    const res = await request(server).get('/users?email=nobody@example.com');
    expect(res.status).toBe(404);
  });

  it('serves the metrics endpoint', async () => {
    const { port } = metricsServer.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
  });

  it('starts a second app for the admin routes', async () => {
    // Intended finding: resource-leak — started in the test and never closed.
    const admin = createApp(pool).listen(0);
    const res = await request(admin).get('/users?email=admin@example.com');
    expect([200, 404]).toContain(res.status);
  });
});
