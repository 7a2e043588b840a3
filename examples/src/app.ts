import http from 'node:http';
import type { Pool } from 'pg';
import { findUser } from './db';

export function createApp(pool: Pool) {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/users') {
      const user = await findUser(pool, url.searchParams.get('email') ?? '');
      res.writeHead(user ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(user ?? { error: 'not found' }));
      return;
    }
    res.writeHead(404).end();
  });
}
