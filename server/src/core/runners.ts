import type { Framework } from './types';

/**
 * Which runner runs a test file, and the exact argument array that runs chosen tests of it. Pure: the caller
 * (the editor's run-by-layer, `test-layers run`) gathers the package facts and spawns the command with `shell: false`.
 * Per-runner limits are documented in docs/ci/runners.md.
 */

export type RunnerKind = 'jest' | 'vitest' | 'mocha' | 'node:test' | 'playwright' | 'cypress';
export const RUNNER_KINDS: readonly RunnerKind[] = ['jest', 'vitest', 'mocha', 'node:test', 'playwright', 'cypress'];

/** What is known about one package folder: its package.json and the names of runner config files in it. */
export interface PackageFacts {
  dir: string;
  packageJson?: any;
  files: string[];
}

export interface RunnerInfo {
  kind: RunnerKind;
  packageDir: string;
  /**
   * The runner's entry script (a `.js`/`.cjs`/`.mjs` file or any file under `node_modules`, run with `node`) or an
   * executable; default `npx --no-install <runner>`.
   */
  bin?: string;
}

/** Tests of one file to run; empty `fullNames` runs the whole file. */
export interface TestSelection {
  file: string;
  fullNames: string[];
  /** The tests' own names, same order as `fullNames`; only node:test before Node 22 needs them. */
  names?: string[];
  /**
   * Same order as `fullNames`: true for a name formatted at run time (`.each` tables, template-literal titles), whose
   * placeholders (`%s`, `$name`, `${expr}`) then match anything. Other names are matched literally.
   */
  dynamic?: boolean[];
}

export interface RunCommand {
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
}

export interface BuildOptions {
  /** Node version that will run node:test (default: this process's); Node 22 matches patterns against full names. */
  nodeVersion?: string;
}

/** Config file names that identify a runner, checked in a package folder. */
export const RUNNER_CONFIG_FILES: Record<RunnerKind, readonly string[]> = {
  jest: configNames('jest.config', ['js', 'ts', 'mjs', 'cjs', 'mts', 'cts', 'json']),
  vitest: [...configNames('vitest.config', ['js', 'ts', 'mjs', 'cjs', 'mts', 'cts']), ...configNames('vitest.workspace', ['js', 'ts', 'mjs', 'json'])],
  mocha: ['.mocharc', '.mocharc.js', '.mocharc.cjs', '.mocharc.mjs', '.mocharc.json', '.mocharc.jsonc', '.mocharc.yml', '.mocharc.yaml'],
  'node:test': [],
  playwright: configNames('playwright.config', ['js', 'ts', 'mjs', 'cjs', 'mts', 'cts']),
  cypress: [...configNames('cypress.config', ['js', 'ts', 'mjs', 'cjs', 'mts', 'cts']), 'cypress.json'],
};

/** Every config file name worth checking for in a package folder. */
export const ALL_RUNNER_CONFIG_FILES: readonly string[] = Object.values(RUNNER_CONFIG_FILES).flat();

/** The npm package that provides each runner's command line, and the name of its bin. */
export const RUNNER_PACKAGES: Record<Exclude<RunnerKind, 'node:test'>, { pkg: string; bin: string }> = {
  jest: { pkg: 'jest', bin: 'jest' },
  vitest: { pkg: 'vitest', bin: 'vitest' },
  mocha: { pkg: 'mocha', bin: 'mocha' },
  playwright: { pkg: '@playwright/test', bin: 'playwright' },
  cypress: { pkg: 'cypress', bin: 'cypress' },
};

function configNames(base: string, exts: string[]): string[] {
  return exts.map((e) => `${base}.${e}`);
}

const DEPENDENCY_OF: Record<RunnerKind, RegExp> = {
  jest: /^(jest|jest-cli|ts-jest|@jest\/core|babel-jest)$/,
  vitest: /^vitest$/,
  mocha: /^mocha$/,
  'node:test': /^$/,
  playwright: /^(@playwright\/test|playwright-test)$/,
  cypress: /^cypress$/,
};

const SCRIPT_OF: Record<RunnerKind, RegExp> = {
  jest: /(^|[\s/;&|])jest(\s|$)/,
  vitest: /(^|[\s/;&|])vitest(\s|$)/,
  mocha: /(^|[\s/;&|])mocha(\s|$)/,
  'node:test': /(^|[\s;&|])node(\s+--\S+)*\s+--test(\s|=|$)/,
  playwright: /(^|[\s/;&|])playwright\s+test(\s|$)/,
  cypress: /(^|[\s/;&|])cypress\s+run(\s|$)/,
};

/** Evidence that a package uses a runner: dependency, script or config file. */
export function packageUses(facts: PackageFacts, kind: RunnerKind): boolean {
  const pj = facts.packageJson && typeof facts.packageJson === 'object' ? facts.packageJson : {};
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = pj[field];
    if (deps && typeof deps === 'object' && Object.keys(deps).some((d) => DEPENDENCY_OF[kind].test(d))) return true;
  }
  const scripts = pj.scripts && typeof pj.scripts === 'object' ? Object.values(pj.scripts) : [];
  if (scripts.some((s) => typeof s === 'string' && SCRIPT_OF[kind].test(s))) return true;
  if (kind === 'jest' && pj.jest && typeof pj.jest === 'object') return true;
  if (kind === 'mocha' && pj.mocha && typeof pj.mocha === 'object') return true;
  return RUNNER_CONFIG_FILES[kind].some((f) => facts.files.includes(f));
}

/** Runners to try for a file of this framework, most likely first. Files using globals only say little. */
function candidates(framework: Framework): RunnerKind[] {
  switch (framework) {
    case 'vitest':
      return ['vitest'];
    case 'node:test':
      return ['node:test'];
    case 'playwright':
      return ['playwright'];
    case 'cypress':
      return ['cypress'];
    case 'mocha':
      return ['mocha', 'jest', 'vitest'];
    case 'jest':
    case 'jasmine':
    case 'unknown':
      return ['jest', 'vitest', 'mocha', 'node:test'];
    default:
      // WebdriverIO has its own launcher (wdio.conf) that needs a browser; not supported.
      return [];
  }
}

/**
 * The runner of a file with this framework in this package, from the package's dependencies, scripts and config files,
 * or undefined when the package shows no sign of one. The file's framework decides between runners of one package
 * (a Playwright spec next to Vitest tests). `override` (a user setting) always wins.
 */
export function detectRunner(facts: PackageFacts, framework: Framework, override?: RunnerKind): RunnerInfo | undefined {
  if (override) return { kind: override, packageDir: facts.dir };
  // node:test needs no package: it is part of Node.
  if (framework === 'node:test') return { kind: 'node:test', packageDir: facts.dir };
  for (const kind of candidates(framework)) {
    if (packageUses(facts, kind)) return { kind, packageDir: facts.dir };
  }
  return undefined;
}

/**
 * Detection across a file's package and its ancestors (nearest first), as in a monorepo whose runner is installed
 * at the root. When no package shows a sign of a runner, a file importing vitest, @playwright/test or cypress still gets
 * that runner in its nearest package; a file using only globals gets none.
 */
export function detectRunnerInPackages(chain: PackageFacts[], framework: Framework, override?: RunnerKind): RunnerInfo | undefined {
  if (chain.length === 0) return undefined;
  for (const facts of chain) {
    const found = detectRunner(facts, framework, override);
    if (found) return found;
  }
  // Only a framework known from the file's imports names its runner for sure; globals (`describe`, `it`) do not.
  const sure: Partial<Record<Framework, RunnerKind>> = { vitest: 'vitest', playwright: 'playwright', cypress: 'cypress' };
  const fallback = sure[framework];
  return fallback ? { kind: fallback, packageDir: chain[0].dir } : undefined;
}

/** Escapes every character with a meaning in a JavaScript regular expression; line breaks become `\n`/`\r`. */
export function escapeRegExp(text: string): string {
  return text
    .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Titles of `.each` tables and template literals are formatted at run time: `%s`, `$name`, `${expr}` match anything.
const PLACEHOLDER = /%[sdifjopO#%]|\$\{[^}]*\}|\$[A-Za-z_][\w.]*/g;

/** A name as a regular expression source: escaped, with run-time placeholders as wildcards. */
export function nameToPattern(name: string): string {
  let out = '';
  let last = 0;
  for (const m of name.matchAll(PLACEHOLDER)) {
    out += escapeRegExp(name.slice(last, m.index));
    out += m[0] === '%%' ? '%' : '.*?';
    last = m.index! + m[0].length;
  }
  return out + escapeRegExp(name.slice(last));
}

function alternation(patterns: string[]): string {
  return `(?:${[...new Set(patterns)].join('|')})`;
}

/** Each selected name as a pattern source: literal, or with wildcards where it is formatted at run time. */
function namePatterns(selection: TestSelection): string[] {
  return selection.fullNames.map((n, i) => (selection.dynamic?.[i] ? nameToPattern(n) : escapeRegExp(n)));
}

/** A pattern matching exactly these full names (title path joined by spaces) and nothing else. */
export function exactNamePattern(fullNames: string[]): string {
  return `^${alternation(fullNames.map(escapeRegExp))}$`;
}

function selectionPattern(selections: TestSelection[]): string {
  return `^${alternation(selections.flatMap(namePatterns))}$`;
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** A path is never read as an option, even when it starts with `-`. */
function safePath(file: string): string {
  return file.startsWith('-') ? `./${file}` : file;
}

// Entry scripts run with node, not through their shebang or a `.cmd` shim, so no shell is needed on any platform.
function isScript(bin: string): boolean {
  return /\.[cm]?js$/.test(bin) || /[\\/]node_modules[\\/]/.test(bin);
}

function runnerExecutable(runner: RunnerInfo): { command: string; prefix: string[] } {
  const bin = runner.bin;
  if (bin && isScript(bin)) return { command: 'node', prefix: [bin] };
  if (bin) return { command: bin, prefix: [] };
  const name = runner.kind === 'node:test' ? 'node' : RUNNER_PACKAGES[runner.kind].bin;
  return { command: 'npx', prefix: ['--no-install', name] };
}

function nodeMajor(version: string | undefined): number {
  const v = version ?? (typeof process !== 'undefined' ? process.versions.node : '22');
  return Number.parseInt(v.replace(/^v/, ''), 10) || 22;
}

/**
 * The commands that run exactly the selected tests: whole files and single tests go in separate commands where the
 * runner's name filter applies to every file of a command (all but Playwright).
 */
export function planRunCommands(runner: RunnerInfo, selections: TestSelection[], options: BuildOptions = {}): RunCommand[] {
  if (selections.length === 0) return [];
  if (runner.kind === 'playwright' || runner.kind === 'cypress') return [buildRunCommand(runner, selections, options)];
  const whole = selections.filter((s) => s.fullNames.length === 0);
  const some = selections.filter((s) => s.fullNames.length > 0);
  return [whole, some].filter((group) => group.length > 0).map((group) => buildRunCommand(runner, group, options));
}

/**
 * The command that runs the selected tests with this runner, as an argument array for `spawn(..., { shell: false })`.
 * Names are escaped and anchored so that one test never selects another; the pattern covers every selected file, so a
 * whole-file selection drops the name filter of the others (except Playwright): use `planRunCommands` to keep them apart.
 */
export function buildRunCommand(runner: RunnerInfo, selections: TestSelection[], options: BuildOptions = {}): RunCommand {
  const files = [...new Set(selections.map((s) => safePath(s.file)))];
  const wholeFile = selections.some((s) => s.fullNames.length === 0);
  // Runners take one name pattern for all files, so a whole-file selection drops the filter for every file.
  const filtered = !wholeFile && selections.some((s) => s.fullNames.length > 0);
  const { command, prefix } = runnerExecutable(runner);
  const cwd = runner.packageDir;
  switch (runner.kind) {
    case 'jest':
      return { command, cwd, args: [...prefix, '--runTestsByPath', ...files, ...(filtered ? ['-t', selectionPattern(selections)] : [])] };
    case 'vitest':
      return { command, cwd, args: [...prefix, 'run', ...files, ...(filtered ? ['-t', selectionPattern(selections)] : [])] };
    case 'mocha':
      return { command, cwd, args: [...prefix, ...files, ...(filtered ? ['--grep', selectionPattern(selections)] : [])] };
    case 'node:test': {
      const args = ['--test'];
      if (filtered) args.push(`--test-name-pattern=${nodeTestPattern(selections, options)}`);
      return { command: runner.bin && !isScript(runner.bin) ? runner.bin : 'node', cwd, args: [...args, ...files] };
    }
    case 'playwright': {
      const args = [...prefix, 'test', ...files];
      // Playwright's pattern includes the file name, so whole files and single tests mix in one command.
      if (selections.some((s) => s.fullNames.length > 0)) args.push('-g', playwrightPattern(selections));
      return { command, cwd, args };
    }
    case 'cypress':
      // Cypress has no name filter without a plugin: select by spec file only.
      return { command, cwd, args: [...prefix, 'run', '--spec', files.join(',')] };
  }
}

/** Node 22 matches a pattern against the test's name prefixed by its ancestors; Node 20 only against each own name. */
function nodeTestPattern(selections: TestSelection[], options: BuildOptions): string {
  if (nodeMajor(options.nodeVersion) >= 22) return selectionPattern(selections);
  const own = selections.map((s) => ({ ...s, fullNames: s.names && s.names.length === s.fullNames.length ? s.names : s.fullNames }));
  return selectionPattern([...selections, ...own]);
}

/**
 * Playwright matches `-g` against "<project> <file> <describe…> <title> <@tags>" joined by spaces, so the pattern is
 * anchored on the file's name before the title path and on the end (tags may follow).
 */
function playwrightPattern(selections: TestSelection[]): string {
  const parts = selections.map((s) => `${escapeRegExp(baseName(s.file))} ${s.fullNames.length > 0 ? alternation(namePatterns(s)) : '.*'}`);
  return `(?:^|[\\s/\\\\])(?:${parts.join('|')})(?: @\\S+)*$`;
}

/** The nearest folder at or above a file that holds a package.json; `exists` is given by the caller (fs or a virtual tree). */
export function findPackageDir(filePath: string, exists: (path: string) => boolean): string | undefined {
  const sep = filePath.includes('\\') && !filePath.includes('/') ? '\\' : '/';
  const parts = filePath.split(/[\\/]/);
  for (let i = parts.length - 1; i > 0; i--) {
    const dir = parts.slice(0, i).join(sep) || sep;
    if (exists(`${dir === sep ? '' : dir}${sep}package.json`)) return dir;
  }
  return undefined;
}
