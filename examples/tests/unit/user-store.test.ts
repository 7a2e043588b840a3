import { createPool, findUser } from '../../src/db';

// Intended finding: layer-mismatch — this file sits in tests/unit but talks to a real PostgreSQL database.
describe('user store', () => {
  const pool = createPool();

  afterAll(() => pool.end());

  it('finds a user by email', async () => {
    await pool.query("insert into users(email) values ('ada@example.com') on conflict do nothing");
    const user = await findUser(pool, 'ada@example.com');
    expect(user.email).toBe('ada@example.com');
  });
});
