// Runs every compiled test file under out/test with node's test runner (Node 20's --test takes no globs).
// The real-editor suite under out/test/e2e runs separately (npm run test:e2e).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'out/test';
const skip = new Set(['e2e', 'fixtures']);
const filters = process.argv.slice(2);

function collect(dir, depth = 0) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!(depth === 0 && skip.has(name))) out.push(...collect(full, depth + 1));
    } else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

const files = collect(root).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`no test files found under ${root}${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
