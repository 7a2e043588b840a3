#!/usr/bin/env node
// Layer accuracy on the real-world corpus (../shared/corpora): builds each form if it is not there yet
// (reusing an existing build), runs the CLI over it and scores the JSON with score-layers.mjs.
//
//   node scripts/accuracy.mjs [--mode isolated|inrepo|both] [--corpora DIR] [--tools DIR] [--manifest FILE]
//                             [--rebuild] [--misses FILE] [--json] [--cli FILE]
// --tools: the folder holding build-layer-corpus.mjs and score-layers.mjs (default ../shared/corpora).
// --corpora: where the built forms live (default $TMPDIR/corpora, where the build script writes).
// --cli: the CLI entry to measure (default bin/test-layers.js, which runs dist/cli.js).
// --misses: writes one JSON line per misclassified file (form, repo, path, label, verdict, evidence) for reading.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const tools = resolve(opt('--tools', join(root, '..', 'shared', 'corpora')));
const manifest = resolve(opt('--manifest', join(tools, 'layer-dev.jsonl')));
const corpora = resolve(opt('--corpora', join(tmpdir(), 'corpora')));
const modeArg = opt('--mode', 'both');
const modes = modeArg === 'both' ? ['isolated', 'inrepo'] : [modeArg];
const missesFile = opt('--misses');
const asJson = args.includes('--json');
const cli = resolve(opt('--cli', join(root, 'bin', 'test-layers.js')));
const split = basename(manifest, '.jsonl');

if (!args.includes('--cli') && !existsSync(join(root, 'dist', 'cli.js'))) fail('dist/cli.js is missing: run `npm run build` first');
for (const f of ['build-layer-corpus.mjs', 'score-layers.mjs']) if (!existsSync(join(tools, f))) fail(`${f} not found in ${tools} (pass --tools)`);

function fail(message) {
  console.error(`accuracy: ${message}`);
  process.exit(2);
}

function run(cmd, argv, options = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  if (r.error) fail(`${cmd} ${argv[0]}: ${r.error.message}`);
  return r;
}

function ensureBuilt(mode) {
  const dir = join(corpora, `${split}-${mode}`);
  if (!args.includes('--rebuild') && existsSync(join(dir, 'labels.json'))) return dir;
  console.error(`building the ${mode} form into ${dir} …`);
  const r = run(process.execPath, [join(tools, 'build-layer-corpus.mjs'), '--manifest', manifest, '--mode', mode, '--out', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(join(dir, 'labels.json'))) fail(`building the ${mode} form failed (fetch the mirrors first, see ${tools}/README.md)`);
  return dir;
}

const work = mkdtempSync(join(tmpdir(), 'accuracy-'));

/** Runs the CLI over `files` from `cwd`; returns [output file, seconds]. */
function analyzeFiles(cwd, files, name) {
  const out = join(work, `${name}.json`);
  const started = process.hrtime.bigint();
  const r = run(process.execPath, [cli, '--format', 'json', '--fail-on', 'never', '-o', out, ...files], { cwd });
  if (r.status !== 0 || !existsSync(out)) fail(`the CLI failed on ${name}: ${r.stderr.slice(0, 2000)}`);
  return [out, Number(process.hrtime.bigint() - started) / 1e9];
}

function score(dir, outputs) {
  const r = run(process.execPath, [join(tools, 'score-layers.mjs'), dir, ...outputs, '--json']);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const LAYERS = ['unit', 'integration', 'e2e'];
const fileVerdict = (f) => {
  const n = Object.fromEntries(LAYERS.map((l) => [l, 0]));
  for (const t of f.tests ?? []) if (t.layer in n) n[t.layer]++;
  const best = [...LAYERS].reverse().reduce((a, l) => (n[l] > n[a] ? l : a), 'e2e');
  return n[best] > 0 ? best : 'none';
};

const results = {};
const misses = [];
for (const mode of modes) {
  const dir = ensureBuilt(mode);
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
  const outputs = [];
  let seconds = 0;
  if (mode === 'isolated') {
    const files = readdirSync(dir).filter((f) => f !== 'labels.json');
    const [out, s] = analyzeFiles(dir, files, 'isolated');
    outputs.push([out, dir]);
    seconds += s;
  } else {
    for (const list of readdirSync(dir).filter((f) => f.endsWith('.files'))) {
      const repoDir = join(dir, basename(list, '.files'));
      const files = readFileSync(join(dir, list), 'utf8').split('\n').filter(Boolean);
      const [out, s] = analyzeFiles(repoDir, files, basename(list, '.files'));
      outputs.push([out, repoDir]);
      seconds += s;
    }
  }
  const scored = score(dir, outputs.map(([o, cwd]) => `${o}@${cwd}`));
  results[mode] = { ...scored, seconds: +seconds.toFixed(1) };
  if (missesFile) {
    const keyFile = `${dir}-key.json`;
    const key = existsSync(keyFile) ? JSON.parse(readFileSync(keyFile, 'utf8')) : null;
    for (const [out, cwd] of outputs) {
      for (const f of JSON.parse(readFileSync(out, 'utf8')).files) {
        const rel = relative(dir, resolve(cwd, f.path));
        const id = rel in labels ? rel : basename(rel, extname(rel));
        const label = labels[id];
        const verdict = fileVerdict(f);
        if (!label || label === verdict) continue;
        const where = key ? key[id] : { repo: id.split('/')[0].replace('+', '/'), path: id.split('/').slice(1).join('/') };
        const evidence = [...new Set((f.tests ?? []).flatMap((t) => t.evidence.map((e) => e.message)))].slice(0, 6);
        misses.push({ mode, repo: where?.repo, path: where?.path, file: resolve(cwd, f.path), label, verdict, evidence });
      }
    }
  }
}
rmSync(work, { recursive: true, force: true });
if (missesFile) writeFileSync(missesFile, misses.map((m) => JSON.stringify(m)).join('\n') + '\n');

if (asJson) console.log(JSON.stringify(results));
else {
  for (const [mode, r] of Object.entries(results)) {
    console.log(`\n## ${mode} (${r.files} files, CLI ${r.seconds}s)`);
    console.log(`accuracy ${r.accuracy}   F1 unit ${r.f1.unit} · integration ${r.f1.integration} · e2e ${r.f1.e2e}`);
    console.log('confusion (rows: label, columns: verdict):');
    for (const l of LAYERS) console.log(`  ${l.padEnd(12)} ${LAYERS.concat('none').map((p) => `${p} ${String(r.confusion[l][p]).padStart(4)}`).join('  ')}`);
    console.log('per repository:');
    for (const [repo, acc] of Object.entries(r.repos)) console.log(`  ${repo.padEnd(24)} ${acc}`);
  }
}
