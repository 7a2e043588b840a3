import type { RuleModule } from '../core/rule-api';

/** The header every `docs/rules/<id>.md` opens with; generated from the rule's meta and checked by a meta-test. */
export function ruleDocHeader(rule: RuleModule): string {
  const m = rule.meta;
  return [
    `# ${rule.id}`,
    '',
    `> ${m.docs.description}`,
    '',
    '| default severity | kind | cause | fixable |',
    '|---|---|---|---|',
    `| ${m.defaultSeverity} | ${m.type} | ${m.cause} | ${m.fixable ? 'yes (`--fix`)' : m.hasSuggestions ? 'suggestions in the editor' : 'no'} |`,
    '',
  ].join('\n');
}

/** Sections every rule doc must have, in this order. */
export const RULE_DOC_SECTIONS = ['## Why this flakes', '## Flagged', '## Not flagged', '## Options', '## Known limits'];

/** The README's rule table (between the `rules:start`/`rules:end` markers). */
export function readmeRuleTable(rules: readonly RuleModule[]): string {
  const rows = rules.map((r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.meta.cause} | ${r.meta.defaultSeverity} | ${r.meta.fixable ? 'yes' : ''} | ${r.meta.docs.description.replace(/\|/g, '\\|')} |`);
  return ['| rule | cause | default | fix | what it flags |', '|---|---|---|---|---|', ...rows].join('\n');
}
