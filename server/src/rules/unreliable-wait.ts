import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { blockOfNode, type Block } from '../core/model';
import { docsUrl } from './docs-url';
import { brief, browserFlavour, calleeName, isAwaited, parentSkippingParens, receiverOf, takesPageFixture, testOf, unwrapExpr, where, exercisesApi } from './_async-wait';

/** A file can hold a finding only if it names one of these waits, or sets `waitUntil`/`waitForLoadState` to network idleness. */
const WAIT_NAMES = ['waitForNavigation', 'waitForSelector'];
const IDLE_OPTION_NAMES = ['waitUntil', 'waitForLoadState'];

const NETWORK_IDLE = /^networkidle[02]?$/;
/** Reads that return a value once (the element's state at that instant). */
const ONE_SHOT_READS = new Set([
  'textContent', 'innerText', 'innerHTML', 'inputValue', 'getAttribute', 'isVisible', 'isHidden', 'isChecked', 'isEnabled',
  'isDisabled', 'isEditable', 'evaluate', 'getProperty', 'jsonValue',
]);
const PAGE_READS = new Set(['textContent', 'innerText', 'innerHTML', 'inputValue', 'getAttribute', 'isVisible', 'isHidden', 'isChecked', 'isEnabled', 'isDisabled', 'isEditable', '$eval']);
/** Actions after which a `waitForNavigation` started too late can miss the navigation. */
const NAV_TRIGGERS = new Set(['click', 'press', 'goto', 'reload', 'submit', 'tap', 'dblclick', 'type', 'evaluate', 'check', 'selectOption']);

/** Names that, in a test's title or file name, say the test exercises the wait itself. */
const API_WORDS: Record<Pending['messageId'], string[]> = {
  networkIdle: ['networkidle', 'network idle', 'waitUntil', 'loadstate', 'load state'],
  waitForNavigation: ['waitForNavigation'],
  selectorRead: ['waitForSelector', 'selector'],
};

interface Pending {
  node: ts.Node;
  messageId: 'networkIdle' | 'waitForNavigation' | 'selectorRead';
  data: Record<string, string>;
  block: Block;
}

export default defineRule({
  id: 'unreliable-wait',
  meta: {
    type: 'flaky',
    cause: 'timing',
    defaultSeverity: 'warning',
    docs: {
      description: 'Waits on heuristics instead of the state the test needs: `networkidle`, `waitForNavigation`, a `waitForSelector` whose element is then read once.',
      url: docsUrl('unreliable-wait'),
    },
    messages: {
      networkIdle: '`{call}` waits until the network has been idle for 500 ms{where}: polling, analytics or a websocket keep it busy until the timeout, and a request that starts after it is not waited for. {instead}',
      waitForNavigation: '`{call}` {why}{where}: a navigation that finishes before the wait starts is missed, and a finished navigation says nothing about the content being ready. {instead}',
      selectorRead: '`{call}` waits only until the element is there, then `{read}` reads it once{where}: the element can appear before its final text or state. {instead}',
    },
  },
  create(context) {
    // Only files that mention one of these waits get listeners.
    const sf = context.sourceFile;
    if (!mentionsName(sf, WAIT_NAMES, /waitForNavigation|waitForSelector/) && !(mentionsName(sf, IDLE_OPTION_NAMES, /networkidle/) && context.text.includes('networkidle'))) return {};
    const pending: Pending[] = [];
    /** Per test: variables bound to `await x.waitForSelector(…)`, and selectors waited for with a bare statement. */
    const waitedVars = new Map<ts.Node, Map<string, ts.CallExpression>>();
    const waitedSelectors = new Map<ts.Node, Map<string, ts.CallExpression>>();
    const lastActionEnd = new Map<ts.Node, number>();
    const scopeKey = (): ts.Node | undefined => context.currentTest()?.call;
    return {
      PropertyAssignment(node: ts.PropertyAssignment) {
        // `{ waitUntil: 'networkidle' }` on goto/reload/setContent/waitForURL (Playwright) or networkidle0/2 (Puppeteer).
        if (!compiler.isIdentifier(node.name) || node.name.text !== 'waitUntil') return;
        const value = node.initializer;
        const literal = compiler.isStringLiteralLike(value) ? value : compiler.isArrayLiteralExpression(value) ? value.elements.find((e) => compiler.isStringLiteralLike(e) && NETWORK_IDLE.test(e.text)) : undefined;
        if (!literal || !compiler.isStringLiteralLike(literal) || !NETWORK_IDLE.test(literal.text)) return;
        const call = node.parent?.parent;
        if (!call || !compiler.isCallExpression(call) || !receiverOf(call) || expectsFailure(call)) return;
        pending.push({ node, messageId: 'networkIdle', data: { call: `${brief(call.expression, sf)}(…, { waitUntil: '${literal.text}' })` }, block: blockOfNode(context.model, node) });
      },
      CallExpression(node: ts.CallExpression) {
        const name = calleeName(node);
        if (name === undefined || !(NAV_TRIGGERS.has(name) || ONE_SHOT_READS.has(name) || PAGE_READS.has(name) || name === 'waitForLoadState' || name === 'waitForNavigation' || name === 'waitForSelector')) return;
        const key = scopeKey();
        if (NAV_TRIGGERS.has(name) && key && isAwaited(node)) lastActionEnd.set(key, node.end);
        switch (name) {
          case 'waitForLoadState': {
            const state = node.arguments[0];
            if (!state || !compiler.isStringLiteralLike(state) || state.text !== 'networkidle' || !receiverOf(node) || expectsFailure(node)) return;
            pending.push({ node, messageId: 'networkIdle', data: { call: brief(node, sf) }, block: blockOfNode(context.model, node) });
            return;
          }
          case 'waitForNavigation': {
            if (!receiverOf(node)) return;
            const actionEnd = key ? lastActionEnd.get(key) : undefined;
            const afterAction = actionEnd !== undefined && isAwaited(node) && actionEnd <= node.getStart(sf);
            // Started before or with the action (`Promise.all`, a promise awaited later) it cannot miss the navigation.
            if (afterAction) pending.push({ node, messageId: 'waitForNavigation', data: { call: brief(node, sf) }, block: blockOfNode(context.model, node) });
            return;
          }
          case 'waitForSelector': {
            if (!key || !isAwaited(node)) return;
            const selector = node.arguments[0];
            const awaitExpr = parentSkippingParens(node);
            const holder = parentSkippingParens(awaitExpr);
            if (compiler.isVariableDeclaration(holder) && compiler.isIdentifier(holder.name)) {
              mapOf(waitedVars, key).set(holder.name.text, node);
            } else if (compiler.isExpressionStatement(holder) && selector && compiler.isStringLiteralLike(selector)) {
              mapOf(waitedSelectors, key).set(`${receiverText(node, sf)}|${selector.text}`, node);
            } else if (compiler.isPropertyAccessExpression(holder) && compiler.isCallExpression(holder.parent) && ONE_SHOT_READS.has(holder.name.text)) {
              // `(await page.waitForSelector(s)).textContent()` asserted right away.
              const read = holder.parent;
              if (isAsserted(read)) pending.push({ node, messageId: 'selectorRead', data: { call: brief(node, sf), read: `.${holder.name.text}()` }, block: blockOfNode(context.model, node) });
            }
            return;
          }
        }
        if (!key || !(ONE_SHOT_READS.has(name) || PAGE_READS.has(name))) return;
        const receiver = receiverOf(node);
        if (!receiver || !isAsserted(node)) return;
        const r = unwrapExpr(receiver);
        const waitedVar = compiler.isIdentifier(r) && ONE_SHOT_READS.has(name) ? waitedVars.get(key)?.get(r.text) : undefined;
        if (waitedVar) {
          pending.push({ node: waitedVar, messageId: 'selectorRead', data: { call: brief(waitedVar, sf), read: brief(node, sf) }, block: blockOfNode(context.model, node) });
          return;
        }
        const selector = node.arguments[0];
        if (PAGE_READS.has(name) && selector && compiler.isStringLiteralLike(selector)) {
          const wait = waitedSelectors.get(key)?.get(`${receiver.getText(sf)}|${selector.text}`);
          if (wait) pending.push({ node: wait, messageId: 'selectorRead', data: { call: brief(wait, sf), read: brief(node, sf) }, block: blockOfNode(context.model, node) });
        }
      },
      end() {
        const flavour = browserFlavour(context.model);
        const fixture = (b: Block) => takesPageFixture(testOf(b)?.fn ?? (b.kind === 'hook' ? b.fn : undefined));
        const reported = new Set<ts.Node>();
        for (const p of pending) {
          if (reported.has(p.node)) continue;
          if (exercisesApi(p.block, context.path, API_WORDS[p.messageId])) continue;
          const kind = flavour ?? (fixture(p.block) ? 'playwright' : undefined);
          if (!kind || kind === 'webdriverio') continue;
          const data: Record<string, string> = { ...p.data, where: where(p.block), instead: '' };
          if (p.messageId === 'waitForNavigation') data.why = kind === 'playwright' ? 'is awaited after the action that navigates (and is deprecated)' : 'is awaited after the action that navigates';
          data.instead = insteadText(p.messageId, kind);
          reported.add(p.node);
          context.report({ messageId: p.messageId, node: p.node, data, test: testOf(p.block) });
        }
      },
    };
  },
});

function insteadText(id: Pending['messageId'], kind: 'playwright' | 'puppeteer'): string {
  if (kind === 'playwright') {
    if (id === 'networkIdle') return 'Wait for what the test needs: `await expect(page.getByRole(…)).toBeVisible()`, or `page.waitForResponse(…)` for a request.';
    if (id === 'waitForNavigation') return 'Use `await page.waitForURL(url)` or `await expect(page).toHaveURL(url)`, then a web-first assertion on the content.';
    return 'Assert with a retrying matcher instead: `await expect(page.locator(…)).toHaveText(…)` / `toBeVisible()` / `toHaveAttribute(…)`.';
  }
  if (id === 'networkIdle') return 'Wait for what the test needs: `page.waitForSelector(…)`, `page.waitForResponse(…)` or `page.waitForFunction(…)`.';
  if (id === 'waitForNavigation') return 'Start the wait with the action: `await Promise.all([page.waitForNavigation(), page.click(…)])`, or wait for the content with `page.waitForSelector(…)`.';
  return 'Wait for the value itself: `await page.waitForFunction((s) => document.querySelector(s)?.textContent === …, {}, sel)`.';
}

/** `page.goto(url, { waitUntil: 'networkidle' }).catch((e) => e)`: the test expects it to fail. */
function expectsFailure(call: ts.CallExpression): boolean {
  const p = call.parent;
  return compiler.isPropertyAccessExpression(p) && p.expression === call && p.name.text === 'catch';
}

function mapOf(m: Map<ts.Node, Map<string, ts.CallExpression>>, key: ts.Node): Map<string, ts.CallExpression> {
  let v = m.get(key);
  if (!v) m.set(key, (v = new Map()));
  return v;
}

function receiverText(call: ts.CallExpression, sf: ts.SourceFile): string {
  return receiverOf(call)?.getText(sf) ?? '';
}

/** `expect(await read)…`, `assert.equal(await read, …)`, `expect((await read)?.trim())`. */
function isAsserted(read: ts.CallExpression): boolean {
  let cur: ts.Node = read;
  for (let guard = 0; guard < 8; guard++) {
    const p = cur.parent;
    if (!p) return false;
    if (compiler.isCallExpression(p) && p.arguments.includes(cur as ts.Expression)) {
      const callee = p.expression;
      const head = compiler.isIdentifier(callee) ? callee.text : compiler.isPropertyAccessExpression(callee) && compiler.isIdentifier(callee.expression) ? callee.expression.text : '';
      return head === 'expect' || head === 'assert';
    }
    if (compiler.isAwaitExpression(p) || compiler.isParenthesizedExpression(p) || compiler.isNonNullExpression(p) || (compiler.isPropertyAccessExpression(p) && p.expression === cur) || (compiler.isCallExpression(p) && p.expression === cur)) {
      cur = p;
      continue;
    }
    return false;
  }
  return false;
}
