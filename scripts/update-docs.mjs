// Regenerates the README rule table and each rule doc's header from the rule modules (run after `tsc -b`).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { allRules } = require('../out/server/src/rules/index.js');
const { ruleDocHeader, readmeRuleTable, RULE_DOC_SECTIONS } = require('../out/server/src/rules/docs.js');

const readme = readFileSync('README.md', 'utf8');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
if (readme.includes(start) && readme.includes(end)) {
  const next = readme.slice(0, readme.indexOf(start) + start.length) + '\n' + readmeRuleTable(allRules) + '\n' + readme.slice(readme.indexOf(end));
  writeFileSync('README.md', next);
}
for (const rule of allRules) {
  const file = `docs/rules/${rule.id}.md`;
  const header = ruleDocHeader(rule);
  if (!existsSync(file)) {
    writeFileSync(file, header + '\n' + RULE_DOC_SECTIONS.map((s) => `${s}\n\nTODO\n`).join('\n'));
    console.log(`created ${file} (fill in the sections)`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  const body = text.indexOf('\n## ') >= 0 ? text.slice(text.indexOf('\n## ') + 1) : text;
  writeFileSync(file, header + '\n' + body);
}
