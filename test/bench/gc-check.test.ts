import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { summarizeGcTrace } from '../../bench/gc-check';

test('summarizeGcTrace counts scavenges and full collections and sums the bytes scavenges promoted', () => {
  const trace = [
    '[1:0x1]   120 ms: pause=1.2 mutator=80.1 gc=s reduce_memory=0 promoted=1048576 new_space_survived=2048',
    '[1:0x1]   240 ms: pause=0.9 mutator=90.0 gc=s reduce_memory=0 promoted=2097152 new_space_survived=0',
    '[1:0x1]   400 ms: pause=8.1 mutator=150.0 gc=mc reduce_memory=0 mark=4.0',
    '{"tool":"test-layers","files":3}',
  ].join('\n');
  assert.deepEqual(summarizeGcTrace(trace), { scavenges: 2, markCompacts: 1, promotedMB: 3 });
  assert.deepEqual(summarizeGcTrace(''), { scavenges: 0, markCompacts: 0, promotedMB: 0 });
});

test('the V8 of this Node prints the trace fields summarizeGcTrace reads', () => {
  // A flag or field renamed in a later Node would make the GC check report zeros instead of failing.
  const r = spawnSync(process.execPath, ['--trace-gc-nvp', '--max-semi-space-size=1', '-e', 'let a = []; for (let i = 0; i < 2e5; i++) a.push({ i }); a = null; for (let i = 0; i < 2e5; i++) ({ i });'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const summary = summarizeGcTrace(r.stdout);
  assert.ok(summary.scavenges > 0, `no scavenge in: ${r.stdout.slice(0, 500)}`);
  assert.ok(summary.promotedMB > 0, 'scavenges promoted nothing: the promoted= field is not read');
});

test('gc-check rejects a bad --files value with a message, not a stack trace', () => {
  const script = path.resolve(__dirname, '../../bench/gc-check.js');
  const r = spawnSync(process.execPath, [script, '--files', 'many'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--files and --runs take positive integers/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
