import { test, expect } from '@playwright/test';

test.describe('search', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/search');
    // Intended finding: unreliable-wait — the results page polls for suggestions, so it is never idle for 500 ms.
    await page.waitForLoadState('networkidle');
  });

  test('shows results for a query', async ({ page }) => {
    // Look-alike that stays quiet: static content read before any action.
    expect(await page.title()).toBe('Search');
    await page.getByRole('searchbox').fill('lamp');
    // Look-alike that stays quiet: reading back the value the fill just set.
    expect(await page.getByRole('searchbox').inputValue()).toBe('lamp');
    await page.getByRole('button', { name: 'Search' }).click();
    // Intended finding: non-retrying-assertion — read once right after the click (fix: `await expect(…).toBeVisible()`).
    expect(await page.getByTestId('results').isVisible()).toBe(true);
    // Intended finding: non-retrying-assertion — the count is read once; `toHaveCount` would wait for the list.
    expect(await page.getByRole('listitem').count()).toBe(3);
  });

  test('filters by price', async ({ page }) => {
    await page.getByLabel('Max price').fill('50');
    await page.getByRole('button', { name: 'Apply' }).click();
    // Look-alikes that stay quiet: a retrying assertion re-synchronises, then reads are in step with the page.
    await expect(page.getByTestId('results')).toContainText('lamp');
    expect(await page.getByRole('listitem').count()).toBe(2);
    await page.getByRole('button', { name: 'Next page' }).click();
    // Look-alike that stays quiet: the read is polled.
    await expect.poll(() => page.getByRole('listitem').count()).toBe(1);
  });

  test('opens a result', async ({ page }) => {
    await page.getByRole('link', { name: 'Desk lamp' }).click();
    // Intended finding: unreliable-wait — awaited after the click, it can miss a fast navigation.
    await page.waitForNavigation();
    // Intended finding: unreliable-wait — the element shows up before its price is filled in.
    const price = await page.waitForSelector('.price');
    expect(await price.textContent()).toBe('€49');
  });

  test('adds a result to the wishlist', async ({ page }) => {
    // Intended finding: forced-action — clicks even while the heart icon is still covered by the toast.
    await page.getByRole('button', { name: 'Add to wishlist' }).click({ force: true });
    // Look-alikes that stay quiet: a plain click, and a wait started together with the click.
    await Promise.all([page.waitForResponse('**/api/wishlist'), page.getByRole('button', { name: 'Undo' }).click()]);
    await expect(page.getByRole('status')).toHaveText('Removed');
    // Intended finding: debug-leftover (error) — stops the test in the Playwright Inspector.
    await page.pause();
  });
});
