/**
 * One benchmark tool in its own process, so peak RSS and CPU belong to that tool alone.
 * Usage: node out/bench/run-tool.js --tool floor|test-layers|eslint --dir <corpus> [--files N] [--every k] [--checkpoints 1000,5000]
 * Prints one JSON line (ChildResult) on stdout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { corpusList, mb, parseAndWalk, type ChildResult } from './measure';

type LintOne = (absolute: string, relative: string, text: string) => number;

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PEERS_DIR = path.join(REPO_ROOT, 'bench', 'peers');

function floorTool(): LintOne {
  return (abs, rel, text) => (parseAndWalk(rel, text) > 0 ? 0 : 1);
}

function testLayersTool(): LintOne {
  // Loaded lazily so the floor process does not pay for (or hold) the analyzer's modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { analyze, configFrom } = require('../server/src/analyzer') as typeof import('../server/src/analyzer');
  const config = configFrom();
  return (abs, rel, text) => analyze(rel, text, config).findings.length;
}

/** ESLint's core `Linter` with flat config, scoped the way a monorepo scopes each plugin. */
function eslintTool(cwd: string): LintOne {
  const peerRequire = createRequire(path.join(PEERS_DIR, 'package.json'));
  const { Linter } = peerRequire('eslint');
  const tsParser = peerRequire('@typescript-eslint/parser');
  const jest = peerRequire('eslint-plugin-jest');
  const playwright = peerRequire('eslint-plugin-playwright');
  const cypress = peerRequire('eslint-plugin-cypress');
  const sources = '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}';
  const config = [
    // The Jest plugin reads the Jest version from an installed `jest`; the corpus has none, so it is set.
    { files: [sources], languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' }, settings: { jest: { version: 29 } } },
    { ...jest.configs['flat/recommended'], files: [sources], ignores: ['cypress/**', '**/e2e/**'] },
    { ...playwright.configs['flat/recommended'], files: ['**/e2e/**'] },
    { ...cypress.configs.recommended, files: ['cypress/**'] },
  ];
  const linter = new Linter({ cwd, configType: 'flat' });
  return (abs, rel, text) => (linter.verify(text, config, { filename: abs }) as unknown[]).length;
}

function main() {
  const { values } = parseArgs({
    options: {
      tool: { type: 'string' },
      dir: { type: 'string' },
      files: { type: 'string' },
      checkpoints: { type: 'string' },
      every: { type: 'string' },
    },
  });
  const dir = path.resolve(values.dir!);
  let list = corpusList(dir);
  if (values.files) list = list.slice(0, Number(values.files));
  // A systematic sample (every k-th file) keeps the mix of kinds and sizes of the whole corpus.
  const every = Number(values.every ?? 1);
  if (every > 1) list = list.filter((_, i) => i % every === 0);
  const checkpoints = (values.checkpoints ?? '').split(',').filter(Boolean).map(Number);
  const loadStarted = performance.now();
  const tool = values.tool === 'floor' ? floorTool() : values.tool === 'test-layers' ? testLayersTool() : values.tool === 'eslint' ? eslintTool(dir) : undefined;
  if (!tool) throw new Error(`unknown --tool ${values.tool}`);
  const loadMs = performance.now() - loadStarted;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const marks: ChildResult['checkpoints'] = [];
  let errors = 0;
  let firstError: string | undefined;
  let problems = 0;
  for (let i = 0; i < list.length; i++) {
    const abs = path.join(dir, list[i]);
    try {
      problems += tool(abs, list[i], fs.readFileSync(abs, 'utf8'));
    } catch (e) {
      errors++;
      firstError ??= `${list[i]}: ${(e as Error).message.split('\n')[0]}`;
    }
    if (checkpoints.includes(i + 1)) marks.push({ files: i + 1, maxRssMB: mb(process.resourceUsage().maxRSS * 1024) });
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const result: ChildResult = {
    tool: values.tool!,
    files: list.length,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMB: mb(process.resourceUsage().maxRSS * 1024),
    checkpoints: marks,
    errors,
    extra: { loadMs: Math.round(loadMs), problems, firstError },
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (require.main === module) main();
