import { ts } from 'ts-morph';
import { compiler } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import { isInsideComment } from '../core/annotations';
import type { SuiteBlock, TestBlock } from '../core/model';
import { docsUrl } from './docs-url';

/** `// it('…'` to the end of the line; only where the comment starts the line (checked per match: a leading `^` with the
 * `m` flag makes the engine try every position, a leading `//` lets it skip to the next one). */
const COMMENTED_TEST = /\/\/[ \t]*(?:it|test|specify|describe|context)(?:\.(?:only|skip|each|concurrent))?[ \t]*\([ \t]*['"`][^\n]*/g;

/** Whether only spaces and tabs precede `pos` on its line (line terminators as the `m` flag's `^` knows them). */
function startsLine(text: string, pos: number): boolean {
  for (let i = pos - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The node that skips the call: `.skip`/`.fixme`/`.skipIf` or the `xit`/`xdescribe` identifier. */
function skipNode(call: ts.CallExpression): ts.Node | undefined {
  let cur: ts.Expression = call.expression;
  for (let guard = 0; guard < 10; guard++) {
    if (compiler.isCallExpression(cur)) cur = cur.expression;
    else if (compiler.isTaggedTemplateExpression(cur)) cur = cur.tag;
    else if (compiler.isPropertyAccessExpression(cur)) {
      if (cur.name.text === 'skip' || cur.name.text === 'fixme') return cur.name;
      cur = cur.expression;
    } else if (compiler.isIdentifier(cur)) return /^x(it|test|specify|describe|context|suite)$/.test(cur.text) ? cur : undefined;
    else return undefined;
  }
  return undefined;
}

/** `describe.skipIf(cond)` / `test.skip(cond, …)` / `it.skip.if`: skipping on a condition is configuration, not quarantine. */
function isConditional(call: ts.CallExpression): boolean {
  const chain = calleeChain(call.expression) ?? [];
  return chain.includes('skipIf') || chain.includes('runIf');
}

export default defineRule({
  id: 'skipped-test',
  meta: {
    type: 'hygiene',
    cause: 'pipeline',
    defaultSeverity: 'info',
    docs: {
      description: 'Skipped tests (`.skip`, `xit`, `.fixme`, runtime `test.skip()`, commented-out tests) are the quarantine list: coverage that silently stopped.',
      url: docsUrl('skipped-test'),
    },
    messages: {
      skipped: '`{call}` skips {what} \'{name}\': it no longer runs; fix it or delete it.',
      runtimeSkip: '`{call}` skips \'{name}\' unconditionally at run time: it no longer runs; fix it or delete it.',
      commentedOut: 'Commented-out test: it no longer runs; restore it or delete it.',
    },
    defaultOptions: { reportCommentedOut: true },
  },
  create(context) {
    const sf = context.sourceFile;
    const check = (block: TestBlock | SuiteBlock) => {
      if (!block.modifiers.includes('skip') && !block.modifiers.includes('fixme')) return;
      if (isConditional(block.call)) return;
      const node = skipNode(block.call);
      if (!node) return;
      context.report({
        messageId: 'skipped',
        node,
        data: { call: block.call.expression.getText(sf).split('(')[0].replace(/\s+/g, ''), what: block.kind === 'suite' ? 'the suite' : 'the test', name: block.name },
        test: block.kind === 'test' ? block : null,
      });
    };
    return {
      CallExpression(node: ts.CallExpression) {
        // Runtime skips inside a test body: `test.skip()`, `test.fixme()`, `this.skip()`, `t.skip()` with no condition.
        const chain = calleeChain(node.expression);
        if (!chain || chain.length !== 2) return;
        const [head, method] = chain;
        if (method !== 'skip' && method !== 'fixme') return;
        const test = context.currentTest();
        if (!test) return;
        const canonical = context.model.canonicalOf(head);
        const unconditional = node.arguments.length === 0 || (node.arguments.length === 1 && node.arguments[0].kind === compiler.SyntaxKind.TrueKeyword);
        const isRuntime = canonical === 'test' || head === 'this' || (test.fn?.parameters[0] && compiler.isIdentifier(test.fn.parameters[0].name) && test.fn.parameters[0].name.text === head);
        if (!isRuntime || !unconditional || insideCondition(node, test.fn)) return;
        context.report({ messageId: 'runtimeSkip', node, data: { call: `${head}.${method}()`, name: test.name } });
      },
      end() {
        for (const s of context.model.suites) check(s);
        for (const t of context.model.tests) check(t);
        if (!context.options.reportCommentedOut) return;
        COMMENTED_TEST.lastIndex = 0;
        for (let m = COMMENTED_TEST.exec(context.text); m; m = COMMENTED_TEST.exec(context.text)) {
          const start = m.index;
          if (!startsLine(context.text, start)) {
            // Not a line start: look again right after this `//` (its match ran to the next `\n`, past any `\r` line break).
            COMMENTED_TEST.lastIndex = start + 2;
            continue;
          }
          if (!isInsideComment(context.text, start + 2)) continue;
          context.report({ messageId: 'commentedOut', span: { start, end: m.index + m[0].length }, test: null });
        }
      },
    };
  },
});


/** A skip under `if`, `?:`, `&&`/`||` or `switch` inside the test body is conditional configuration. */
function insideCondition(node: ts.Node, fn: ts.Node | undefined): boolean {
  for (let p = node.parent; p && p !== fn; p = p.parent) {
    if (compiler.isIfStatement(p) || compiler.isConditionalExpression(p) || compiler.isSwitchStatement(p) || compiler.isCatchClause(p)) return true;
    if (compiler.isBinaryExpression(p) && [compiler.SyntaxKind.AmpersandAmpersandToken, compiler.SyntaxKind.BarBarToken, compiler.SyntaxKind.QuestionQuestionToken].includes(p.operatorToken.kind)) return true;
  }
  return false;
}
