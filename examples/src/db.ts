import { Pool } from 'pg';

export function createPool(connectionString = process.env.DATABASE_URL): Pool {
  return new Pool({ connectionString });
}

export async function findUser(pool: Pool, email: string) {
  const { rows } = await pool.query('select id, email from users where email = $1', [email]);
  return rows[0];
}
