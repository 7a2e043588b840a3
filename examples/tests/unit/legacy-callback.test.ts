import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cart } from '../../src/cart';

describe('legacy callback APIs', () => {
  it('reads the price list', (done) => {
    fs.readFile(path.join(__dirname, 'prices.json'), 'utf8', (err, text) => {
      // Intended finding: done-callback — on a read error this returns without calling done: a timeout, not the error.
      if (err) return;
      expect(JSON.parse(text)).toHaveProperty('lamp');
      done();
    });
  });

  // Intended finding: done-callback — `async` and `done` together: the runner rejects it as overspecified.
  it('loads the catalogue', async (done) => {
    const cart = new Cart();
    expect(cart.total()).toBe(0);
    done();
  });

  // Look-alikes that stay quiet: the error goes to done on every path, and done handed on as the callback.
  it('reads the stock list', (done) => {
    fs.readFile(path.join(__dirname, 'stock.json'), 'utf8', (err, text) => {
      if (err) return done(err);
      expect(text.length).toBeGreaterThan(0);
      done();
    });
  });

  it('stats the fixtures folder', (done) => {
    fs.stat(__dirname, done);
  });

  // Look-alike that stays quiet: no done at all, the promise is awaited.
  it('reads the price list with promises', async () => {
    const text = await fs.promises.readFile(path.join(__dirname, 'prices.json'), 'utf8');
    expect(text).toContain('lamp');
  });
});
