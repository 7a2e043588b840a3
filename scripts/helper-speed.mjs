#!/usr/bin/env node
// Speed of helper following: a test file that pulls in 20 helper modules (each ~40 lines; the first four call
// into each other down to one that opens a database pool, and every module is used by one test). Measures the first analysis with an empty helper index, and the
// re-analysis after an edit to the test file (helpers cached by content), median of many runs.
//
//   npm run build && node scripts/helper-speed.mjs [--runs 200] [--wall]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { analyze, configFrom } = require(join(root, 'out/server/src/analyzer.js'));
const { createNodeHelperIndex, toHostPath } = require(join(root, 'out/server/src/node/workspace-host.js'));

const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 200);
const HELPERS = 20;
// CPU time of this process (user + system), so a busy machine does not inflate the figures; wall time is printed too.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const clock = args.includes('--wall') ? () => performance.now() : cpuNow;
// The pool sits 4 calls deep (within the follow bound); every module still gets read and summarized.
const POOL_AT = 3;

function helperModule(i) {
  const lines = [`import { helper${i + 1} } from './helper${i + 1}.js';`];
  if (i === POOL_AT) lines.push(`import { Pool } from 'pg';`);
  lines.push(`import * as path from 'node:path';`, '');
  for (let f = 0; f < 8; f++) {
    lines.push(`export function util${i}_${f}(items: string[]): string[] {`, `  return items.map((x) => path.join(x, '${f}')).filter(Boolean);`, `}`, '');
  }
  lines.push(`export async function helper${i}(): Promise<unknown> {`);
  lines.push(i === POOL_AT ? `  return new Pool({ connectionString: process.env.DATABASE_URL });` : `  return helper${i + 1}();`);
  lines.push(`}`);
  return lines.join('\n').replace(`import { helper${HELPERS} } from './helper${HELPERS}.js';\n`, '');
}

function testFile(variant) {
  const imports = Array.from({ length: HELPERS }, (_, i) => `import { helper${i}, util${i}_0 } from './support/helper${i}.js';`);
  const tests = Array.from({ length: HELPERS }, (_, t) =>
    `  it('case ${t} ${variant}', async () => {\n    const r = util${t % HELPERS}_0(['a', 'b']);\n    expect(r).toHaveLength(2);\n    await helper${t % 3}();\n  });`);
  return `${imports.join('\n')}\n\ndescribe('suite', () => {\n  beforeAll(async () => { await helper0(); });\n${tests.join('\n')}\n});\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'helper-speed-'));
try {
  writeFileSync(join(dir, 'package.json'), '{"name":"speed"}');
  writeFileSync(join(dir, 'tsconfig.json'), '{"compilerOptions":{"strict":true}}');
  mkdirSync(join(dir, 'test/support'), { recursive: true });
  for (let i = 0; i < HELPERS; i++) writeFileSync(join(dir, `test/support/helper${i}.ts`), helperModule(i));
  const file = join(dir, 'test/speed.test.ts');
  const config = configFrom();

  // Warm the parser and the analyzer on an unrelated file first: module loading and JIT are not helper following.
  analyze('warm.test.ts', testFile('warm').replace(/\.\/support/g, './nowhere'), config);

  const firsts = [];
  for (let r = 0; r < 15; r++) {
    const { index } = createNodeHelperIndex({ cacheStat: true });
    const text = testFile(`first${r}`);
    const started = clock();
    const report = analyze('test/speed.test.ts', text, config, { workspace: { index, fileName: toHostPath(file) } });
    firsts.push(clock() - started);
    if (r === 0 && report.tests[0].layer !== 'integration') throw new Error(`expected integration through 20 helpers, got ${report.tests[0].layer}`);
  }

  const { index } = createNodeHelperIndex({ cacheStat: true });
  analyze('test/speed.test.ts', testFile('prime'), config, { workspace: { index, fileName: toHostPath(file) } });
  const edits = [];
  const without = [];
  for (let r = 0; r < runs; r++) {
    const text = testFile(`edit${r}`);
    let started = clock();
    analyze('test/speed.test.ts', text, config, { workspace: { index, fileName: toHostPath(file) } });
    edits.push(clock() - started);
    started = clock();
    analyze('test/speed.test.ts', text, config);
    without.push(clock() - started);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const out = {
    helpers: HELPERS,
    clock: args.includes('--wall') ? 'wall' : 'cpu',
    firstAnalysisMs: { median: +median(firsts).toFixed(2), min: +Math.min(...firsts).toFixed(2) },
    reanalysisAfterEditMs: { median: +median(edits).toFixed(2), p90: +[...edits].sort((a, b) => a - b)[Math.floor(edits.length * 0.9)].toFixed(2) },
    sameFileWithoutHelpersMs: { median: +median(without).toFixed(2) },
  };
  console.log(JSON.stringify(out, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
