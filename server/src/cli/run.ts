import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../core/config';
import {
  ALL_RUNNER_CONFIG_FILES, detectRunnerInPackages, findPackageDir, planRunCommands, RUNNER_KINDS, RUNNER_PACKAGES,
  type PackageFacts, type RunCommand, type RunnerInfo, type RunnerKind, type TestSelection,
} from '../core/runners';
import { LAYERS, type Framework, type Layer, type TestInfo } from '../core/types';
import { ConfigError, loadConfig } from '../config/load-config';
import { readSource } from '../node/read-source';
import { analyzePath, newHelperIndex } from '../node/scan-worker';
import { collectFiles, type CliIo } from './main';

export const RUN_USAGE = `Usage: test-layers run --layer <unit|integration|e2e> [options] [paths...]

Runs exactly the tests of one layer with the project's own runners (jest, vitest, mocha, node:test, playwright,
cypress), one command per package and runner, and exits with their combined status.

Options:
  --layer <name>           unit, integration or e2e (required)
  --uncertain <mode>       include (default) or exclude tests placed with low confidence; either way they are listed
  --runner <name>          use this runner for every file instead of detecting it
  --parallel               start the runners at once instead of one after another
  --dry-run                print the commands as JSON ({"cwd", "argv"} per line) without running them
  --config <file>          config file (default: nearest test-layers.config.json)
  -h, --help               show this help

Exit codes: the first non-zero status of the runners, 0 when they all pass or no test is in the layer,
2 for usage or configuration errors and for tests whose runner cannot be found.`;

export const UNCERTAIN_MODES = ['include', 'exclude'] as const;
export type UncertainMode = (typeof UNCERTAIN_MODES)[number];

class UsageError extends Error {}

/** One analyzed test file with the tests of the chosen layer. */
export interface LayerFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the working folder, forward slashes. */
  display: string;
  framework: Framework;
  /** Tests of the layer that will run. */
  tests: TestInfo[];
  /** Tests of the file in any layer. */
  total: number;
  /** Names of the enclosing `.each` suites' tests: their titles are formatted at run time. */
  dynamic: Set<TestInfo>;
  /** A selected test's title, or an enclosing suite's, is an expression (`describe(UserService.name)`): no name to select by. */
  computedTitles: boolean;
}

export interface LayerSelection {
  files: LayerFile[];
  /** Tests of the layer placed with low confidence, included or not according to the mode. */
  uncertain: { file: string; test: TestInfo }[];
  missing: string[];
  root: string;
}

/** Analyzes the paths and keeps, per file, the tests whose inferred layer is `layer`. */
export function selectLayer(options: { paths: string[]; cwd: string; config: Config; root: string; layer: Layer; uncertain: UncertainMode }): LayerSelection {
  const files: LayerFile[] = [];
  const uncertain: LayerSelection['uncertain'] = [];
  const missing: string[] = [];
  // The same analysis as the report (helpers followed across files), so `run` agrees with the pyramid it shows.
  const helpers = newHelperIndex();
  for (const file of collectFiles(options.paths, options.cwd, options.config, options.root, missing)) {
    const report = analyzePath(file, options.root, options.config, false, helpers);
    const display = displayPath(options.cwd, file);
    const inLayer = report.tests.filter((t) => t.layer === options.layer);
    const low = inLayer.filter((t) => t.confidence === 'low');
    for (const t of low) uncertain.push({ file: display, test: t });
    const tests = options.uncertain === 'exclude' ? inLayer.filter((t) => t.confidence !== 'low') : inLayer;
    if (tests.length === 0) continue;
    const dynamic = new Set<TestInfo>();
    const read = readSource(file, options.config.maxFileSize);
    const text = 'text' in read ? read.text : '';
    // A title is a string, a template literal (formatted at run time, like `.each` titles) or an expression.
    const quoted = (span: { start: number; end: number }) => span.end > span.start && `'"\``.includes(text[span.start]);
    let computedTitles = false;
    for (const [i, t] of report.tests.entries()) {
      const suites = report.suites.filter((s) => s.tests.includes(i));
      const inEach = suites.some((s) => s.modifiers.includes('each'));
      const template = text[t.titleSpan.start] === '`' || suites.some((s) => text[s.titleSpan.start] === '`');
      if (inEach || template || t.modifiers.includes('each')) dynamic.add(t);
      if (tests.includes(t) && (!quoted(t.titleSpan) || suites.some((s) => !quoted(s.titleSpan)))) computedTitles = true;
    }
    files.push({ file, display, framework: report.framework, tests, total: report.tests.length, dynamic, computedTitles });
  }
  return { files, uncertain, missing, root: options.root };
}

export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file.split(path.sep).join('/') : rel.split(path.sep).join('/');
}

/** Reads package.json and the runner config files of a folder, once per folder. */
export class PackageFactsReader {
  private readonly cache = new Map<string, PackageFacts>();

  facts(dir: string): PackageFacts {
    let f = this.cache.get(dir);
    if (!f) {
      let packageJson: unknown;
      try {
        packageJson = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      } catch {
        packageJson = undefined;
      }
      f = { dir, packageJson, files: ALL_RUNNER_CONFIG_FILES.filter((n) => fs.existsSync(path.join(dir, n))) };
      this.cache.set(dir, f);
    }
    return f;
  }

  /** The file's package and every package above it, nearest first. */
  chain(file: string): PackageFacts[] {
    const out: PackageFacts[] = [];
    let start = file;
    for (;;) {
      const dir = findPackageDir(start, (p) => fs.existsSync(p));
      if (!dir) break;
      out.push(this.facts(dir));
      const parent = path.dirname(dir);
      if (parent === dir) break;
      start = path.join(parent, 'x');
    }
    if (out.length === 0) out.push(this.facts(path.dirname(file)));
    return out;
  }
}

/** The runner's own entry script in node_modules at or above its package, so no shell or npx is needed. */
export function resolveRunnerBin(kind: RunnerKind, packageDir: string): string | undefined {
  if (kind === 'node:test') return undefined;
  const { pkg, bin } = RUNNER_PACKAGES[kind];
  let dir = packageDir;
  for (;;) {
    const manifest = path.join(dir, 'node_modules', pkg, 'package.json');
    try {
      const pj = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      const entry = typeof pj.bin === 'string' ? pj.bin : pj.bin?.[bin];
      if (typeof entry === 'string') return path.join(path.dirname(manifest), entry);
    } catch {
      // not installed here: look further up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface PlannedRun {
  runner: RunnerInfo;
  command: RunCommand;
  files: number;
  tests: number;
}

/** Groups the selected tests by package and runner and builds their commands. */
export function planRuns(selection: LayerSelection, override?: RunnerKind): { runs: PlannedRun[]; unrunnable: LayerFile[]; wholeSpecs: LayerFile[] } {
  const reader = new PackageFactsReader();
  const groups = new Map<string, { runner: RunnerInfo; files: LayerFile[] }>();
  const unrunnable: LayerFile[] = [];
  const wholeSpecs: LayerFile[] = [];
  for (const f of selection.files) {
    const runner = detectRunnerInPackages(reader.chain(f.file), f.framework, override);
    if (!runner) {
      unrunnable.push(f);
      continue;
    }
    if (runner.kind === 'cypress' && f.tests.length < f.total) wholeSpecs.push(f);
    const key = `${runner.kind}\u0000${runner.packageDir}`;
    const group = groups.get(key) ?? { runner: { ...runner, bin: resolveRunnerBin(runner.kind, runner.packageDir) }, files: [] };
    group.files.push(f);
    groups.set(key, group);
  }
  const runs: PlannedRun[] = [];
  for (const { runner, files } of groups.values()) {
    const selections: TestSelection[] = files.map((f) =>
      f.tests.length === f.total || f.computedTitles
        ? { file: f.file, fullNames: [] }
        : { file: f.file, fullNames: f.tests.map((t) => t.fullName), names: f.tests.map((t) => t.name), dynamic: f.tests.map((t) => f.dynamic.has(t)) },
    );
    const commands = planRunCommands(runner, selections);
    for (const command of commands) {
      const inCommand = files.filter((f) => command.args.includes(f.file) || command.args.some((a) => a.split(',').includes(f.file)));
      runs.push({ runner, command, files: inCommand.length, tests: inCommand.reduce((n, f) => n + f.tests.length, 0) });
    }
  }
  return { runs, unrunnable, wholeSpecs };
}

interface RunOptions {
  layer: Layer;
  uncertain: UncertainMode;
  runner?: RunnerKind;
  parallel: boolean;
  dryRun: boolean;
  config?: string;
  paths: string[];
}

function parseRunArgs(argv: string[]): RunOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        layer: { type: 'string', short: 'l' },
        uncertain: { type: 'string' },
        runner: { type: 'string' },
        parallel: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/, ''));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  return {
    ...parseLayerOptions(v),
    runner: v.runner === undefined ? undefined : oneOf('--runner', v.runner, RUNNER_KINDS),
    parallel: !!v.parallel,
    dryRun: !!v['dry-run'],
    config: v.config,
    paths: parsed.positionals,
  };
}

/** `--layer` and `--uncertain`, shared with `list`. */
export function parseLayerOptions(v: { layer?: string; uncertain?: string }): { layer: Layer; uncertain: UncertainMode } {
  if (v.layer === undefined) throw new UsageError(`--layer is required (one of ${LAYERS.join(', ')})`);
  return { layer: oneOf('--layer', v.layer, LAYERS), uncertain: oneOf('--uncertain', v.uncertain ?? 'include', UNCERTAIN_MODES) };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UsageError(`unknown ${flag} "${value}" (expected one of ${allowed.join(', ')})`);
  return value as T;
}

/** Loads the config, or reports the problem and returns the exit code. */
export function loadConfigOrExit(file: string | undefined, io: CliIo): ReturnType<typeof loadConfig> | number {
  try {
    return loadConfig({ file, cwd: io.cwd });
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`test-layers: invalid configuration\n${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Runs a subcommand's argument parser, turning usage errors into exit code 2. */
export function withUsage<T>(io: CliIo, subcommand: string, parse: () => T): T | number {
  try {
    return parse();
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`test-layers: ${e.message}\nRun "test-layers ${subcommand} --help" for usage.\n`);
      return 2;
    }
    throw e;
  }
}

export { UsageError as SubcommandUsageError };

/** Lists the tests below medium confidence on stderr, so nothing is dropped or added silently. */
export function reportUncertain(selection: LayerSelection, layer: Layer, mode: UncertainMode, io: CliIo): void {
  if (selection.uncertain.length === 0) return;
  const n = selection.uncertain.length;
  io.stderr(`test-layers: ${n} test${n === 1 ? '' : 's'} placed in ${layer} with low confidence ${mode === 'include' ? 'included' : 'excluded'} (--uncertain ${mode}):\n`);
  for (const u of selection.uncertain) io.stderr(`  ${u.file}:${u.test.range.line}  ${JSON.stringify(u.test.fullName)}\n`);
}

/** `test-layers run`: returns the exit code once every runner has finished. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const options = withUsage(io, 'run', () => parseRunArgs(argv));
  if (typeof options === 'number') return options;
  if (options === 'help') {
    io.stdout(RUN_USAGE + '\n');
    return 0;
  }
  const loaded = loadConfigOrExit(options.config, io);
  if (typeof loaded === 'number') return loaded;
  const selection = selectLayer({ paths: options.paths, cwd: io.cwd, config: loaded.config, root: loaded.root, layer: options.layer, uncertain: options.uncertain });
  for (const m of selection.missing) io.stderr(`test-layers: no such file or folder: ${m}\n`);
  if (selection.missing.length > 0) return 2;
  reportUncertain(selection, options.layer, options.uncertain, io);
  const { runs, unrunnable, wholeSpecs } = planRuns(selection, options.runner);
  for (const f of wholeSpecs) {
    io.stderr(`test-layers: ${f.display}: cypress cannot select tests by name, so the whole spec runs (${f.total - f.tests.length} test(s) of other layers too)\n`);
  }
  for (const f of selection.files) {
    if (f.computedTitles && f.tests.length < f.total) {
      io.stderr(`test-layers: ${f.display}: test titles computed at run time cannot be selected by name, so the whole file runs (${f.total - f.tests.length} test(s) of other layers too)\n`);
    }
  }
  if (unrunnable.length > 0) {
    io.stderr(`test-layers: no runner found for ${unrunnable.length} file${unrunnable.length === 1 ? '' : 's'} (add the runner to package.json or pass --runner):\n`);
    for (const f of unrunnable) io.stderr(`  ${f.display} (${f.framework})\n`);
    return 2;
  }
  if (runs.length === 0) {
    io.stderr(`test-layers: no ${options.layer} tests found\n`);
    return 0;
  }
  if (options.dryRun) {
    for (const r of runs) io.stdout(JSON.stringify({ cwd: r.command.cwd, argv: [r.command.command, ...r.command.args] }) + '\n');
    return 0;
  }
  const start = (r: PlannedRun) => {
    io.stderr(`test-layers: ${r.runner.kind}: ${r.tests} ${options.layer} test${r.tests === 1 ? '' : 's'} in ${r.files} file${r.files === 1 ? '' : 's'} (${displayPath(io.cwd, r.command.cwd) || '.'})\n`);
    return spawnRunner(r.command, io);
  };
  const codes: number[] = [];
  if (options.parallel) codes.push(...(await Promise.all(runs.map(start))));
  else for (const r of runs) codes.push(await start(r));
  return codes.find((c) => c !== 0) ?? 0;
}

/** Spawns one runner with its output streamed; resolves with its exit status (128 + signal number when killed). */
export function spawnRunner(command: RunCommand, io: CliIo): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...command.env };
  // Set when test-layers itself runs inside node:test; a nested `node --test` would then report to that parent instead of the terminal.
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    const child = spawn(command.command === 'node' ? process.execPath : command.command, command.args, { shell: false, stdio: 'inherit', cwd: command.cwd, env });
    child.on('error', (e) => {
      io.stderr(`test-layers: cannot start ${command.command}: ${e.message}\n`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
  });
}
