#!/usr/bin/env node
// Writes the seeded benchmark corpus (templates in bench/corpus.ts) to a temp folder, never into the repository.
// Usage: node scripts/gen-corpus.mjs [--files 10000] [--seed 1] [--out <dir>]
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const compiled = new URL('../out/bench/corpus.js', import.meta.url);
if (!existsSync(compiled)) {
  console.error('gen-corpus: run `npx tsc -b` first (out/bench/corpus.js is missing)');
  process.exit(2);
}
const { writeCorpus } = require(compiled.pathname);

const { values } = parseArgs({ options: { files: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
const files = Number(values.files ?? 10000);
const seed = Number(values.seed ?? 1);
const out = path.resolve(values.out ?? path.join(os.tmpdir(), `test-layers-corpus-s${seed}-n${files}`));
const started = performance.now();
const corpus = writeCorpus(out, { files, seed });
console.log(JSON.stringify({
  dir: corpus.dir, files: corpus.files.length, lines: corpus.lines, megabytes: +(corpus.bytes / 1048576).toFixed(1),
  broken: corpus.broken, byKind: corpus.byKind, ms: Math.round(performance.now() - started),
}, null, 1));
