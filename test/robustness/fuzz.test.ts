import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { runFuzz } from './fuzzer';

// Fixed seed: the same 10,000 variants every run, so a failure reproduces with `npm run fuzz -- --seed 20261202 --iterations 10000`.
// About 40 s of CPU; the timeout is generous because wall time on a shared CI machine can be many times that.
const SEED = 20261202;
const VARIANTS = 10_000;

test(`analyze() survives ${VARIANTS} mutated and truncated test files with well-formed reports`, { timeout: 900_000 }, () => {
  const result = runFuzz({ seed: SEED, iterations: VARIANTS, budgetMs: 1000 });
  const summary = result.failures.map((f) => `iteration ${f.iteration} (${f.source}): ${f.problem}`).join('\n');
  assert.equal(result.failures.length, 0, `${result.failures.length} failing variants:\n${summary}`);
  assert.equal(result.variants, VARIANTS);
});
