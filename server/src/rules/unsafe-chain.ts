import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { defineRule, type FixDescriptor } from '../core/rule-api';
import { blockOfNode } from '../core/model';
import { docsUrl } from './docs-url';
import { brief, indentOf, KIND_CALL, KIND_IDENTIFIER, KIND_PROPERTY_ACCESS, parentSkippingParens, where } from './_async-wait';

/** Only Cypress code (`cy` named in code, not in a comment or as the end of `policy.`) gets listeners. */
const CY_NAMES = ['cy'];

/** Cypress action commands (and blur/focus/submit, which act too): the subject they yield may have re-rendered. */
const ACTIONS = new Set([
  'click', 'dblclick', 'rightclick', 'type', 'clear', 'check', 'uncheck', 'select', 'selectFile', 'trigger',
  'scrollIntoView', 'scrollTo', 'focus', 'blur', 'submit',
]);
/** Commands that may follow an action: assertions retry, and these do not use the subject. */
const SAFE_AFTER = new Set(['should', 'and', 'wait', 'log']);
/** Query commands: re-running them re-queries the DOM, which is what a new chain does. */
const QUERIES = new Set([
  'get', 'contains', 'find', 'first', 'last', 'eq', 'filter', 'not', 'children', 'closest', 'parent', 'parents',
  'parentsUntil', 'siblings', 'next', 'nextAll', 'nextUntil', 'prev', 'prevAll', 'prevUntil', 'shadow', 'focused', 'root',
]);

interface Segment {
  name: string;
  call: ts.CallExpression;
}

/** The Cypress chain under a call, root first (`cy.get(…)`, `.click()`, `.type(…)`), or undefined if it is not one. */
function segmentsOf(call: ts.CallExpression): Segment[] | undefined {
  const out: Segment[] = [];
  let cur: ts.Expression = call;
  for (let guard = 0; guard < 64; guard++) {
    if (!compiler.isCallExpression(cur) || !compiler.isPropertyAccessExpression(cur.expression)) return undefined;
    out.push({ name: cur.expression.name.text, call: cur });
    const recv: ts.Expression = cur.expression.expression;
    if (compiler.isIdentifier(recv)) return recv.text === 'cy' ? out.reverse() : undefined;
    cur = recv;
  }
  return undefined;
}

/** A `.then` whose callback ignores the subject does not touch the element. */
function isSafeAfter(seg: Segment): boolean {
  return isSafeCommand(seg.name, seg.call);
}

function isSafeCommand(name: string, call: ts.CallExpression): boolean {
  if (SAFE_AFTER.has(name)) return true;
  if (name === 'then') {
    const cb = call.arguments[0];
    return !!cb && (compiler.isArrowFunction(cb) || compiler.isFunctionExpression(cb)) && cb.parameters.length === 0;
  }
  return false;
}

/**
 * Whether the chain under a call is a `cy` chain with an action followed by an unsafe command, read from the outermost
 * call inward without building its segments (most chains have no action, or none followed by anything but assertions).
 */
function hasUnsafeCommand(call: ts.CallExpression): boolean {
  let found = false;
  let unsafeOutside = false;
  let cur: ts.Expression = call;
  for (let guard = 0; guard < 64; guard++) {
    if (cur.kind !== KIND_CALL) return false;
    const callee = (cur as ts.CallExpression).expression;
    if (callee.kind !== KIND_PROPERTY_ACCESS) return false;
    const name = (callee as ts.PropertyAccessExpression).name.text;
    if (!isSafeCommand(name, cur as ts.CallExpression)) {
      // The nearest unsafe command outside this one (only safe ones between) is reported if this one is an action.
      if (unsafeOutside && ACTIONS.has(name)) found = true;
      unsafeOutside = true;
    }
    const recv = (callee as ts.PropertyAccessExpression).expression;
    if (recv.kind === KIND_IDENTIFIER) return found && (recv as ts.Identifier).text === 'cy';
    cur = recv;
  }
  return false;
}

export default defineRule({
  id: 'unsafe-chain',
  meta: {
    type: 'flaky',
    cause: 'timing',
    defaultSeverity: 'warning',
    docs: {
      description: 'Cypress commands chained after an action command (`.click().type(…)`): the action can re-render the element, and the rest of the chain keeps acting on the old, detached one.',
      url: docsUrl('unsafe-chain'),
    },
    messages: {
      chained: '`.{command}()` is chained after `.{action}()`{where}: the {action} can re-render the element and Cypress does not re-query the subject an action yields, so `.{command}()` may act on a detached element. Start a new chain from the query: `{query}.{command}(…)`.',
    },
    hasSuggestions: true,
  },
  create(context) {
    // Only Cypress code gets listeners.
    const sf = context.sourceFile;
    if (!mentionsName(sf, CY_NAMES, /(?<![\w$])cy\./)) return {};
    /** What every finding of one chain shares: the block it is in, the query that starts it and the fix splitting it. */
    interface ChainFacts {
      where: string;
      firstAction: number;
      queryBrief: string;
      split: FixDescriptor | undefined;
    }
    /** `chainEnd`: the chain's outermost call, the node the analyzer's walk is at (the segments lie inside it). */
    const chainFacts = (segments: Segment[], chainEnd: ts.CallExpression): ChainFacts => {
      const firstAction = segments.findIndex((s) => ACTIONS.has(s.name));
      const query = segments.slice(0, firstAction);
      const queryCall = query.length > 0 && isRequery(query) ? query[query.length - 1].call : undefined;
      const queryText = queryCall?.getText(sf);
      return {
        where: where(blockOfNode(context.model, chainEnd)),
        firstAction,
        queryBrief: queryCall ? brief(queryCall, sf) : 'cy.get(…)',
        split: queryText ? splitChain(segments, firstAction, queryText, sf) : undefined,
      };
    };
    const report = (segments: Segment[], at: number, actionAt: number, chain: ChainFacts) => {
      const node = segments[at].call;
      const callee = node.expression as ts.PropertyAccessExpression;
      context.report({
        messageId: 'chained',
        span: { start: callee.name.getStart(sf), end: node.end },
        data: { command: segments[at].name, action: segments[actionAt].name, where: chain.where, query: chain.queryBrief },
        fixes: chain.split && chain.firstAction === actionAt ? [chain.split] : [],
      });
    };
    return {
      CallExpression(node: ts.CallExpression) {
        // Each chain is read once, from its last call: `cy.get(x).click().type(y)` at `.type(y)`.
        // Most calls are not chained on another call (`cy.get(x)`, `expect(y)`): the cheaper test first.
        if (node.expression.kind !== KIND_PROPERTY_ACCESS || (node.expression as ts.PropertyAccessExpression).expression.kind !== KIND_CALL) return;
        const parent = node.parent;
        if (parent.kind === KIND_PROPERTY_ACCESS && (parent as ts.PropertyAccessExpression).expression === node && parent.parent.kind === KIND_CALL && (parent.parent as ts.CallExpression).expression === parent) return;
        if (!hasUnsafeCommand(node)) return;
        const segments = segmentsOf(node);
        if (!segments) return;
        // A command is unsafe when an action lies below it with only assertions (or subject-free commands) between.
        let actionAt = -1;
        let chain: ChainFacts | undefined;
        for (let i = 0; i < segments.length; i++) {
          const seg = segments[i];
          const safe = isSafeAfter(seg);
          if (actionAt >= 0 && !safe) report(segments, i, actionAt, (chain ??= chainFacts(segments, node)));
          if (ACTIONS.has(seg.name)) actionAt = i;
          else if (!safe) actionAt = -1;
        }
      },
    };
  },
});

/** `cy.get(…)`, `cy.contains(…)`, `cy.findByRole(…)`, a `cy.getBySel(…)` custom query, then only query commands. */
function isRequery(query: Segment[]): boolean {
  const root = query[0].name;
  if (!QUERIES.has(root) && !/^(?:get|find|data)[A-Z]/.test(root)) return false;
  return query.slice(1).every((s) => QUERIES.has(s.name) || /^find(?:All)?By[A-Z]/.test(s.name));
}

/** Splits `cy.get(x).clear().type('a').should(…)` into `cy.get(x).clear();` and `cy.get(x).type('a').should(…);`. */
function splitChain(segments: Segment[], firstAction: number, queryText: string, sf: ts.SourceFile): FixDescriptor | undefined {
  const outer = segments[segments.length - 1].call;
  const stmt = parentSkippingParens(outer);
  if (!compiler.isExpressionStatement(stmt) || stmt.expression !== outer) return undefined;
  const groups: Segment[][] = [];
  let current: Segment[] = [];
  let sawAction = false;
  for (const seg of segments.slice(firstAction)) {
    if (sawAction && !isSafeAfter(seg)) {
      groups.push(current);
      current = [];
      sawAction = false;
    }
    current.push(seg);
    if (ACTIONS.has(seg.name)) sawAction = true;
  }
  groups.push(current);
  const text = sf.text;
  const parts = groups.map((g) => {
    const from = (g[0].call.expression as ts.PropertyAccessExpression).expression.end;
    return queryText + text.slice(from, g[g.length - 1].call.end);
  });
  const indent = indentOf(stmt, sf);
  return {
    description: `Split the chain: re-query \`${queryText.length > 40 ? `${queryText.slice(0, 39)}…` : queryText}\` before each action`,
    safe: false,
    edits: [{ start: outer.getStart(sf), end: outer.end, newText: parts.join(`;\n${indent}`) }],
  };
}
