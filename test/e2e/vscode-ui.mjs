// Drives the real VS Code workbench (code-server) in Chromium with playwright-core, through keyboard and mouse
// only, on a copy of examples/ with the packaged extension installed. One PASS/FAIL line per check;
// a screenshot after each step and on every failure (E2E_SCREENSHOTS).
// env: CS_URL, E2E_WORKSPACE, E2E_SCREENSHOTS.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, waitFor, Checks } from './lib/harness.mjs';

const base = process.env.CS_URL;
const workspace = process.env.E2E_WORKSPACE;
const screenshots = process.env.E2E_SCREENSHOTS;
const checks = new Checks('ui: ');
let shotIndex = 0;

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
// Generous deadlines: they cost nothing when the editor is quick, and a busy 2-core machine is not.
page.setDefaultTimeout(60_000);
page.on('pageerror', (error) => console.error('pageerror:', error.message));

async function screenshot(name) {
  if (!screenshots) return;
  shotIndex++;
  const file = join(screenshots, `ui-${String(shotIndex).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }).catch((error) => console.error(`screenshot ${file}: ${error.message}`));
}

/** False once the first lenses never came: the later steps would only wait out their deadlines. */
let serverAnswers = true;

/** Runs a step; an exception fails it (with a screenshot) without stopping the remaining steps. */
async function step(name, fn) {
  if (!serverAnswers) {
    checks.fail(`${name}: not run, the language server never answered`);
    return;
  }
  try {
    await fn();
    await screenshot(name);
  } catch (error) {
    checks.fail(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    await screenshot(`FAIL-${name}`);
    await page.keyboard.press('Escape').catch(() => {});
  }
}

/** Waits for a locator to be visible; returns whether it showed up before the deadline. */
async function visible(locator, timeout = 60_000) {
  return locator.first().waitFor({ state: 'visible', timeout }).then(() => true, () => false);
}

async function quickInput(shortcut, text) {
  await page.keyboard.press(shortcut);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
}

/** Opens a file by clicking through the Explorer tree (Quick Open's file search is slow on a busy machine). */
async function openFile(relative) {
  const parts = relative.split('/');
  for (const [i, part] of parts.entries()) {
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${i + 1}"]`, {
      has: page.locator('.label-name', { hasText: new RegExp(`^${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
    }).first();
    await row.waitFor();
    const isFolder = i < parts.length - 1;
    if (!isFolder) await row.click();
    else if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  const name = parts.at(-1);
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  // Keyboard focus to the editor for the shortcuts that follow.
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 600, y: 5 } });
}

/** Go to Line/Column (Ctrl+G), which leaves the cursor there with the editor focused. */
async function goTo(line, column = 1) {
  await quickInput('Control+G', `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function runCommand(title) {
  await quickInput('Control+Shift+P', `>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

function runnerCalls() {
  const file = `${workspace}.runner-calls.jsonl`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const lens = (text) => page.locator('.editor-instance .codelens-decoration a', { hasText: text });
const problemRow = (text) => page.locator('.markers-panel .monaco-list-row', { hasText: text });

try {
  await step('workbench', async () => {
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    checks.check(await visible(page.locator('.explorer-folders-view .monaco-list-row'), 90_000), 'workbench loads the examples folder');
  });

  await step('lenses-and-problems', async () => {
    await openFile('e2e/checkout.spec.ts');
    serverAnswers = checks.check(await visible(lens('E2E 3'), 120_000), 'summary lens "E2E 3" above the suite');
    if (!serverAnswers) return;
    checks.check(await visible(lens('▶ Run E2E')), 'run lens "▶ Run E2E" beside it');
    await waitFor(async () => (await lens(/^E2E — /).count()) >= 3, { timeoutMs: 30_000 });
    checks.check(await lens(/^E2E — .*page\.goto/).count() >= 3, 'per-test lens "E2E — …page.goto…" on each of the 3 tests',
      `${await lens(/^E2E — /).count()} found`);
    await page.keyboard.press('Control+Shift+M');
    const sleep = problemRow('page.waitForTimeout(1000)');
    checks.check(await visible(sleep) && /fixed-sleep/.test(await sleep.first().innerText()),
      'Problems panel lists the fixed-sleep finding with its rule id', await sleep.first().innerText().catch(() => 'no row'));
    const skipped = problemRow('test.fixme');
    checks.check(await visible(skipped) && /skipped-test/.test(await skipped.first().innerText()),
      'Problems panel lists the skipped-test finding with its rule id');
    checks.check(await page.locator('.editor-instance .squiggly-warning').count() > 0, 'warning squiggle in the editor');
  });

  await step('hover', async () => {
    // Monaco renders spaces as U+00A0, which \s matches.
    const title = page.locator('.editor-instance .view-line span span', { hasText: /^'adds\san\sitem\sto\sthe\scart'$/ });
    await title.first().hover();
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents', { hasText: 'E2E' });
    const shown = await visible(hover, 30_000);
    const text = shown ? await hover.first().innerText() : '';
    checks.check(shown && /page\.goto/.test(text), 'hover on a test title shows its layer (E2E) and evidence (page.goto)', JSON.stringify(text.slice(0, 200)));
  });

  await step('run-lens', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
    await lens('▶ Run E2E').first().click();
    const call = await waitFor(() => runnerCalls().find((c) => c.runner === 'playwright'), { timeoutMs: 60_000 });
    const argv = call?.argv ?? [];
    checks.check(argv[0] === 'test' && argv.some((a) => a.endsWith('e2e/checkout.spec.ts')),
      'clicking "▶ Run E2E" starts `playwright test` on e2e/checkout.spec.ts', JSON.stringify(argv));
    const names = argv.join(' ');
    checks.check(['adds an item to the cart', 'shows the total', 'pays with a saved card'].every((n) => names.includes(n)),
      'the run selects the file\'s 3 E2E tests by name', JSON.stringify(argv));
    checks.check(await visible(page.locator('.terminal-wrapper, .xterm')), 'the run shows in a terminal');
  });

  await step('quick-fix', async () => {
    await openFile('tests/unit/cart.test.ts');
    await page.locator('.editor-instance .squiggly-error').first().waitFor();
    // The light bulb follows the cursor: put it inside `.only`, after the diagnostic is there.
    await goTo(12, 7);
    const bulb = page.locator('.editor-instance .lightBulbWidget');
    const bulbShown = await visible(bulb, 30_000);
    checks.check(bulbShown, 'light bulb appears on the focused test');
    // Open the menu with Quick Fix (Ctrl+.) at the cursor: clicking the bulb races its move to the cursor's line, and a
    // bulb still drawn for another line opens that line's actions (TypeScript's "Move to file").
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: "Remove the focus from 'merges the same item'" });
    checks.check(await visible(item, 30_000), 'its menu offers "Remove the focus from \'merges the same item\'"');
    await screenshot('quick-fix-menu');
    // The preferred fix comes first and is focused: accept it from the keyboard, as the menu's own hint says.
    const focused = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Remove the focus' });
    if (await visible(focused, 5_000)) await page.keyboard.press('Enter'); else await item.first().click({ force: true });
    await page.keyboard.press('Control+S');
    const file = join(workspace, 'tests', 'unit', 'cart.test.ts');
    const fixed = await waitFor(() => {
      const text = readFileSync(file, 'utf8');
      return text.includes("  it('merges the same item', () => {") && !text.includes('it.only(');
    }, { timeoutMs: 30_000 });
    checks.check(fixed, 'the quick fix turns it.only( into it( in the saved file');
    checks.check(await waitFor(async () => (await problemRow('focuses the test').count()) === 0, { timeoutMs: 30_000 }),
      'the focused-test finding leaves the Problems panel');
  });

  await step('pyramid', async () => {
    // Room for the report: hide the panel (the terminal of the run above).
    if (await page.locator('.part.panel').isVisible()) {
      await page.keyboard.press('Control+J');
      await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
    }
    await runCommand('Test Layers: Show Test Pyramid');
    checks.check(await visible(page.locator('.tabs-container .tab', { hasText: /Pyramid/i })), 'Show Test Pyramid opens its tab');
    const expected = JSON.parse(process.env.E2E_EXPECTED_SUMMARY ?? '{}');
    const wanted = [`${expected.tests} tests in`, ...['Unit', 'Integration', 'E2E'].map((title) =>
      `${title} ${expected.layers?.[title === 'E2E' ? 'e2e' : title.toLowerCase()]} ·`)];
    const body = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('body');
    // The view refreshes itself when the background scan of the workspace ends.
    const counted = await waitFor(async () => {
      const text = (await body.innerText({ timeout: 2_000 })).replace(/\u00a0/g, ' ');
      return wanted.every((w) => text.includes(w)) && !text.includes('scanning');
    }, { timeoutMs: 180_000, intervalMs: 500 });
    checks.check(counted, `the pyramid shows the CLI's counts: ${wanted.join(' | ')}`,
      counted ? '' : JSON.stringify((await body.innerText({ timeout: 2_000 }).catch(() => '')).slice(0, 300)));
  });

  await step('edit-diagnostic', async () => {
    await openFile('e2e/checkout.spec.ts');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor();
    await goTo(18);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    // Typed key by key like a user; auto-closed brackets are typed over.
    await page.keyboard.type('await page.waitForTimeout(500);');
    const typedAt = Date.now();
    const appeared = await visible(problemRow('page.waitForTimeout(500)'), 5_000);
    const ms = Date.now() - typedAt;
    checks.check(appeared && ms <= 2000, 'after typing page.waitForTimeout(500) its fixed-sleep diagnostic shows within 2 s', `${ms} ms`);
  });
} finally {
  await browser.close();
}
console.log(checks.summary());
process.exit(checks.failed === 0 && checks.passed > 0 ? 0 : 1);
