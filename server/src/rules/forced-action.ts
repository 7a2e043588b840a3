import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { defineRule, type FixDescriptor } from '../core/rule-api';
import { blockOfNode } from '../core/model';
import { docsUrl } from './docs-url';
import { brief, browserFlavour, calleeName, chainHead, enclosingFunctionOf, exercisesApi, receiverOf, testOf, where } from './_async-wait';

/** Actions that take `{ force: true }` in Playwright or Cypress. */
const FORCEABLE = new Set([
  'click', 'dblclick', 'rightclick', 'fill', 'check', 'uncheck', 'setChecked', 'selectOption', 'select', 'hover', 'tap',
  'type', 'clear', 'dragTo', 'trigger', 'selectFile', 'selectText', 'press', 'pressSequentially', 'dragAndDrop',
]);
const ACTION_VERB: Record<string, string> = {
  dblclick: 'double-click', rightclick: 'right-click', selectOption: 'selection', select: 'selection', setChecked: 'check',
  dragTo: 'drag', dragAndDrop: 'drag', selectFile: 'file selection', selectText: 'text selection', pressSequentially: 'typing', fill: 'fill',
};
/** A test about a disabled or read-only element: forcing the action is how it shows that nothing happens. */
const DISABLED_SUBJECT = /\b(?:disabled|read[- ]?only|inert)\b/i;
/** Script calls that run a function in the page: a bare `el.click()` there skips every actionability check. */
const IN_PAGE_RUNNER_NAMES = ['$eval', 'evaluate', 'execute', 'invoke'];
const IN_PAGE_RUNNERS = new Set(IN_PAGE_RUNNER_NAMES);
const FORCE_NAMES = ['force', 'dispatchEvent'];

export default defineRule({
  id: 'forced-action',
  meta: {
    type: 'flaky',
    cause: 'timing',
    defaultSeverity: 'warning',
    docs: {
      description: 'Actions forced past the actionability checks (`{ force: true }`, `dispatchEvent(\'click\')`, a script `el.click()`): they act before the element is ready or on one a user could not reach.',
      url: docsUrl('forced-action'),
    },
    messages: {
      force: '`{call}` forces the {verb} with `force: true`{where}: it skips the wait for the element to be visible, stable, enabled and not covered, so it can act too early or on an element no user could reach. {instead}',
      dispatch: '`{call}` fires a synthetic `click` event{where}: no scrolling, no check that the element is visible, enabled or on top, so it passes where a user\'s click would fail and races the render. {instead}',
      scriptClick: '`{call}` clicks from a script inside the page{where}: no actionability checks, no real pointer events, so it passes where a user\'s click would fail and races the render. {instead}',
    },
    hasSuggestions: true,
    defaultOptions: { ignoreMethods: [] },
  },
  create(context) {
    // Only files that can hold a finding get listeners: `force`, `dispatchEvent`, or a click run inside the page
    // (`$eval`/`evaluate`/`execute`/`invoke`). A click alone is in nearly every end-to-end file.
    const sf = context.sourceFile;
    if (!mentionsName(sf, FORCE_NAMES, /force|dispatchEvent/) && !(mentionsName(sf, IN_PAGE_RUNNER_NAMES, /\$eval|evaluate|execute|invoke/) && context.text.includes('click'))) return {};
    const ignored = new Set<string>(Array.isArray(context.options.ignoreMethods) ? (context.options.ignoreMethods as string[]) : []);
    // The message's parts are worked out in `end`, for the findings that survive its checks.
    const pending: { node: ts.Node; call: ts.CallExpression; messageId: string; verb?: string; fixes: FixDescriptor[]; cypress: boolean }[] = [];
    /** Functions that build their page inline (`page.setContent(html)`), with where: the test wrote the markup it acts on. */
    const inlinePages = new Map<ts.Node, number>();
    return {
      CallExpression(node: ts.CallExpression) {
        const name = calleeName(node);
        if (name === undefined) return;
        if (name === 'setContent') {
          const fn = enclosingFunctionOf(node);
          if (fn && receiverOf(node) && !inlinePages.has(fn)) inlinePages.set(fn, node.pos);
          return;
        }
        if (FORCEABLE.has(name)) {
          if (ignored.has(name) || node.arguments.length === 0) return;
          const options = node.arguments[node.arguments.length - 1];
          if (!compiler.isObjectLiteralExpression(options)) return;
          const force = options.properties.find((p) => compiler.isPropertyAssignment(p) && propName(p) === 'force' && p.initializer.kind === compiler.SyntaxKind.TrueKeyword);
          if (!force || !receiverOf(node) || expectsFailure(node)) return;
          const cypress = chainHead(node.expression)?.text === 'cy';
          pending.push({
            node: force, call: node, messageId: 'force', cypress, verb: ACTION_VERB[name] ?? name,
            fixes: [{ description: 'Remove `force: true` (wait for the element instead)', safe: false, edits: [removeProperty(options, force, node, sf)] }],
          });
          return;
        }
        if (name === 'dispatchEvent') {
          // Playwright: `locator.dispatchEvent('click')`, `page.dispatchEvent(sel, 'click')`; a DOM `el.dispatchEvent(new MouseEvent(…))` is not this.
          const isClick = node.arguments.some((a, i) => i < 2 && compiler.isStringLiteralLike(a) && a.text === 'click');
          if (!isClick || !receiverOf(node)) return;
          pending.push({ node, call: node, messageId: 'dispatch', cypress: false, fixes: [] });
          return;
        }
        if (IN_PAGE_RUNNERS.has(name)) {
          const receiver = receiverOf(node);
          if (!receiver) return;
          const cypress = chainHead(node.expression)?.text === 'cy';
          if (name === 'invoke') {
            // Cypress: `cy.get(btn).invoke('click')` calls jQuery's click, past every check `.click()` makes.
            const method = node.arguments[0];
            if (!cypress || !method || !compiler.isStringLiteralLike(method) || method.text !== 'click' || node.arguments.length > 1) return;
            pending.push({ node, call: node, messageId: 'scriptClick', cypress, fixes: [] });
            return;
          }
          const fn = node.arguments.find((a) => compiler.isArrowFunction(a) || compiler.isFunctionExpression(a)) as ts.ArrowFunction | ts.FunctionExpression | undefined;
          if (!fn || !onlyClicks(fn)) return;
          pending.push({ node, call: node, messageId: 'scriptClick', cypress: false, fixes: [] });
        }
      },
      end() {
        const flavour = browserFlavour(context.model);
        const isCypressFile = context.model.framework === 'cypress';
        for (const p of pending) {
          const block = blockOfNode(context.model, p.node);
          if (exercisesApi(block, context.path, p.messageId === 'force' ? ['force'] : ['dispatchEvent', 'evaluate', 'invoke'], p.node)) continue;
          const test = testOf(block);
          if (test && DISABLED_SUBJECT.test(test.fullName)) continue;
          if (onInlinePage(p.node)) continue;
          // `force: true` means an actionability override only in a browser-driving file; elsewhere (`fs.rm`, `git`) it is something else.
          if (!p.cypress && !flavour && !isCypressFile) continue;
          if (p.messageId !== 'force' && p.messageId !== 'scriptClick' && flavour !== 'playwright' && flavour !== 'puppeteer') continue;
          const instead = p.cypress || (isCypressFile && !flavour)
            ? 'Wait for the state a user needs instead: `cy.get(…).should(\'be.visible\')` / `.should(\'be.enabled\')`, then act; if something covers it, close or scroll past that first.'
            : flavour === 'webdriverio'
              ? 'Use `await el.waitForClickable()` then `await el.click()`.'
              : 'Act like a user instead: `await locator.click()` waits for the element to be visible, stable, enabled and on top; add `await expect(locator).toBeEnabled()` if it must wait for a state.';
          const data: Record<string, string> = { call: brief(p.call, sf) };
          if (p.verb !== undefined) data.verb = p.verb;
          data.where = where(p.call === p.node ? block : blockOfNode(context.model, p.call));
          data.instead = instead;
          context.report({ messageId: p.messageId, node: p.node, data, test, fixes: p.fixes });
        }
      },
    };

    /** A page the same function built earlier with `setContent`: the markup and its state are the test's own. */
    function onInlinePage(node: ts.Node): boolean {
      for (let fn = enclosingFunctionOf(node); fn; fn = enclosingFunctionOf(fn)) {
        const at = inlinePages.get(fn);
        if (at !== undefined && at < node.pos) return true;
      }
      return false;
    }
  },
});


/** `el.click({ force: true }).catch(…)`: the test expects the action to fail, it is probing the option. */
function expectsFailure(call: ts.CallExpression): boolean {
  const p = call.parent;
  return compiler.isPropertyAccessExpression(p) && p.expression === call && p.name.text === 'catch';
}

function propName(p: ts.PropertyAssignment): string | undefined {
  return compiler.isIdentifier(p.name) || compiler.isStringLiteralLike(p.name) ? p.name.text : undefined;
}

/** `(el) => el.click()`, `el => { el.click(); }`, `() => document.querySelector(s).click()`. */
function onlyClicks(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  let expr: ts.Node | undefined = fn.body;
  if (compiler.isBlock(fn.body)) {
    if (fn.body.statements.length !== 1 || !compiler.isExpressionStatement(fn.body.statements[0])) return false;
    expr = fn.body.statements[0].expression;
  }
  if (!expr || !compiler.isCallExpression(expr)) return false;
  const callee = expr.expression;
  return compiler.isPropertyAccessExpression(callee) && callee.name.text === 'click' && expr.arguments.length === 0;
}

/** Removes `force: true` from the options, or the whole options argument when it held nothing else. */
function removeProperty(options: ts.ObjectLiteralExpression, prop: ts.ObjectLiteralElementLike, call: ts.CallExpression, sf: ts.SourceFile) {
  const props = options.properties;
  if (props.length === 1) {
    const i = call.arguments.indexOf(options as ts.Expression);
    const start = i > 0 ? call.arguments[i - 1].end : options.getStart(sf);
    return { start, end: options.end, newText: '' };
  }
  const i = props.indexOf(prop);
  if (i < props.length - 1) return { start: prop.getStart(sf), end: props[i + 1].getStart(sf), newText: '' };
  return { start: props[i - 1].end, end: prop.end, newText: '' };
}
