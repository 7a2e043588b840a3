#!/usr/bin/env node
// Runs the CLI with only the async-wait rules on over real test suites (checked-out folders), counts findings per
// 1,000 tests, and draws a seeded random sample of findings per rule, with their source lines, for checking by hand.
//
//   node scripts/real-suite-check.mjs [--sample 50] [--seed 10] [--context 3] [--rules a,b] [--verdicts FILE] [--json OUT] DIR...
//
// --verdicts: a JSON file { "<rule>|<path>:<line>:<column>": "tp" | "fp", ... } from an earlier hand-check; precision per rule
//             is then computed over the sampled findings that have a verdict (keys are printed with each sample).
// --json: writes every finding and the sample to OUT, for reading elsewhere.
// Needs `npm run build` (dist/cli.js). Each DIR is scanned with the default include globs, like `test-layers DIR`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WAIT_RULES = ['non-retrying-assertion', 'forced-action', 'unreliable-wait', 'unsafe-chain', 'done-callback', 'debug-leftover'];

const args = process.argv.slice(2);
const flags = new Map();
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith('--')) flags.set(args[i], args[++i]);
  else dirs.push(resolve(args[i]));
}
const sampleSize = Number(flags.get('--sample') ?? 50);
const seed = Number(flags.get('--seed') ?? 10);
const contextLines = Number(flags.get('--context') ?? 3);
const rules = (flags.get('--rules') ?? WAIT_RULES.join(',')).split(',');
const verdicts = flags.has('--verdicts') ? JSON.parse(readFileSync(flags.get('--verdicts'), 'utf8')) : {};
if (dirs.length === 0) fail('give at least one folder of tests');
const cli = join(root, 'bin', 'test-layers.js');
if (!existsSync(join(root, 'dist', 'cli.js'))) fail('dist/cli.js is missing: run `npm run build` first');

function fail(message) {
  console.error(`real-suite-check: ${message}`);
  process.exit(2);
}

// Every other rule off, so the run measures these rules alone.
const require = createRequire(import.meta.url);
const { allRules } = require(join(root, 'out', 'server', 'src', 'rules', 'index.js'));
const ruleFlags = allRules.flatMap((r) => ['--rule', `${r.id}=${rules.includes(r.id) ? r.meta.defaultSeverity : 'off'}`]);

/** Seeded PRNG (mulberry32), so the same seed draws the same sample. */
function prng(s) {
  return () => {
    s |= 0;
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const findings = [];
let tests = 0;
let files = 0;
const perSuite = [];
for (const dir of dirs) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [cli, '--format', 'json', '--fail-on', 'never', ...ruleFlags, dir], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: dir });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    // One suite the CLI cannot finish does not stop the others; it is listed with no tests.
    console.error(`real-suite-check: ${basename(dir)} skipped: ${(r.stderr || 'no output').split('\n')[0].slice(0, 200)}`);
    perSuite.push({ suite: basename(dir), files: 0, tests: 0, findings: 0, seconds: (Date.now() - started) / 1000, skipped: true });
    continue;
  }
  const suite = basename(dir);
  let suiteFindings = 0;
  for (const f of report.files) {
    for (const x of f.findings) {
      if (!rules.includes(x.ruleId)) continue;
      const path = join(dir, f.path.startsWith('/') ? f.path.slice(dir.length + 1) : f.path);
      findings.push({ suite, rule: x.ruleId, path, rel: `${suite}/${f.path.replace(dir + '/', '')}`, line: x.line, column: x.column, message: x.message, test: x.test });
      suiteFindings++;
    }
  }
  tests += report.summary.tests;
  files += report.summary.files;
  perSuite.push({ suite, files: report.summary.files, tests: report.summary.tests, findings: suiteFindings, seconds: (Date.now() - started) / 1000 });
}

const lines = new Map();
const source = (path) => {
  if (!lines.has(path)) lines.set(path, existsSync(path) ? readFileSync(path, 'utf8').split('\n') : []);
  return lines.get(path);
};

console.log(`# Async-wait rules on real suites\n`);
console.log(`${files} files, ${tests} tests in ${dirs.length} suites (seed ${seed}, sample ${sampleSize} per rule)\n`);
console.log('| suite | files | tests | findings | s |\n|---|---|---|---|---|');
for (const s of perSuite) console.log(`| ${s.suite} | ${s.files} | ${s.tests} | ${s.findings} | ${s.seconds.toFixed(1)} |`);
console.log('\n| rule | findings | per 1,000 tests | sampled | checked | true | precision |\n|---|---|---|---|---|---|---|');
const samples = {};
for (const rule of rules) {
  const all = findings.filter((f) => f.rule === rule);
  const rand = prng(seed);
  const shuffled = all.map((f) => [rand(), f]).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  const sample = shuffled.slice(0, sampleSize);
  samples[rule] = sample;
  const checked = sample.filter((f) => verdicts[`${rule}|${f.rel}:${f.line}:${f.column}`]);
  const tp = checked.filter((f) => verdicts[`${rule}|${f.rel}:${f.line}:${f.column}`] === 'tp').length;
  const precision = checked.length ? `${((100 * tp) / checked.length).toFixed(0)} %` : '–';
  console.log(`| \`${rule}\` | ${all.length} | ${tests ? ((1000 * all.length) / tests).toFixed(2) : '–'} | ${sample.length} | ${checked.length} | ${tp} | ${precision} |`);
}
for (const rule of rules) {
  if (samples[rule].length === 0) continue;
  console.log(`\n## ${rule}\n`);
  for (const f of samples[rule]) {
    const key = `${rule}|${f.rel}:${f.line}:${f.column}`;
    console.log(`### ${key}${verdicts[key] ? ` — ${verdicts[key]}` : ''}\n${f.message}\n\`\`\``);
    const src = source(f.path);
    for (let i = Math.max(1, f.line - contextLines); i <= Math.min(src.length, f.line + contextLines); i++) console.log(`${i === f.line ? '>' : ' '}${String(i).padStart(5)} ${src[i - 1]}`);
    console.log('```');
  }
}
if (flags.has('--json')) writeFileSync(flags.get('--json'), JSON.stringify({ seed, tests, files, perSuite, findings, samples }, null, 1));
