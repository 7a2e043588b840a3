import { test, expect } from '@playwright/test';

test.describe('checkout', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
  });

  test('adds an item to the cart', async ({ page }) => {
    await page.getByRole('button', { name: 'Add to cart' }).click();
    // Intended finding: fixed-sleep — a fixed wait instead of a web-first assertion.
    await page.waitForTimeout(1000);
    await expect(page.getByTestId('cart-count')).toHaveText('1');
  });

  // Look-alike that stays quiet: a retrying assertion waits exactly as long as needed.
  test('shows the total', async ({ page }) => {
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByTestId('cart-total')).toHaveText('€2.50');
    await expect.poll(async () => page.getByTestId('cart-count').textContent()).toBe('1');
  });

  // Intended finding: skipped-test (info) — quarantined with fixme.
  test.fixme('pays with a saved card', async ({ page }) => {
    await page.getByRole('button', { name: 'Pay' }).click();
  });
});
