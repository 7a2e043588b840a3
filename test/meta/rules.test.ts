import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/rules/index';
import { ruleDocHeader, readmeRuleTable, RULE_DOC_SECTIONS } from '../../server/src/rules/docs';
import { docsUrl } from '../../server/src/rules/docs-url';

const repo = path.resolve(__dirname, '../../..');

test('every rule file in server/src/rules is listed in the index', () => {
  const helpers = new Set(['index.ts', 'docs.ts', 'docs-url.ts']);
  const files = fs.readdirSync(path.join(repo, 'server/src/rules')).filter((f) => f.endsWith('.ts') && !helpers.has(f) && !f.startsWith('_'));
  assert.deepEqual(files.map((f) => f.slice(0, -3)).sort(), allRules.map((r) => r.id).sort());
});

test('rule ids are unique kebab-case and match their doc url', () => {
  const ids = allRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of allRules) {
    assert.match(r.id, /^[a-z]+(-[a-z]+)*$/);
    assert.equal(r.meta.docs.url, docsUrl(r.id));
    assert.ok(r.meta.docs.description.length > 20, `${r.id} needs a description`);
    assert.ok(Object.keys(r.meta.messages).length > 0, `${r.id} needs messages`);
  }
});

for (const rule of allRules) {
  test(`${rule.id} has its doc with the generated header and every section`, () => {
    const file = path.join(repo, 'docs/rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(file), `missing ${path.relative(repo, file)} (run: npx tsc -b && node scripts/update-docs.mjs)`);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith(ruleDocHeader(rule)), `header of ${rule.id}.md is out of date (run node scripts/update-docs.mjs)`);
    let at = 0;
    for (const section of RULE_DOC_SECTIONS) {
      const i = text.indexOf(`\n${section}\n`, at);
      assert.ok(i >= 0, `${rule.id}.md lacks "${section}" (in order)`);
      at = i;
    }
    assert.ok(!/\bTODO\b/.test(text), `${rule.id}.md still has TODO`);
  });

  test(`${rule.id} has a table test with enough valid and invalid cases`, () => {
    const file = path.join(repo, 'test/rules', `${rule.id}.test.ts`);
    assert.ok(fs.existsSync(file), `missing test/rules/${rule.id}.test.ts`);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /ruleTester\(/);
  });
}

test('README rule table matches the rules', () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- rules:start -->');
  const end = readme.indexOf('<!-- rules:end -->');
  assert.ok(start >= 0 && end > start, 'README needs the rules:start/rules:end markers');
  assert.equal(readme.slice(start + '<!-- rules:start -->'.length, end).trim(), readmeRuleTable(allRules), 'README rule table is out of date (run node scripts/update-docs.mjs)');
});
