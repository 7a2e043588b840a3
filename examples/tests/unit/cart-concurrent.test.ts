import { describe, it, expect, beforeEach } from 'vitest';
import { Cart } from '../../src/cart';

const loadPrice = async (sku: string) => (sku === 'a' ? 2 : 1);

describe.concurrent('cart prices, concurrently', () => {
  let lastTotal = 0;

  it('totals item a', async () => {
    const cart = new Cart();
    cart.add({ sku: 'a', price: await loadPrice('a'), quantity: 1 });
    // Intended finding: unsafe-concurrency — the other concurrent test writes `lastTotal` between these awaits.
    lastTotal = cart.total();
    expect(await loadPrice('a')).toBe(lastTotal);
  });

  it('totals item b', async () => {
    const cart = new Cart();
    cart.add({ sku: 'b', price: await loadPrice('b'), quantity: 1 });
    lastTotal = cart.total();
    expect(await loadPrice('b')).toBe(lastTotal);
  });
});

// Look-alike that stays quiet: each concurrent test keeps its own cart, created inside the test.
describe.concurrent('cart counts, concurrently', () => {
  it('counts one item', async ({ expect }) => {
    const cart = new Cart();
    cart.add({ sku: 'a', price: await loadPrice('a'), quantity: 1 });
    expect(cart.count()).toBe(1);
  });

  it('counts two items', async ({ expect }) => {
    const cart = new Cart();
    cart.add({ sku: 'a', price: await loadPrice('a'), quantity: 1 });
    cart.add({ sku: 'b', price: await loadPrice('b'), quantity: 1 });
    expect(cart.count()).toBe(2);
  });
});

// Look-alike that stays quiet: serial tests, and the state is reset before each one.
describe('cart totals, serially', () => {
  let cart: Cart;
  beforeEach(() => {
    cart = new Cart();
  });

  it('starts empty', () => {
    expect(cart.total()).toBe(0);
  });

  it('adds up', () => {
    cart.add({ sku: 'a', price: 2, quantity: 2 });
    expect(cart.total()).toBe(4);
  });
});
