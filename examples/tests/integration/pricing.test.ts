import { Cart } from '../../src/cart';
import * as db from '../../src/db';

jest.mock('../../src/db');

// Intended finding: layer-mismatch — declared integration by its folder, but every dependency is mocked.
describe('pricing with stored carts', () => {
  it('totals a stored cart', async () => {
    jest.mocked(db.findUser).mockResolvedValue({ id: 1, email: 'x@example.com' });
    const cart = new Cart();
    cart.add({ sku: 'a', price: 3, quantity: 1 });
    expect(cart.total()).toBe(3);
  });
});
