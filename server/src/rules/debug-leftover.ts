import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { defineRule, type FixDescriptor, type RuleListener } from '../core/rule-api';
import { blockOfNode } from '../core/model';
import { docsUrl } from './docs-url';
import { brief, calleeName, chainHead, exercisesApi, parentSkippingParens, receiverOf, removeStatementEdit, where } from './_async-wait';

/** Method names that only ever debug, by the receiver that makes them a debugging call. */
const DEBUG_METHOD_NAMES = ['pause', 'debug', 'logTestingPlaygroundURL'];
const DEBUG_METHODS = new Set(DEBUG_METHOD_NAMES);
const PAGE_RECEIVER = /^(?:page|popup|frame|[a-z]\w*Page)$/;

export default defineRule({
  id: 'debug-leftover',
  meta: {
    type: 'hygiene',
    cause: 'pipeline',
    defaultSeverity: 'error',
    docs: {
      description: 'Debugging calls left in tests (`page.pause()`, `cy.pause()`, `cy.debug()`, `browser.debug()`, `screen.debug()`, `debugger`): they stop the run for a human.',
      url: docsUrl('debug-leftover'),
    },
    messages: {
      call: '`{call}` is a debugging leftover{where}: {effect} Remove it before committing.',
      debuggerStatement: '`debugger` statement left{where}: with an inspector attached (`--inspect`, a debug terminal) the run stops here. Remove it before committing.',
    },
    fixable: true,
  },
  create(context) {
    const sf = context.sourceFile;
    // A `debugger` listener costs nothing where there is none (listeners go by node kind); the call listener runs
    // only in files that name one of the debugging methods.
    const callsDebugMethod = mentionsName(sf, DEBUG_METHOD_NAMES, /\.pause\(|\.debug\(|logTestingPlaygroundURL/);
    const inTestCode = () => context.currentBlock().kind !== 'root' || context.model.tests.length > 0 || context.model.suites.length > 0;
    const report = (node: ts.Node, call: string, effect: string, fix?: FixDescriptor) => {
      context.report({ messageId: 'call', node, data: { call, where: where(blockOfNode(context.model, node)), effect }, fixes: fix ? [fix] : [] });
    };
    const listener: RuleListener = {
      DebuggerStatement(node: ts.DebuggerStatement) {
        const block = blockOfNode(context.model, node);
        // `debugger; // eslint-disable-line no-debugger` was left on purpose (a test of the debugger itself).
        const lineEnd = context.text.indexOf('\n', node.end);
        if (/eslint-disable|test-layers-disable/.test(context.text.slice(node.end, lineEnd < 0 ? undefined : lineEnd))) return;
        if (exercisesApi(block, context.path, ['debugger'])) return;
        context.report({
          messageId: 'debuggerStatement', node, data: { where: where(block) },
          fixes: [{ description: 'Remove the `debugger` statement', safe: true, edits: [removeStatementEdit(node, sf)] }],
        });
      },
    };
    if (!callsDebugMethod) return listener;
    listener.CallExpression = (node: ts.CallExpression) => {
      const name = calleeName(node);
      if (name === undefined || !DEBUG_METHODS.has(name)) return;
      const receiver = receiverOf(node);
      if (!receiver) return;
      const effect = debugEffect(receiver, name, node.arguments.length);
      if (!effect || !inTestCode()) return;
      if (exercisesApi(blockOfNode(context.model, node), context.path, [name])) return;
      const text = brief(node, sf);
      const parent = parentSkippingParens(node);
      const stmt = compiler.isAwaitExpression(parent) ? parentSkippingParens(parent) : parent;
      if (compiler.isExpressionStatement(stmt) && !compiler.isCallExpression(receiver)) {
        report(node, text, effect, { description: `Remove \`${text}\``, safe: true, edits: [removeStatementEdit(stmt, sf)] });
        return;
      }
      // In a Cypress chain: `cy.get(x).debug().click()` loses only `.debug()`, the query stays.
      if (compiler.isCallExpression(receiver) || (compiler.isPropertyAccessExpression(node.parent) && node.parent.expression === node)) {
        report(node, text, effect, { description: `Remove \`.${name}()\``, safe: true, edits: [{ start: receiver.end, end: node.end, newText: '' }] });
        return;
      }
      report(node, text, effect);
    };
    return listener;
  },
});

/** What the call does when run, or undefined when the receiver makes it something else (`video.pause()`, `logger.debug()`). */
function debugEffect(receiver: ts.Expression, name: string, argCount: number): string | undefined {
  const head = chainHead(receiver);
  if (!head) return undefined;
  const direct = compiler.isIdentifier(receiver) ? receiver.text : compiler.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
  if (head.text === 'cy') {
    if (name === 'pause') return 'it stops the Cypress run until someone presses Resume in the runner.';
    if (name === 'debug') return 'it stops in the debugger whenever DevTools are open and prints to the console.';
    return undefined;
  }
  if (name === 'pause' && argCount === 0 && direct && PAGE_RECEIVER.test(direct)) return 'it stops the test and waits for someone to press Resume in the Playwright Inspector.';
  if (name === 'debug' && direct === 'browser' && argCount <= 1) return 'it stops the WebdriverIO run and opens a REPL until someone leaves it.';
  if (name === 'debug' && direct === 'jestPuppeteer') return 'it stops the run until someone resumes it in the browser.';
  if ((name === 'debug' || name === 'logTestingPlaygroundURL') && direct === 'screen') return 'it dumps the DOM into the test output on every run.';
  return undefined;
}
