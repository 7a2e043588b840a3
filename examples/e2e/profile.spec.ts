import { test, expect } from '@playwright/test';

// Intended finding: retry-band-aid (info) — retries hide the flakiness of every test in this suite.
test.describe.configure({ retries: 2 });

test.describe('profile', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/profile');
  });

  test('saves the display name', async ({ page }) => {
    await page.getByLabel('Display name').fill('Ada');
    // Intended finding: missing-await — the click races the assertion below (`--fix` adds `await`).
    page.getByRole('button', { name: 'Save' }).click();
    // Intended finding: missing-await — a web-first assertion that is never awaited cannot fail the test.
    expect(page.getByText('Saved')).toBeVisible();
  });

  // Look-alikes that stay quiet: awaited actions and assertions, a promise handed to an awaited Promise.all.
  test('uploads an avatar', async ({ page }) => {
    await Promise.all([page.waitForResponse('**/api/avatar'), page.getByRole('button', { name: 'Upload' }).click()]);
    await expect(page.getByTestId('avatar')).toBeVisible();
    const title = await page.title();
    expect(title).toBe('Profile');
  });

  test('lists recent orders', async ({ page }) => {
    // Intended finding: brittle-selector (info) — a 3-level `>` chain breaks when a wrapper is added.
    await expect(page.locator('main > div > ul')).toBeVisible();
    // Intended finding: brittle-selector (info) — selects by position.
    await page.locator('.order:nth-child(2)').click();
    // Look-alikes that stay quiet: role, test id, id and a short path inside a test id.
    await expect(page.getByRole('heading', { name: 'Order 2' })).toBeVisible();
    await expect(page.locator('[data-testid="orders"] li:first-child')).toHaveText('Order 1');
    await expect(page.locator('#order-total')).toHaveText('€12.00');
  });

  // Look-alike that stays quiet: end-to-end tests may call their own deployment over the network.
  test('serves the public profile API', async ({ request }) => {
    const response = await fetch('https://shop.example.com/api/profile/ada');
    expect(response.ok).toBe(true);
    await expect(await request.get('/api/profile/ada')).toBeOK();
  });
});
