/**
 * `npm run fuzz -- [--seed N] [--iterations N] [--budget ms] [--out dir]`: the long fuzz run for nightly use.
 * Failing variants are written to --out (default: a temp folder) so each can become a regression test.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzzer';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, iterations: { type: 'string' }, budget: { type: 'string' }, out: { type: 'string' } },
});
const seed = Number(values.seed ?? Date.now() % 1_000_000);
const iterations = Number(values.iterations ?? 200_000);
const budgetMs = Number(values.budget ?? 1000);
console.log(`fuzz: seed ${seed}, ${iterations} variants, budget ${budgetMs} ms per variant`);
const result = runFuzz({ seed, iterations, budgetMs, maxFailures: 200, onProgress: (n) => n % 10_000 === 0 && console.log(`  ${n} variants`) });
console.log(`${result.variants} variants in ${(result.totalMs / 1000).toFixed(1)} s, slowest ${result.slowestMs.toFixed(1)} ms (${result.slowestSource}), ${result.failures.length} failures`);
if (result.failures.length > 0) {
  const out = path.resolve(values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-fuzz-')));
  fs.mkdirSync(out, { recursive: true });
  for (const f of result.failures) {
    const file = path.join(out, `seed${f.seed}-iter${f.iteration}.txt`);
    fs.writeFileSync(file, f.text);
    console.log(`- iteration ${f.iteration} (${f.source}): ${f.problem.split('\n')[0]}\n  variant: ${file}`);
  }
  process.exitCode = 1;
}
