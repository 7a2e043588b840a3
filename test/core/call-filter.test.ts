import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { analyzeFile } from '../../server/src/core/analyze';
import { configFrom } from '../../server/src/analyzer';
import { defineRule, type CallFilter, type RuleModule } from '../../server/src/core/rule-api';

// A rule's `calls` filter narrows the calls its `CallExpression` listener is given, by the callee's last name and the
// receiver's name; rules without one still see every call, and all listeners run in rule order.

const CODE = `
describe('s', () => {
  it('t', async () => {
    await page.click('#a');
    assert.equal(1, 1);
    assert(true);
    expect(x).toBe(1);
    f()();
    obj[key]();
    (page.fill)('x');
    cy.get('a').click().type('b');
  });
});`;

/** A rule recording, in order, the callee text of each call its listener is given (into the shared log). */
function recorder(id: string, log: string[], calls?: CallFilter): RuleModule {
  return defineRule({
    id,
    meta: { type: 'flaky', cause: 'timing', defaultSeverity: 'warning', docs: { description: id, url: '' }, messages: { x: 'x' } },
    calls,
    create(context) {
      return {
        CallExpression(node: ts.CallExpression) {
          log.push(`${id}:${node.expression.getText(context.sourceFile)}`);
        },
      };
    },
  });
}

function run(rules: RuleModule[]): void {
  const config = configFrom({});
  for (const r of rules) config.rules[r.id] = { severity: 'warning', options: {} };
  analyzeFile({ path: 'case.test.ts', text: CODE, config, rules });
}

const calleesOf = (log: string[], id: string) => log.filter((l) => l.startsWith(`${id}:`)).map((l) => l.slice(id.length + 1));

test('a filtered listener gets only the calls whose last name or receiver its filter admits', () => {
  const log: string[] = [];
  run([recorder('by-name', log, { names: (n) => n === 'click' || n === 'type' || n === 'fill' }), recorder('by-receiver', log, { receivers: (n) => n === 'assert' })]);
  assert.deepEqual(calleesOf(log, 'by-name'), ['page.click', "cy.get('a').click().type", "cy.get('a').click"]);
  // `(page.fill)(…)` has no plain callee; `assert(true)` has no receiver: only `assert.equal` is given.
  assert.deepEqual(calleesOf(log, 'by-receiver'), ['assert.equal']);
});

test('an unfiltered listener still gets every call, nameless ones included', () => {
  const log: string[] = [];
  run([recorder('every', log), recorder('some', log, { names: (n) => n === 'expect' })]);
  const every = calleesOf(log, 'every');
  for (const callee of ['describe', 'it', 'page.click', 'assert.equal', 'assert', 'expect(x).toBe', 'expect', 'f()', 'f', 'obj[key]', '(page.fill)', "cy.get('a').click().type"]) {
    assert.ok(every.includes(callee), `unfiltered listener missed ${callee}`);
  }
  assert.deepEqual(calleesOf(log, 'some'), ['expect']);
});

test('listeners run in rule order at each call, filtered or not', () => {
  const log: string[] = [];
  run([recorder('first', log), recorder('second', log, { names: (n) => n === 'expect' }), recorder('third', log)]);
  const i = log.indexOf('second:expect');
  assert.ok(i > 0);
  assert.deepEqual(log.slice(i - 1, i + 2), ['first:expect', 'second:expect', 'third:expect']);
});

test('a filter is asked once per name, however many calls and files carry it', () => {
  const asked = new Map<string, number>();
  const log: string[] = [];
  const rules = [recorder('counted', log, { names: (n) => { asked.set(n, (asked.get(n) ?? 0) + 1); return n === 'click'; } })];
  run(rules);
  run(rules);
  assert.equal(calleesOf(log, 'counted').length, 4);
  assert.equal(asked.get('click'), 1);
  assert.equal(asked.get('it'), 1);
});
