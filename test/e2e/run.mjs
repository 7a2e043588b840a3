// `npm run test:e2e`: the packaged extension in a real VS Code (code-server in Chromium) and the standalone
// server in headless Neovim and Emacs, all against a copy of examples/. Needs scripts/e2e-setup.sh first.
// Artifacts (screenshots, logs) go to .e2e/runs/<time>/. The last line is "N passed, N failed".
//   E2E_SUITES=neovim,emacs,api,ui   run only some suites        E2E_SKIP_PACKAGE=1  reuse the newest .vsix
//   E2E_BREAK_SERVER=1   replace the server with one that exits at start: the suite must fail (self-check)
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CodeServer, codeServerEntry, isolatedEnv, toolsDir, CHROMIUM_PATH } from './lib/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const started = Date.now();
const suites = (process.env.E2E_SUITES ?? 'neovim,emacs,api,ui').split(',').map((s) => s.trim()).filter(Boolean);
const breakServer = process.env.E2E_BREAK_SERVER === '1';
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const runDir = resolve(process.env.E2E_RUN_DIR ?? join(repo, '.e2e', 'runs', stamp));
// Editor state and workspace copies live outside the repository: a workspace inside a git-ignored folder
// (.e2e/) would have all its files ignored by the workspace scan.
const stateDir = mkdtempSync(join(tmpdir(), 'test-layers-e2e-'));
const screenshots = join(runDir, 'screenshots');
const logs = join(runDir, 'logs');
for (const dir of [screenshots, logs]) mkdirSync(dir, { recursive: true });

let passed = 0;
let failed = 0;
const timings = [];
const log = (message) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
const fail = (name, detail) => { failed++; console.log(`FAIL ${name}${detail ? ' ' + detail : ''}`); };

function finish() {
  for (const [name, seconds] of timings) log(`${name}: ${seconds.toFixed(1)}s`);
  log(`artifacts: ${runDir}`);
  if (process.env.E2E_KEEP_STATE === '1') log(`editor state kept in ${stateDir}`);
  else rmSync(stateDir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

/** Runs one suite process; counts its PASS/FAIL lines; a crash, a timeout or no PASS at all is a failure. */
function runSuite(name, command, args, { env, cwd = repo, timeoutMs }) {
  return new Promise((resolveSuite) => {
    const t0 = Date.now();
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let own = { passed: 0, failed: 0 };
    let buffered = '';
    const logFile = join(logs, `${name}.log`);
    const lines = [];
    const onLine = (line) => {
      lines.push(line);
      if (/^PASS /.test(line)) own.passed++;
      else if (/^FAIL /.test(line)) own.failed++;
      if (/^(PASS|FAIL) /.test(line) || process.env.E2E_VERBOSE === '1') console.log(line);
    };
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop();
      parts.forEach(onLine);
    });
    const stderr = [];
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    const timer = setTimeout(() => {
      onLine(`FAIL ${name}: no result within ${timeoutMs / 1000} s`);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (buffered) onLine(buffered);
      writeFileSync(logFile, `${lines.join('\n')}\n--- stderr ---\n${Buffer.concat(stderr).toString()}`);
      // Children of the suite (a language server it started) must not outlive it.
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      if (code !== 0 && own.failed === 0) { own.failed++; console.log(`FAIL ${name}: exited with ${code} (log: ${logFile})`); }
      if (code === 0 && own.passed === 0) { own.failed++; console.log(`FAIL ${name}: reported no checks (log: ${logFile})`); }
      passed += own.passed;
      failed += own.failed;
      timings.push([name, (Date.now() - t0) / 1000]);
      resolveSuite(own);
    });
  });
}

function timed(name, fn) {
  const t0 = Date.now();
  const result = fn();
  timings.push([name, (Date.now() - t0) / 1000]);
  return result;
}

/** The README's own set-up code for an editor: the first fenced `language` block whose lead-in text names the editor. */
function readmeSnippet(editor, language) {
  const readme = existsSync(join(repo, 'README.md')) ? readFileSync(join(repo, 'README.md'), 'utf8') : '';
  const fence = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm');
  let previousEnd = 0;
  for (let match; (match = fence.exec(readme));) {
    const leadIn = readme.slice(previousEnd, match.index);
    if (new RegExp(`\\b${editor}\\b`).test(leadIn)) return match[1];
    previousEnd = match.index + match[0].length;
  }
  return undefined;
}

/** Writes the README's set-up for `editor` to `file`; a README without one fails the suite. */
function writeSetup(editor, language, file) {
  const snippet = readmeSnippet(editor, language);
  if (!snippet) {
    fail(`${editor} set-up`, `README.md has no \`\`\`${language} block introduced by "${editor}"`);
    return undefined;
  }
  writeFileSync(file, snippet);
  return file;
}

/** Stand-ins for the examples' test runners (not installed): each records the argument list it was started with. */
function installRunnerStubs(workspace) {
  // Beside the workspace, not in it: the Explorer in the screenshots shows only the examples.
  const calls = `${workspace}.runner-calls.jsonl`;
  for (const [pkg, binName, binPath] of [['jest', 'jest', 'bin/jest.js'], ['@playwright/test', 'playwright', 'cli.js'], ['cypress', 'cypress', 'bin/cypress']]) {
    const dir = join(workspace, 'node_modules', pkg);
    mkdirSync(dirname(join(dir, binPath)), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: pkg, version: '0.0.0-e2e', bin: { [binName]: binPath } }));
    writeFileSync(join(dir, binPath), `#!/usr/bin/env node
const record = { runner: ${JSON.stringify(binName)}, argv: process.argv.slice(2), cwd: process.cwd() };
require('fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify(record) + '\\n');
console.log('${binName} (e2e stand-in) received ' + JSON.stringify(record.argv));
`);
    chmodSync(join(dir, binPath), 0o755);
    mkdirSync(join(workspace, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join('..', pkg, binPath), join(workspace, 'node_modules', '.bin', binName));
  }
}

function copyExamples(name) {
  const target = join(stateDir, name);
  cpSync(join(repo, 'examples'), target, { recursive: true, filter: (src) => !src.includes(`${'/'}node_modules`) });
  return target;
}

function newestVsix() {
  const files = readdirSync(repo).filter((f) => f.endsWith('.vsix')).map((f) => join(repo, f));
  files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0];
}

process.on('SIGINT', () => { fail('interrupted'); finish(); });
process.on('SIGTERM', () => { fail('terminated'); finish(); });

// ---------------------------------------------------------------------------------------------------------------
const tools = toolsDir();
const needsCodeServer = suites.includes('api') || suites.includes('ui');
if (needsCodeServer && (!existsSync(codeServerEntry(tools)) || !existsSync(CHROMIUM_PATH))) {
  fail('setup', `code-server or Chromium missing (tools: ${tools}); run scripts/e2e-setup.sh first`);
  finish();
}
log(`suites: ${suites.join(', ')}; run folder ${runDir}`);

// The standalone server as a user installs it: `test-layers-lsp` on PATH (what `npm install -g` / `npm link` do).
const binDir = join(stateDir, 'bin');
mkdirSync(binDir, { recursive: true });
// Packaging builds dist/ too, so the editors below all get the same fresh server.
let vsix = process.env.E2E_VSIX;
if (needsCodeServer) {
  if (!vsix && process.env.E2E_SKIP_PACKAGE !== '1') {
    const packaged = timed('package', () => spawnSync('npm', ['run', 'package'], { cwd: repo, encoding: 'utf8', env: process.env }));
    writeFileSync(join(logs, 'package.log'), `${packaged.stdout}\n${packaged.stderr}`);
    if (packaged.status !== 0) { fail('npm run package', `exited with ${packaged.status} (log: ${join(logs, 'package.log')})`); finish(); }
  }
  vsix ??= newestVsix();
  if (!vsix) { fail('package', 'no .vsix found in the repository root'); finish(); }
  log(`extension: ${vsix}`);
} else if (process.env.E2E_SKIP_PACKAGE !== '1') {
  const built = timed('bundle', () => spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, encoding: 'utf8' }));
  if (built.status !== 0) { fail('node esbuild.mjs', built.stderr); finish(); }
}
if (breakServer) {
  writeFileSync(join(binDir, 'test-layers-lsp'), '#!/bin/sh\necho "broken server for the e2e self-check" >&2\nexit 1\n');
  chmodSync(join(binDir, 'test-layers-lsp'), 0o755);
} else {
  symlinkSync(join(repo, 'bin', 'test-layers-lsp.js'), join(binDir, 'test-layers-lsp'));
}
const home = join(stateDir, 'home');
const baseEnv = { ...isolatedEnv(home), PATH: `${binDir}:${process.env.PATH}`, TEST_LAYERS_E2E_TOOLS: tools,
  E2E_SCREENSHOTS: screenshots, E2E_REPO: repo };

if (suites.includes('neovim')) {
  const workspace = copyExamples('ws-neovim');
  const setup = writeSetup('Neovim', 'lua', join(stateDir, 'neovim-setup.lua'));
  if (setup) await runSuite('neovim', 'nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${join(here, 'neovim.lua')}`],
    { env: { ...baseEnv, E2E_WORKSPACE: workspace, E2E_NVIM_SETUP: setup }, cwd: workspace, timeoutMs: 90_000 });
}
if (suites.includes('emacs')) {
  const workspace = copyExamples('ws-emacs');
  const setup = writeSetup('Emacs', '(?:elisp|emacs-lisp|lisp)', join(stateDir, 'emacs-setup.el'));
  if (setup) await runSuite('emacs', 'emacs', ['--batch', '-l', join(here, 'emacs.el')],
    { env: { ...baseEnv, E2E_WORKSPACE: workspace, E2E_EMACS_SETUP: setup }, cwd: workspace, timeoutMs: 90_000 });
}

if (needsCodeServer) {
  // TEST_LAYERS_ALLOW_CRASH reaches the extension host and the server it starts: the server's test-only crash
  // command and the extension's test hooks exist only then.
  const server = new CodeServer({ stateDir: join(stateDir, 'code-server'), port: Number(process.env.E2E_PORT ?? 8790 + (process.pid % 100)), tools,
    extraEnv: { TEST_LAYERS_ALLOW_CRASH: '1' } });
  process.on('exit', () => server.stop());
  try {
    timed('install extension', () => server.installExtension(vsix));
    // A fresh extensions dir: the one folder in it is the extension just installed.
    const installed = readdirSync(server.extensionsDir, { withFileTypes: true }).find((d) => d.isDirectory())?.name;
    if (!installed) throw new Error(`extension not found in ${server.extensionsDir} after install`);
    const extensionPath = join(server.extensionsDir, installed);
    if (breakServer) writeFileSync(join(extensionPath, 'dist', 'server.js'), 'console.error("broken server for the e2e self-check"); process.exit(1);\n');
    const t0 = Date.now();
    await server.start(join(logs, 'code-server.log'));
    timings.push(['code-server start', (Date.now() - t0) / 1000]);
    log(`code-server ready at ${server.url}`);
    const env = { ...server.env, PATH: baseEnv.PATH, TEST_LAYERS_E2E_TOOLS: tools, E2E_SCREENSHOTS: screenshots,
      E2E_REPO: repo, CS_URL: server.url, E2E_EXTENSION_PATH: extensionPath };
    if (suites.includes('api')) {
      const workspace = copyExamples('ws-api');
      installRunnerStubs(workspace);
      await runSuite('vscode-api', process.execPath, [join(here, 'vscode-api.mjs')],
        { env: { ...env, E2E_WORKSPACE: workspace }, timeoutMs: 600_000 });
    }
    if (suites.includes('ui')) {
      const workspace = copyExamples('ws-ui');
      installRunnerStubs(workspace);
      // The pyramid must show what the CLI counts for the same folder.
      const cli = spawnSync(process.execPath, [join(repo, 'bin', 'test-layers.js'), workspace, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const summary = cli.status === 0 ? JSON.parse(cli.stdout).summary : undefined;
      if (!summary) fail('CLI summary of the examples', cli.stderr);
      await runSuite('vscode-ui', process.execPath, [join(here, 'vscode-ui.mjs')],
        { env: { ...env, E2E_WORKSPACE: workspace, E2E_EXPECTED_SUMMARY: JSON.stringify(summary ?? {}) }, timeoutMs: 900_000 });
    }
  } catch (error) {
    fail('code-server', error instanceof Error ? error.message : String(error));
  } finally {
    server.stop();
  }
}
finish();
