/**
 * `npm run bench:peers`: the same generated corpus through (a) TypeScript parse + walk (the floor), (b) Test Layers
 * with all rules, (c) ESLint with @typescript-eslint/parser and the recommended configs of eslint-plugin-jest,
 * eslint-plugin-playwright and eslint-plugin-cypress. Each tool runs in its own process so wall, CPU and peak RSS
 * are its own. The peers are installed by this script into bench/peers/node_modules (exact versions, lockfile).
 *
 * Usage: node out/bench/peers.js [--files 10000] [--seed 1] [--eslint-every 5] [--json <file>]
 * ESLint is ~10× slower, so by default it lints every 5th file of the corpus (a systematic sample with the same
 * mix of kinds and sizes) and Test Layers and the floor are measured on that same sample for the ratios;
 * `--eslint-every 1` lints the whole corpus.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCorpusDir, writeCorpus } from './corpus';
import { machineFacts, runChild, table, type ChildResult } from './measure';
import { PEERS_DIR } from './run-tool';

function installPeers(): void {
  const lock = path.join(PEERS_DIR, 'package-lock.json');
  const stamp = path.join(PEERS_DIR, 'node_modules', '.package-lock.json');
  const fresh = fs.existsSync(stamp) && fs.existsSync(lock) && fs.statSync(stamp).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return;
  console.log('installing peer tools into bench/peers/node_modules …');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = fs.existsSync(lock) ? ['ci'] : ['install'];
  const r = spawnSync(npm, [...args, '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: PEERS_DIR, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ${args[0]} in bench/peers failed`);
}

function peerVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['eslint', '@typescript-eslint/parser', 'eslint-plugin-jest', 'eslint-plugin-playwright', 'eslint-plugin-cypress']) {
    out[name] = (JSON.parse(fs.readFileSync(path.join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  }
  return out;
}

async function main() {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      seed: { type: 'string' },
      'eslint-every': { type: 'string' },
      json: { type: 'string' },
    },
  });
  const files = Number(values.files ?? 10_000);
  const seed = Number(values.seed ?? 1);
  const every = Math.max(1, Number(values['eslint-every'] ?? 5));
  installPeers();
  const versions = peerVersions();
  const facts = machineFacts();
  console.log(`Test Layers vs peers — ${facts.cpu}, ${facts.cores} cores, ${facts.memoryGB} GB, Node ${facts.node}, TypeScript ${facts.typescript}`);
  console.log(`peers: ${Object.entries(versions).map(([k, v]) => `${k}@${v}`).join(', ')}`);
  console.log(`load average at start: ${facts.loadAverage}`);
  const dir = defaultCorpusDir(seed, files);
  const corpus = writeCorpus(dir, { files, seed });
  console.log(`corpus: ${corpus.files.length} files, ${corpus.lines} lines, ${(corpus.bytes / 1048576).toFixed(1)} MB, ${corpus.broken} with syntax errors (${dir})`);

  const script = path.join(__dirname, 'run-tool.js');
  const checkpoints = [1000, 5000, 10_000].filter((n) => n < files).concat(files);
  const run = async (tool: string, extra: string[]) => {
    const r = await runChild(script, ['--tool', tool, '--dir', dir, ...extra]);
    console.log(`  ${tool}${extra.includes('--every') ? ` (every ${every}th file)` : ''}: ${r.files} files, wall ${r.wallMs} ms, CPU ${r.cpuMs} ms, peak RSS ${r.maxRssMB} MB${r.errors ? `, ${r.errors} files threw (${String(r.extra?.firstError)})` : ''}`);
    return r;
  };
  console.log('running (each tool in its own process) …');
  const floorAll = await run('floor', ['--checkpoints', checkpoints.join(',')]);
  const oursAll = await run('test-layers', ['--checkpoints', checkpoints.join(',')]);
  const sample = every > 1 ? ['--every', String(every)] : [];
  const floorSample = every > 1 ? await run('floor', sample) : floorAll;
  const oursSample = every > 1 ? await run('test-layers', sample) : oursAll;
  const eslint = await run('eslint', sample);

  const perFile = (r: ChildResult, key: 'wallMs' | 'cpuMs') => r[key] / r.files;
  const rows: (string | number)[][] = [];
  const add = (label: string, r: ChildResult, base: ChildResult) => {
    rows.push([
      label, r.files, r.wallMs, r.cpuMs, (perFile(r, 'cpuMs')).toFixed(2), r.maxRssMB,
      (perFile(r, 'wallMs') / perFile(base, 'wallMs')).toFixed(2), (perFile(r, 'cpuMs') / perFile(base, 'cpuMs')).toFixed(2),
    ]);
  };
  add('(a) floor: TS parse + walk', floorAll, floorAll);
  add('(b) Test Layers, all rules', oursAll, floorAll);
  if (every > 1) {
    add(`(a) floor, sample 1/${every}`, floorSample, floorSample);
    add(`(b) Test Layers, sample 1/${every}`, oursSample, floorSample);
  }
  add(`(c) ESLint + plugins${every > 1 ? `, sample 1/${every}` : ''}`, eslint, floorSample);
  console.log('');
  console.log(table(['tool', 'files', 'wall ms', 'CPU ms', 'CPU ms/file', 'peak RSS MB', '× floor (wall)', '× floor (CPU)'], rows));
  const ratioFloor = perFile(oursAll, 'cpuMs') / perFile(floorAll, 'cpuMs');
  const ratioFloorWall = perFile(oursAll, 'wallMs') / perFile(floorAll, 'wallMs');
  const fasterCpu = perFile(eslint, 'cpuMs') / perFile(oursSample, 'cpuMs');
  const fasterWall = perFile(eslint, 'wallMs') / perFile(oursSample, 'wallMs');
  const rss = oursAll.checkpoints.map((c) => `${c.files}: ${c.maxRssMB} MB`).join(', ');
  const maxRss = Math.max(...oursAll.checkpoints.map((c) => c.maxRssMB));
  const first = oursAll.checkpoints[0].maxRssMB;
  console.log('');
  console.log(`Test Layers / floor: ${ratioFloor.toFixed(2)}× CPU, ${ratioFloorWall.toFixed(2)}× wall   (target ≤ 1.30: ${ratioFloor <= 1.3 ? 'met' : 'NOT met'})`);
  console.log(`ESLint / Test Layers: ${fasterCpu.toFixed(1)}× CPU, ${fasterWall.toFixed(1)}× wall   (target ≥ 10: ${fasterCpu >= 10 ? 'met' : 'NOT met'})`);
  console.log(`Test Layers peak RSS by files analyzed: ${rss}   (target ≤ 400 MB and flat: ${maxRss <= 400 && maxRss <= first * 1.25 + 20 ? 'met' : 'NOT met'})`);
  console.log(`floor peak RSS: ${floorAll.checkpoints.map((c) => `${c.files}: ${c.maxRssMB} MB`).join(', ')}; ESLint peak RSS: ${eslint.maxRssMB} MB`);

  if (values.json) {
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(values.json, JSON.stringify({
      command: `node out/bench/peers.js ${process.argv.slice(2).join(' ')}`.trim(), date: new Date().toISOString(), machine: facts, versions,
      corpus: { files, seed, lines: corpus.lines, bytes: corpus.bytes, broken: corpus.broken }, eslintEvery: every,
      results: { floorAll, oursAll, floorSample, oursSample, eslint },
      ratios: { oursOverFloorCpu: ratioFloor, oursOverFloorWall: ratioFloorWall, eslintOverOursCpu: fasterCpu, eslintOverOursWall: fasterWall },
    }, null, 2) + '\n');
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
