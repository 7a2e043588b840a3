import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import { blockOfNode } from '../core/model';
import { inForce } from '../core/in-force';
import { docsUrl } from './docs-url';
import { enclosingTest, shortText, unwrap, whereText } from './_test-code';

/** Names one of the clock readings `isNow` accepts needs. */
const CLOCK_NAMES = ['Date', 'now', 'hrtime', 'uptime'];

/** Matchers that put an upper bound (or an exact value) on their subject; with `.not` the lower-bound ones do. */
const UPPER_MATCHERS = new Set(['toBeLessThan', 'toBeLessThanOrEqual', 'below', 'lessThan', 'most', 'lte', 'lt', 'isBelow', 'isAtMost']);
const LOWER_MATCHERS = new Set(['toBeGreaterThan', 'toBeGreaterThanOrEqual', 'above', 'greaterThan', 'least', 'gte', 'gt', 'isAbove', 'isAtLeast']);
const EXACT_MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'toBeCloseTo', 'equal', 'equals', 'eq', 'eql', 'closeTo', 'approximately', 'within', 'strictEqual', 'deepEqual', 'is']);
const ASSERT_HEADS = new Set(['assert', 't', 'expect']);

type Bound = 'upper' | 'exact';

export default defineRule({
  id: 'timing-assertion',
  meta: {
    type: 'flaky',
    cause: 'timing',
    defaultSeverity: 'warning',
    docs: {
      description: 'Assertions on elapsed wall-clock time (`expect(Date.now() - start).toBeLessThan(100)`): a loaded CI machine makes the same code slower.',
      url: docsUrl('timing-assertion'),
    },
    messages: {
      upper: '`{what}` asserts that wall-clock time stays within {bound}{where}: on a loaded CI machine the same code takes longer. Assert on what the code did (calls, order, state) or use fake timers.',
      exact: '`{what}` asserts an exact wall-clock duration{where}: real time never repeats exactly. Assert on what the code did, or use fake timers and advance them.',
    },
  },
  create(context) {
    const sf = context.sourceFile;
    // Every duration starts from a clock reading (`Date.now()`, `new Date()`, `performance.now()`, `process.hrtime()`).
    if (!mentionsName(sf, CLOCK_NAMES, /\b(?:Date|now|hrtime|uptime)\b/)) return {};
    /** Names holding a clock reading (`const start = Date.now()`) and names holding a duration (`const ms = Date.now() - start`). */
    const readings = new Map<string, ts.Node>();
    const durations = new Map<string, ts.Node>();
    const found: { node: ts.CallExpression; bound: Bound; boundText: string; reading?: ts.Node }[] = [];

    const isNow = (e: ts.Expression): boolean => {
      const n = unwrap(e);
      if (compiler.isIdentifier(n)) return readings.has(n.text);
      if (compiler.isPrefixUnaryExpression(n) && n.operator === compiler.SyntaxKind.PlusToken) return isNow(n.operand);
      if (compiler.isNewExpression(n)) return compiler.isIdentifier(n.expression) && n.expression.text === 'Date' && (n.arguments?.length ?? 0) === 0;
      if (compiler.isCallExpression(n)) {
        // `new Date().getTime()`, `start.valueOf()`
        if (compiler.isPropertyAccessExpression(n.expression) && ['getTime', 'valueOf'].includes(n.expression.name.text)) return isNow(n.expression.expression);
        const chain = calleeChain(n.expression);
        if (!chain) return false;
        const dotted = chain.join('.');
        if (dotted === 'Date.now' || dotted === 'performance.now' || dotted === 'process.hrtime.bigint' || dotted === 'process.uptime') return true;
        if (dotted === 'process.hrtime' && n.arguments.length === 0) return true;
        if ((dotted === 'Number' || dotted === 'BigInt') && n.arguments[0]) return isNow(n.arguments[0]);
      }
      return false;
    };
    /** A duration: `now - reading`, `process.hrtime(start)`, a name holding one, or arithmetic on one. */
    const durationOf = (e: ts.Expression): ts.Node | undefined => {
      const n = unwrap(e);
      if (compiler.isIdentifier(n)) return durations.get(n.text);
      if (compiler.isBinaryExpression(n)) {
        if (n.operatorToken.kind === compiler.SyntaxKind.MinusToken && isNow(n.left) && isNow(n.right)) {
          const r = unwrap(n.right);
          return compiler.isIdentifier(r) ? readings.get(r.text) ?? n : n;
        }
        if ([compiler.SyntaxKind.SlashToken, compiler.SyntaxKind.AsteriskToken].includes(n.operatorToken.kind)) return durationOf(n.left) ?? durationOf(n.right);
        return undefined;
      }
      if (compiler.isCallExpression(n)) {
        const chain = calleeChain(n.expression);
        const dotted = chain?.join('.');
        if (dotted === 'process.hrtime' && n.arguments.length === 1) return n;
        if ((dotted === 'Number' || dotted === 'Math.round' || dotted === 'Math.floor' || dotted === 'Math.ceil' || dotted === 'Math.abs') && n.arguments[0]) return durationOf(n.arguments[0]);
        if (compiler.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'toFixed') return durationOf(n.expression.expression);
      }
      if (compiler.isElementAccessExpression(n)) return durationOf(n.expression);
      return undefined;
    };

    const noteDeclaration = (name: string, init: ts.Expression, at: ts.Node) => {
      if (isNow(init)) readings.set(name, at);
      else {
        const d = durationOf(init);
        if (d) durations.set(name, d);
      }
    };

    /** Upper/exact bounds stated by an `expect(…)` chain or an `assert*(a < b)` call. */
    const inspectAssertion = (call: ts.CallExpression) => {
      const callee = call.expression;
      if (compiler.isPropertyAccessExpression(callee)) {
        // expect(subject)[.not].matcher(bound)
        const matcher = callee.name.text;
        const modifiers: string[] = [];
        let cur: ts.Expression = callee.expression;
        while (compiler.isPropertyAccessExpression(cur)) {
          modifiers.push(cur.name.text);
          cur = cur.expression;
        }
        if (compiler.isCallExpression(cur) && compiler.isIdentifier(cur.expression) && cur.expression.text === 'expect' && cur.arguments[0]) {
          const reading = durationOf(cur.arguments[0]);
          if (reading) {
            const negated = modifiers.includes('not');
            let bound: Bound | undefined;
            if (UPPER_MATCHERS.has(matcher)) bound = negated ? undefined : 'upper';
            else if (LOWER_MATCHERS.has(matcher)) bound = negated ? 'upper' : undefined;
            else if (EXACT_MATCHERS.has(matcher) && !negated) bound = matcher === 'within' ? 'upper' : 'exact';
            if (bound) found.push({ node: call, bound, boundText: boundText(call), reading });
            return;
          }
          // expect(elapsed < 100).toBe(true)
          const cmp = comparisonBound(cur.arguments[0]);
          if (cmp && (matcher === 'toBe' || matcher === 'toBeTruthy' || matcher === 'true' || matcher === 'ok') && !modifiers.includes('not')) {
            found.push({ node: call, bound: 'upper', boundText: cmp.bound, reading: cmp.reading });
          }
          return;
        }
      }
      const chain = calleeChain(callee);
      if (!chain || !(chain.length <= 2 && ASSERT_HEADS.has(chain[0]) || chain[chain.length - 1] === 'assert')) return;
      // `expect(subject)` alone is the start of a chain, judged with its matcher above.
      if (chain.length === 1 && chain[0] === 'expect') return;
      for (const arg of call.arguments) {
        const cmp = comparisonBound(arg);
        if (cmp) {
          found.push({ node: call, bound: 'upper', boundText: cmp.bound, reading: cmp.reading });
          return;
        }
      }
      // assert.strictEqual(elapsed, 100)
      const last = chain[chain.length - 1];
      if (EXACT_MATCHERS.has(last) && call.arguments[0]) {
        const reading = durationOf(call.arguments[0]);
        if (reading) found.push({ node: call, bound: 'exact', boundText: call.arguments[1]?.getText(sf) ?? '', reading });
      }
    };

    /** `elapsed < 100` / `100 > elapsed`: an upper bound on a duration. */
    const comparisonBound = (e: ts.Expression): { bound: string; reading: ts.Node } | undefined => {
      const n = unwrap(e);
      if (!compiler.isBinaryExpression(n)) return undefined;
      const op = n.operatorToken.kind;
      const less = op === compiler.SyntaxKind.LessThanToken || op === compiler.SyntaxKind.LessThanEqualsToken;
      const greater = op === compiler.SyntaxKind.GreaterThanToken || op === compiler.SyntaxKind.GreaterThanEqualsToken;
      if (less) {
        const reading = durationOf(n.left);
        if (reading) return { bound: n.right.getText(sf), reading };
      }
      if (greater) {
        const reading = durationOf(n.right);
        if (reading) return { bound: n.left.getText(sf), reading };
      }
      return undefined;
    };

    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (compiler.isIdentifier(node.name) && node.initializer) noteDeclaration(node.name.text, node.initializer, node);
      },
      BinaryExpression(node: ts.BinaryExpression) {
        if (node.operatorToken.kind === compiler.SyntaxKind.EqualsToken && compiler.isIdentifier(node.left)) noteDeclaration(node.left.text, node.right, node);
      },
      CallExpression(node: ts.CallExpression) {
        inspectAssertion(node);
      },
      end() {
        if (found.length === 0) return;
        const force = inForce(context.model, sf);
        for (const f of found) {
          const block = blockOfNode(context.model, f.node);
          if (force.clock(block)) continue;
          const readingIsOwn = f.reading && (compiler.isVariableDeclaration(f.reading) || compiler.isBinaryExpression(f.reading));
          context.report({
            messageId: f.bound,
            node: f.node,
            data: { what: shortText(f.node, sf), bound: describeBound(f.boundText), where: whereText(block) },
            test: enclosingTest(block),
            related: readingIsOwn && f.reading ? [{ message: 'the clock is read here', node: f.reading }] : [],
          });
        }
      },
    };

    function boundText(call: ts.CallExpression): string {
      return call.arguments.map((a) => a.getText(sf)).join(', ');
    }
  },
});

function describeBound(text: string): string {
  return /^\d[\d_]*$/.test(text) ? `${text.replace(/_/g, '')} ms` : `\`${text}\``;
}
