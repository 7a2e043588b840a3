import { Cart, type Item } from '../../src/cart';
import * as db from '../../src/db';

const TAX_RATE = 0.2;
const sampleItem: Item = { sku: 'a', price: 2, quantity: 1 };

describe('cart state', () => {
  const added: Item[] = [];
  let cart: Cart;
  let savedCart: Cart;

  beforeEach(() => {
    cart = new Cart();
  });

  it('adds an item', () => {
    added.push(sampleItem);
    cart.add(sampleItem);
    expect(cart.count()).toBe(1);
  });

  it('adds a second item', () => {
    added.push({ sku: 'b', price: 1, quantity: 1 });
    // Intended finding: shared-mutable-state — `added` still holds the item of the test above.
    expect(added).toHaveLength(1);
  });

  it('saves the cart', () => {
    cart.add(sampleItem);
    savedCart = cart;
    expect(savedCart.total()).toBe(2);
  });

  it('restores the saved cart', () => {
    // Intended finding: order-dependency — only 'saves the cart' sets `savedCart`; run alone it is undefined.
    expect(savedCart.count()).toBe(1);
  });

  // Look-alike that stays quiet: `cart` is recreated in beforeEach, and the constants are never written.
  it('applies tax', () => {
    cart.add(sampleItem);
    expect(cart.total() * (1 + TAX_RATE)).toBeCloseTo(2.4);
  });

  // Look-alike that stays quiet: assigned and read within the same test.
  it('keeps a local total', () => {
    let total = 0;
    total += sampleItem.price;
    expect(total).toBe(2);
  });
});

describe('cart environment', () => {
  it('reads the currency from the environment', () => {
    // Intended finding: shared-mutable-state — never restored, so every later test sees EUR.
    process.env.CURRENCY = 'EUR';
    expect(process.env.CURRENCY).toBe('EUR');
  });

  it('looks users up', async () => {
    // Intended finding: shared-mutable-state — the spy stays on `db.findUser` for the tests after this one.
    jest.spyOn(db, 'findUser').mockResolvedValue({ id: 1, email: 'ada@example.com' });
    expect(await db.findUser({} as never, 'ada@example.com')).toEqual({ id: 1, email: 'ada@example.com' });
  });

  // Look-alike that stays quiet: the spy is restored by the test itself.
  it('formats prices', () => {
    const spy = jest.spyOn(Intl, 'NumberFormat');
    expect(new Cart().total()).toBe(0);
    spy.mockRestore();
  });

  // Look-alike that stays quiet: the variable is restored in `finally`.
  it('uses UTC', () => {
    const previous = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      expect(new Date(0).getUTCHours()).toBe(0);
    } finally {
      process.env.TZ = previous;
    }
  });
});
