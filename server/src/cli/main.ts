import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../core/config';
import { SEVERITIES, type FileReport, type Severity } from '../core/types';
import { ConfigError, loadConfig } from '../config/load-config';
import { analyzeFilesInOrder, defaultJobs } from '../node/parallel';
import { analyzePath } from '../node/scan-worker';
import { createNodeHelperIndex } from '../node/workspace-host';
import type { HelperIndex } from '../core/helper-summaries';
import { scanFiles } from '../node/scan';
import { rulesById } from '../rules/index';
import { SummaryBuilder, toJsonFile, type JsonFile } from '../report/json';
import { formatTextFile, formatTextSummary } from '../report/text';
import { PyramidBuilder } from '../report/pyramid';
import { formatMarkdown } from '../report/markdown';
import { SarifBuilder } from '../report/sarif';
import { VERSION } from '../version';
import { applyAnalysisHeapGrowth } from '../shared/heap';
import { runCommand } from './run';
import { listCommand } from './list';
import { formatGithubFile, formatGithubHealth } from '../report/github';
import { JunitBuilder } from '../report/junit';
import { formatHealthMarkdown, formatHealthText, HealthBuilder, packageNamer, pyramidThresholds } from '../report/health';

export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'github', 'junit'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;

export const USAGE = `Usage: test-layers [options] [paths...]
       test-layers run --layer <unit|integration|e2e> [options] [paths...]   (see test-layers run --help)
       test-layers list --layer <unit|integration|e2e> [options] [paths...]  (see test-layers list --help)

Classifies every test as unit, integration or end-to-end and reports the patterns that make tests flaky.
Folders are scanned with the configured include/exclude globs (and .gitignore); files named explicitly are always analyzed.
With no paths, the current folder is scanned.

Options:
  --format <name>          text (default), json, sarif, markdown, github (workflow annotations), junit
  --config <file>          config file (default: nearest test-layers.config.json)
  --rule <id>=<severity>   override a rule: off, info, warning, error (repeatable)
  --fail-on <level>        exit 1 when a finding at or above this level exists: error (default), warning, info, never
  --fail-on-shape          exit 1 when a package's test pyramid has a shape listed in the config's pyramid.failOn
                           (default: inverted, hourglass)
  --quiet                  report errors only (text format)
  --fix                    apply the fixes marked safe, then report what is left
  -j, --jobs <n>           worker threads analyzing files (default: number of cores; 1 = in-process)
  -o, --output <file>      write the report to a file instead of stdout
  --color / --no-color     force or disable colours in text output
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 no finding at the --fail-on level, 1 findings at or above it, 2 usage or configuration error.`;

export class UsageError extends Error {}

export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

interface Options {
  format: Format;
  config?: string;
  rules: Record<string, Severity>;
  failOn: (typeof FAIL_ON)[number];
  failOnShape: boolean;
  quiet: boolean;
  fix: boolean;
  output?: string;
  color?: boolean;
  jobs: number;
  paths: string[];
}

export function parseCliArgs(argv: string[]): Options | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        rule: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        'fail-on-shape': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        fix: { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        output: { type: 'string', short: 'o' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/, ''));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.version) return 'version';
  const format = (v.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${v.format}" (expected one of ${FORMATS.join(', ')})`);
  const failOn = (v['fail-on'] ?? 'error') as Options['failOn'];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`unknown --fail-on "${v['fail-on']}" (expected one of ${FAIL_ON.join(', ')})`);
  const rules: Record<string, Severity> = {};
  for (const r of v.rule ?? []) {
    const m = /^([\w-]+)\s*=\s*(\w+)$/.exec(r);
    if (!m) throw new UsageError(`--rule expects <id>=<severity>, got "${r}"`);
    if (!rulesById.has(m[1])) throw new UsageError(`--rule: unknown rule "${m[1]}" (known: ${[...rulesById.keys()].join(', ')})`);
    if (!SEVERITIES.includes(m[2] as Severity)) throw new UsageError(`--rule ${m[1]}: unknown severity "${m[2]}" (expected off, info, warning or error)`);
    rules[m[1]] = m[2] as Severity;
  }
  const jobs = v.jobs === undefined ? defaultJobs() : Number(v.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs expects a whole number of at least 1, got "${v.jobs}"`);
  return {
    format, config: v.config, rules, failOn, failOnShape: !!v['fail-on-shape'], quiet: !!v.quiet, fix: !!v.fix, output: v.output,
    color: v['no-color'] ? false : v.color ? true : undefined, jobs, paths: parsed.positionals,
  };
}

/** Files to analyze: explicit files always, folders scanned with include/exclude. Missing paths are reported. */
export function* collectFiles(paths: string[], cwd: string, config: Config, root: string, missing: string[]): Generator<string> {
  const seen = new Set<string>();
  const scan = { root, include: config.include, exclude: config.exclude };
  for (const p of paths.length > 0 ? paths : ['.']) {
    const full = path.resolve(cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      missing.push(p);
      continue;
    }
    if (stat.isDirectory()) {
      for (const f of scanFiles([full], scan)) {
        if (!seen.has(f)) {
          seen.add(f);
          yield f;
        }
      }
    } else if (!seen.has(full)) {
      seen.add(full);
      yield full;
    }
  }
}

function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

const LEVEL_RANK: Record<string, number> = { info: 1, warning: 2, error: 3, never: 99 };

/**
 * Runs the CLI; returns the exit code. All output goes through `io`, so tests call it in-process too.
 * `run` returns a promise (it waits for the test runners); everything else returns synchronously.
 */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  applyAnalysisHeapGrowth();
  if (argv[0] === 'run') return runCommand(argv.slice(1), io);
  if (argv[0] === 'list') return listCommand(argv.slice(1), io);
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`test-layers: ${e.message}\nRun "test-layers --help" for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (options === 'help') {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (options === 'version') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  let loaded;
  try {
    loaded = loadConfig({ file: options.config, cwd: io.cwd });
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`test-layers: invalid configuration\n${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const config = loaded.config;
  for (const [id, severity] of Object.entries(options.rules)) config.rules[id] = { severity, options: config.rules[id]?.options ?? {} };

  let outFd: number | undefined;
  if (options.output) {
    try {
      outFd = fs.openSync(path.resolve(io.cwd, options.output), 'w');
    } catch (e) {
      io.stderr(`test-layers: cannot write --output ${options.output}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const write = (s: string) => {
    if (outFd !== undefined) fs.writeSync(outFd, s);
    else io.stdout(s);
  };
  const style = { color: options.color ?? (io.isTTY && outFd === undefined && !process.env.NO_COLOR) };
  const summary = new SummaryBuilder();
  const pyramid = new PyramidBuilder();
  const sarif = options.format === 'sarif' ? new SarifBuilder(VERSION) : undefined;
  const junit = options.format === 'junit' ? new JunitBuilder() : undefined;
  const health = new HealthBuilder(pyramidThresholds(loaded.user.pyramid));
  const packageOf = packageNamer(io.cwd, (p) => fs.existsSync(p));
  const missing: string[] = [];
  let first = true;
  let worst = 0;
  // One helper index per run: each helper module is read and summarized once, however many tests import it.
  const helpers = createNodeHelperIndex({ cacheStat: true }).index;
  if (options.format === 'json') write('{"version":1,"files":[');
  const files = collectFiles(options.paths, io.cwd, config, loaded.root, missing);
  const analyzeInProcess = (file: string) => analyzeOne(file, loaded.root, config, options.fix, helpers);
  // Worker threads analyze ahead; reports come back in scan order, each written as soon as it is its turn.
  for (const [file, report] of analyzeFilesInOrder(files, { jobs: options.jobs, root: loaded.root, config, fix: options.fix, analyzeInProcess })) {
    const shown = displayPath(io.cwd, file);
    const json = toJsonFile(report, shown);
    summary.add(json);
    pyramid.add(json);
    health.add(json, packageOf(file));
    for (const f of json.findings) worst = Math.max(worst, LEVEL_RANK[f.severity] ?? 0);
    if (options.format === 'json') {
      write((first ? '\n' : ',\n') + JSON.stringify(json));
      first = false;
    } else if (options.format === 'text') {
      const block = formatTextFile(json, style, options.quiet);
      if (block) write(block + '\n');
    } else if (sarif) sarif.add(json);
    else if (junit) junit.add(json);
    else if (options.format === 'github') write(formatGithubFile(json));
  }
  const shape = health.build();
  if (options.format === 'json') write(`\n],"summary":${JSON.stringify({ ...summary.summary, health: shape })}}\n`);
  else if (options.format === 'text') write(formatTextSummary(summary.summary, summary.severities, style) + formatHealthText(shape));
  else if (options.format === 'markdown') write(formatMarkdown(pyramid.build()) + '\n' + formatHealthMarkdown(shape));
  else if (junit) write(junit.build());
  else if (options.format === 'github') write(formatGithubHealth(shape, options.failOnShape));
  else if (sarif) write(JSON.stringify(sarif.build(), null, 2) + '\n');
  if (outFd !== undefined) fs.closeSync(outFd);
  for (const m of missing) io.stderr(`test-layers: no such file or folder: ${m}\n`);
  if (missing.length > 0) return 2;
  if (options.failOnShape && shape.failing.length > 0) {
    io.stderr(`test-layers: pyramid shape gate failed for ${shape.failing.join(', ')} (--fail-on-shape; shapes ${shape.thresholds.failOn.join(', ')})\n`);
    return 1;
  }
  return worst >= LEVEL_RANK[options.failOn] ? 1 : 0;
}

/** One file, in this thread; the scan workers run the same `analyzePath`. */
function analyzeOne(file: string, root: string, config: Config, fix: boolean, helpers: HelperIndex): FileReport {
  return analyzePath(file, root, config, fix, helpers);
}

export type { JsonFile };

if (require.main === module) {
  const code = Promise.resolve(runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: !!process.stdout.isTTY,
  }));
  void code.then((c) => {
    process.exitCode = c;
  });
}
