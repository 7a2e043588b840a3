import request from 'supertest';
import { Pool } from 'pg';
import { createApp } from '../../src/app';

describe('GET /users', () => {
  let pool: Pool;

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL });
    await pool.query("insert into users(email) values ('grace@example.com') on conflict do nothing");
  });

  afterAll(async () => {
    await pool.end();
  });

  it('returns a known user', async () => {
    const res = await request(createApp(pool)).get('/users?email=grace@example.com');
    expect(res.status).toBe(200);
  });

  it('answers 404 for an unknown user', async () => {
    // Intended finding: fixed-sleep — waits for replication by the clock instead of by a condition.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const res = await request(createApp(pool)).get('/users?email=nobody@example.com');
    expect(res.status).toBe(404);
  });
});
