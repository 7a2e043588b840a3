// Runs test/e2e/extension/index.js inside code-server's extension host through VS Code's extension-test entry
// point: the workbench reads a `payload` query parameter (extensionDevelopmentPath + extensionTestsPath) and calls
// window.codeAutomationExit(code) when run() settles. The extension under test is the one installed from the .vsix.
// env: CS_URL, E2E_WORKSPACE, E2E_EXTENSION_PATH, E2E_SCREENSHOTS; optional E2E_TESTS_PATH.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, Checks } from './lib/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.CS_URL;
const host = new URL(base).host;
const workspace = process.env.E2E_WORKSPACE;
const extensionPath = process.env.E2E_EXTENSION_PATH;
const testsPath = process.env.E2E_TESTS_PATH ?? join(here, 'extension', 'index.js');
const screenshots = process.env.E2E_SCREENSHOTS;
const timeoutMs = Number(process.env.E2E_API_TIMEOUT_MS ?? 480_000);
const checks = new Checks('api: ');

const browser = await launchChromium();
let exitCode;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const seen = new Set();
  // The extension host's console reaches the page console; the payload prints one PASS/FAIL line per check.
  const relay = (text) => {
    for (const line of String(text).split('\n')) {
      const match = /(PASS|FAIL) api: (.*)$/.exec(line);
      // Each line can arrive twice (page console and codeAutomationLog): count a check once.
      if (!match || seen.has(match[2])) continue;
      seen.add(match[2]);
      console.log(`${match[1]} api: ${match[2]}`);
      if (match[1] === 'PASS') checks.passed++; else checks.failed++;
    }
  };
  page.on('console', (message) => relay(message.text()));
  page.on('pageerror', (error) => console.error('pageerror:', error.message));
  const done = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationLog', (_type, args) => relay((args ?? []).join(' ')));
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${host}${extensionPath}`],
    ['extensionTestsPath', `vscode-remote://${host}${testsPath}`],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ]);
  await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`,
    { waitUntil: 'domcontentloaded', timeout: 120_000 });
  exitCode = await Promise.race([done, new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs))]);
  if (screenshots) await page.screenshot({ path: join(screenshots, `api-${exitCode === 0 ? 'end' : 'FAILED'}.png`) }).catch(() => {});
} finally {
  await browser.close();
}
// The payload's own FAIL lines already count; a run that ends badly without one is a failure of its own.
if (exitCode !== 0 && checks.failed === 0) checks.fail('extension test run', `ended with ${exitCode}`);
console.log(checks.summary());
process.exit(checks.failed === 0 ? 0 : 1);
