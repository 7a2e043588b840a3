import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../server/src/core/analyze';
import { configFrom } from '../../server/src/analyzer';
import { applyFixes } from '../../server/src/core/fixes';
import { checkUnlinkedParents } from '../../server/src/core/parse';
import type { RuleModule } from '../../server/src/core/rule-api';
import type { Finding } from '../../server/src/core/types';

export interface ValidCase {
  code: string;
  /** Defaults to a neutral name, so no path hint helps. */
  filename?: string;
  options?: Record<string, unknown>;
  name?: string;
}

export interface ExpectedError {
  messageId: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Full name of the test the finding belongs to (`null` for file-level). */
  test?: string | null;
  /** Substrings the message must contain. */
  messageIncludes?: string[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The text after applying the first fix of every finding (safe or not); omit when no fix is offered. */
  output?: string;
}

export const NEUTRAL_FILENAME = 'case.ts';

/** Runs one rule alone over code; returns its findings. */
export function runRule(rule: RuleModule, code: string, filename = NEUTRAL_FILENAME, options: Record<string, unknown> = {}): Finding[] {
  const config = configFrom({});
  for (const id of Object.keys(config.rules)) config.rules[id] = { severity: 'off', options: {} };
  config.rules[rule.id] = { severity: rule.meta.defaultSeverity, options };
  // Every case also checks that the rule reads no parent the analyzer's walk has not linked yet.
  checkUnlinkedParents(true);
  let report;
  try {
    report = analyzeFile({ path: filename, text: code, config, rules: [rule] });
  } finally {
    checkUnlinkedParents(false);
  }
  assert.deepEqual(report.errors.filter((e) => e.kind === 'internal').map((e) => e.message), [], 'the analysis reported internal errors');
  return report.findings.filter((f) => f.ruleId === rule.id);
}

function messageIdOf(rule: RuleModule, f: Finding): string | undefined {
  for (const [id, template] of Object.entries(rule.meta.messages)) {
    const pattern = new RegExp('^' + template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '[\\s\\S]*?') + '$');
    if (pattern.test(f.message)) return id;
  }
  return undefined;
}

/** ESLint RuleTester-style table test on node:test: valid cases must stay quiet, invalid ones report exactly. */
export function ruleTester(rule: RuleModule, cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] }): void {
  cases.valid.forEach((c, i) => {
    const vc = typeof c === 'string' ? { code: c } : c;
    test(`${rule.id} valid #${i + 1}${vc.name ? `: ${vc.name}` : ''}`, () => {
      const findings = runRule(rule, vc.code, vc.filename, vc.options);
      assert.deepEqual(findings.map((f) => `${f.range.line}:${f.range.column} ${f.message}`), [], 'expected no findings');
    });
  });
  cases.invalid.forEach((c, i) => {
    test(`${rule.id} invalid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
      const findings = runRule(rule, c.code, c.filename, c.options);
      assert.equal(findings.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${findings.map((f) => `${f.range.line}:${f.range.column} ${f.message}`).join('\n')}`);
      c.errors.forEach((e, j) => {
        const f = findings[j];
        assert.equal(messageIdOf(rule, f), e.messageId, `finding ${j + 1} message: ${f.message}`);
        if (e.line !== undefined) assert.equal(f.range.line, e.line, `finding ${j + 1} line`);
        if (e.column !== undefined) assert.equal(f.range.column, e.column, `finding ${j + 1} column`);
        if (e.endLine !== undefined) assert.equal(f.range.endLine, e.endLine, `finding ${j + 1} endLine`);
        if (e.endColumn !== undefined) assert.equal(f.range.endColumn, e.endColumn, `finding ${j + 1} endColumn`);
        if (e.test !== undefined) assert.equal(f.test, e.test, `finding ${j + 1} test`);
        for (const s of e.messageIncludes ?? []) assert.ok(f.message.includes(s), `finding ${j + 1} message should include ${JSON.stringify(s)}: ${f.message}`);
      });
      if (c.output !== undefined) {
        const fixed = applyFixes(c.code, findings, false);
        assert.equal(fixed.text, c.output);
        // A fix must leave nothing for the same rule to report where it applied.
        const again = runRule(rule, fixed.text, c.filename, c.options);
        assert.ok(again.length < findings.length, 'fix should remove the finding');
      } else {
        assert.ok(findings.every((f) => f.fixes.length === 0), 'a fix is offered: add `output` to the case');
      }
    });
  });
}
