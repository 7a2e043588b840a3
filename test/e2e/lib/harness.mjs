// Shared pieces of the end-to-end suite: tool lookup, an isolated code-server in its own process group,
// Chromium through playwright-core, condition waits with deadlines, and PASS/FAIL reporting.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';

/** Folder where scripts/e2e-setup.sh installed code-server and playwright-core. */
export function toolsDir() {
  return process.env.TEST_LAYERS_E2E_TOOLS ?? join(process.env.TEST_LAYERS_E2E_REAL_HOME ?? homedir(), '.cache', 'test-layers-e2e');
}

export function codeServerEntry(tools = toolsDir()) {
  return join(tools, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function loadPlaywright(tools = toolsDir()) {
  return createRequire(join(tools, 'package.json'))('playwright-core');
}

export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
// Without the networking flags Chromium tries to reach Google hosts; the sandbox needs user namespaces CI lacks.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(tools = toolsDir()) {
  return loadPlaywright(tools).chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Polls `condition` until it returns a truthy value or the deadline passes; returns the last value. */
export async function waitFor(condition, { timeoutMs = 30_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value;
    try { value = await condition(); } catch { value = undefined; }
    if (value || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  // The examples' dependencies are not installed: keep the built-in TypeScript checker from
  // filling the Problems panel with unresolved imports, and from fetching @types from the registry.
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'terminal.integrated.enablePersistentSessions': false,
  'files.hotExit': 'off',
  'editor.codeLens': true,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
};

/**
 * An isolated code-server: its own user-data and extensions dirs, HOME/XDG inside `stateDir`, loopback only,
 * no auth, started with setsid so that stopping it also stops its extension host and language server.
 */
export class CodeServer {
  constructor({ stateDir, port, tools = toolsDir(), log = () => {}, extraEnv = {} }) {
    this.stateDir = stateDir;
    this.extraEnv = extraEnv;
    this.port = port;
    this.tools = tools;
    this.log = log;
    this.dataDir = join(stateDir, 'data');
    this.extensionsDir = join(stateDir, 'extensions');
    this.home = join(stateDir, 'home');
    this.url = `http://127.0.0.1:${port}`;
    this.child = undefined;
    for (const dir of [join(this.dataDir, 'User'), this.extensionsDir, this.home]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(this.dataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  }

  get env() {
    return { ...isolatedEnv(this.home), ...this.extraEnv };
  }

  baseArgs() {
    return [codeServerEntry(this.tools), '--config', '/dev/null', '--user-data-dir', this.dataDir,
      '--extensions-dir', this.extensionsDir];
  }

  installExtension(vsix) {
    const result = spawnSync(process.execPath, [...this.baseArgs(), '--install-extension', vsix],
      { env: this.env, encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`--install-extension failed (${result.status}): ${result.stderr || result.stdout}`);
  }

  async start(logFile) {
    const { openSync } = await import('node:fs');
    const out = openSync(logFile, 'a');
    // detached: setsid(), so the whole tree shares a process group we can signal at once.
    this.child = spawn(process.execPath, [...this.baseArgs(), '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--ignore-last-opened'],
    { env: this.env, detached: true, stdio: ['ignore', out, out] });
    const exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(`exited with ${code}`)));
    const healthy = await waitFor(async () => {
      const res = await fetch(`${this.url}/healthz`).catch(() => undefined);
      return res?.ok ? 'ok' : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200 });
    if (healthy !== 'ok') {
      const why = await Promise.race([exited, Promise.resolve('no /healthz answer within 60 s')]);
      this.stop();
      throw new Error(`code-server did not start: ${why} (log: ${logFile})`);
    }
  }

  /** SIGTERM to the whole process group, then SIGKILL for whatever is left. */
  stop() {
    const pid = this.child?.pid;
    if (!pid) return;
    this.child = undefined;
    killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + 3000;
    while (groupAlive(pid) && Date.now() < deadline) spawnSync('sleep', ['0.1']);
    if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
  }
}

export function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* group already gone */ }
}

export function groupAlive(pid) {
  try { process.kill(-pid, 0); return true; } catch { return false; }
}

/** Environment with HOME and XDG folders redirected, so nothing is written to the real home. */
export function isolatedEnv(home) {
  for (const dir of ['.config', '.cache', '.local/share']) mkdirSync(join(home, dir), { recursive: true });
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    TEST_LAYERS_E2E_REAL_HOME: process.env.TEST_LAYERS_E2E_REAL_HOME ?? homedir(),
  };
}

/** Collects PASS/FAIL lines; `summary()` is the last line a suite prints. */
export class Checks {
  constructor(prefix = '') {
    this.prefix = prefix;
    this.passed = 0;
    this.failed = 0;
    this.t0 = Date.now();
  }

  elapsed() {
    return `${((Date.now() - this.t0) / 1000).toFixed(1)}s`;
  }

  pass(name, detail = '') {
    this.passed++;
    console.log(`PASS ${this.prefix}${name} [${this.elapsed()}]${detail ? ' ' + detail : ''}`);
  }

  fail(name, detail = '') {
    this.failed++;
    console.log(`FAIL ${this.prefix}${name} [${this.elapsed()}]${detail ? ' ' + detail : ''}`);
  }

  check(ok, name, detail = '') {
    (ok ? this.pass : this.fail).call(this, name, detail);
    return ok;
  }

  summary() {
    return `${this.passed} passed, ${this.failed} failed`;
  }
}

export function requireFile(path, hint) {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
  return path;
}
