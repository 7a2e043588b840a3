import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseConfigText } from '../../server/src/config/load-config';
import { configFrom } from '../../server/src/analyzer';
import { rng } from '../../bench/corpus';

test('wrong types, unknown rules and invalid globs are each reported with their key', () => {
  const text = JSON.stringify({
    include: 'tests/**',
    exclude: ['**/{a,b/**', '', '!**/skip/**'],
    layers: { e2e: { paths: [42, '[unclosed'] }, bogus: {} },
    signals: { integration: { packages: 'pg', calls: ['not a pattern!!'] } },
    rules: { 'fixed-sleep': 'loud', 'no-such-rule': 'error', 'focused-test': ['error', { nope: 1 }] },
    maxFileSize: '1MB',
    timeBudgetMs: -5,
    unknownKey: true,
  });
  const { user, problems } = parseConfigText(text);
  assert.equal(user, undefined);
  const keys = problems.map((p) => p.key);
  for (const key of ['include', 'exclude.0', 'exclude.1', 'exclude.2', 'layers.e2e.paths.1', 'rules.fixed-sleep', 'rules.no-such-rule', 'maxFileSize', 'unknownKey']) {
    assert.ok(keys.includes(key), `a problem names \`${key}\` (got ${keys.join(', ')})`);
  }
  for (const p of problems) assert.ok(p.problem.length > 0);
});

test('hostile JSON never throws: garbage, deep nesting, huge arrays, __proto__ keys', () => {
  const cases = [
    '', 'null', '[]', '"x"', '42', '{', '{"rules": {', '{"rules": null}', '{"include": [null]}', '{"layers": {"unit": {"paths": {}}}}',
    '{"__proto__": {"polluted": true}, "rules": {"__proto__": "error"}}', '{"constructor": {"prototype": {"x": 1}}}',
    '['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
    JSON.stringify({ include: Array.from({ length: 20_000 }, (_, i) => `**/x${i}/**`) }),
    '// comment only', '/* unclosed', '{"maxFileSize": 1e309}', '\ufeff{}', '{"rules": {"fixed-sleep": ["warning", {}, {}]}}',
  ];
  for (const text of cases) {
    const result = parseConfigText(text);
    assert.ok(Array.isArray(result.problems));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  }
});

test('random mutations of a valid config never throw, and what validates resolves to a config', () => {
  const valid = JSON.stringify({
    include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], layers: { e2e: { paths: ['**/e2e/**'] } },
    signals: { integration: { packages: ['my-db'], calls: ['db.connect'] } }, rules: { 'fixed-sleep': 'error' }, maxFileSize: 1000000,
  }, null, 2);
  const r = rng(4242);
  const alphabet = '{}[]":,\\ \n0123456789-eE.truefalsnul*!/';
  for (let i = 0; i < 3000; i++) {
    let text = valid;
    for (let k = 0; k < 1 + Math.floor(r() * 3); k++) {
      const at = Math.floor(r() * text.length);
      const op = Math.floor(r() * 3);
      if (op === 0) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 8));
      else if (op === 1) text = text.slice(0, at) + alphabet[Math.floor(r() * alphabet.length)] + text.slice(at);
      else text = text.slice(0, at);
    }
    const { user, problems } = parseConfigText(text);
    if (user) {
      assert.equal(problems.length, 0);
      configFrom(user);
    } else {
      assert.ok(problems.length > 0);
    }
  }
});
