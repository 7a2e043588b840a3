import { Cart } from '../../src/cart';

describe('Cart', () => {
  it('adds up prices', () => {
    const cart = new Cart();
    cart.add({ sku: 'a', price: 2.5, quantity: 2 });
    cart.add({ sku: 'b', price: 1, quantity: 1 });
    expect(cart.total()).toBe(6);
  });

  // Intended finding: focused-test (error) — the rest of the suite would silently stop running.
  it.only('merges the same item', () => {
    const cart = new Cart();
    cart.add({ sku: 'a', price: 1, quantity: 1 });
    cart.add({ sku: 'a', price: 1, quantity: 2 });
    expect(cart.count()).toBe(1);
  });

  // Intended finding: skipped-test (info).
  it.skip('applies a coupon', () => {
    expect(new Cart().total()).toBe(0);
  });

  // it('rounds to cents', () => {
  //   expect(new Cart().total()).toBe(0);
  // });

  // Look-alike that stays quiet: only part of a word, not a focus.
  it('keeps only positive quantities', () => {
    const only = [1, 2].filter((n) => n > 0);
    expect(only).toHaveLength(2);
  });
});
