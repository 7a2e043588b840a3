import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { setParentPointers } from '../core/parse';
import { defineRule, type FixDescriptor } from '../core/rule-api';
import type { TestBlock } from '../core/model';
import { docsUrl } from './docs-url';
import { brief, browserFlavour, calleeName, chainHead, enclosingFunctionOf, exercisesApi, KIND_IDENTIFIER, KIND_PROPERTY_ACCESS, parentSkippingParens, receiverOf, takesPageFixture, unwrapExpr, where } from './_async-wait';

type Flavour = 'playwright' | 'webdriverio' | 'puppeteer';

/** A one-shot read and its retrying form: a matcher for `true`/`false` reads, or one taking the asserted value. */
interface Read {
  flavours: Flavour[];
  /** Matcher for a truthy / falsy expectation (boolean reads). */
  ifTrue?: string;
  ifFalse?: string;
  /** Matcher taking the expected value (value reads). */
  value?: string;
  /** Matcher for `toContain(s)` on text reads. */
  contains?: string;
  /** Reads whose name alone says nothing about the receiver (`count()`, `getAttribute()`) need a locator in sight. */
  ambiguous?: boolean;
  /** Page-level reads (`page.url()`, `browser.getTitle()`). */
  pageLevel?: boolean;
  /** Extra matcher argument for the fix, e.g. `{ useInnerText: true }`. */
  extra?: string;
}

const PW: Flavour[] = ['playwright'];
const WD: Flavour[] = ['webdriverio'];
const READS = new Map<string, Read>([
  ['isVisible', { flavours: PW, ifTrue: 'toBeVisible', ifFalse: 'toBeHidden' }],
  ['isHidden', { flavours: PW, ifTrue: 'toBeHidden', ifFalse: 'toBeVisible' }],
  ['isEnabled', { flavours: [...PW, ...WD], ifTrue: 'toBeEnabled', ifFalse: 'toBeDisabled' }],
  ['isDisabled', { flavours: PW, ifTrue: 'toBeDisabled', ifFalse: 'toBeEnabled' }],
  ['isChecked', { flavours: PW, ifTrue: 'toBeChecked', ifFalse: 'not.toBeChecked' }],
  ['isEditable', { flavours: PW, ifTrue: 'toBeEditable', ifFalse: 'not.toBeEditable' }],
  ['textContent', { flavours: PW, value: 'toHaveText', contains: 'toContainText' }],
  ['innerText', { flavours: PW, value: 'toHaveText', contains: 'toContainText', extra: '{ useInnerText: true }' }],
  ['inputValue', { flavours: PW, value: 'toHaveValue' }],
  ['allTextContents', { flavours: PW, value: 'toHaveText' }],
  ['allInnerTexts', { flavours: PW, value: 'toHaveText', extra: '{ useInnerText: true }' }],
  ['innerHTML', { flavours: PW }],
  ['count', { flavours: PW, value: 'toHaveCount', ambiguous: true }],
  ['getAttribute', { flavours: [...PW, ...WD], value: 'toHaveAttribute', ambiguous: true }],
  ['url', { flavours: PW, value: 'toHaveURL', pageLevel: true }],
  ['title', { flavours: PW, value: 'toHaveTitle', pageLevel: true }],
  ['getText', { flavours: WD, value: 'toHaveText' }],
  ['getValue', { flavours: WD, value: 'toHaveValue' }],
  ['isDisplayed', { flavours: WD, ifTrue: 'toBeDisplayed', ifFalse: 'not.toBeDisplayed' }],
  ['isExisting', { flavours: WD, ifTrue: 'toExist', ifFalse: 'not.toExist' }],
  ['isSelected', { flavours: WD, ifTrue: 'toBeSelected', ifFalse: 'not.toBeSelected' }],
  ['isClickable', { flavours: WD, ifTrue: 'toBeClickable', ifFalse: 'not.toBeClickable' }],
  ['getUrl', { flavours: WD, value: 'toHaveUrl', pageLevel: true }],
  ['getTitle', { flavours: WD, value: 'toHaveTitle', pageLevel: true }],
  ['$eval', { flavours: ['puppeteer'] }],
  ['$$eval', { flavours: ['puppeteer'] }],
]);

/** User actions whose effect on the page can land after the awaited call returns. */
const ACTIONS = new Set([
  'click', 'dblclick', 'fill', 'type', 'press', 'pressSequentially', 'check', 'uncheck', 'setChecked', 'selectOption',
  'setInputFiles', 'hover', 'tap', 'dragTo', 'dragAndDrop', 'dispatchEvent', 'clear', 'setValue', 'addValue', 'clearValue',
  'selectByVisibleText', 'selectByAttribute', 'selectByIndex', 'doubleClick', 'keys', 'moveTo', 'submit', 'focus', 'blur',
]);
/** Navigations resolve once the new page has loaded: what follows reads the new page. */
const NAVIGATIONS = new Set(['goto', 'reload', 'goBack', 'goForward', 'setContent', 'url', 'navigateTo', 'refresh', 'back', 'forward']);
/** Actions that set the value they act on before returning: reading that value back from the same element is safe. */
const VALUE_SETTERS = new Set([
  'fill', 'type', 'pressSequentially', 'selectOption', 'check', 'uncheck', 'setChecked', 'setInputFiles', 'setValue',
  'addValue', 'clearValue', 'clear', 'selectByVisibleText', 'selectByAttribute', 'selectByIndex',
]);
/** Attributes that do not change in place after an action; the element carrying them appears with them. */
const STATIC_ATTRIBUTES = new Set(['href', 'src', 'alt', 'target', 'rel', 'type', 'name', 'id', 'for', 'placeholder', 'download', 'title', 'lang', 'role']);
/** Testing Library event helpers (`fireEvent.click`, `userEvent.type`, `user.click`). */
const TL_EVENT_HEADS = new Set(['fireEvent', 'userEvent', 'user']);
/** Waits that poll a condition: a read after one of them is in step with the page again. */
const POLLERS = new Set(['poll', 'toPass', 'waitFor', 'waitUntil', 'waitForFunction', 'eventually', 'retry', 'until', 'pollUntil', 'retryUntil']);
/** Calls returning locators or elements: a receiver built from one is a UI element. */
const LOCATOR_CALLS = /^(?:locator|getBy[A-Z]\w*|\$\$?|first|last|nth|filter|frameLocator|contentFrame|waitForSelector|react\$\$?|shadow\$\$?|custom\$\$?)$/;
const PAGE_NAME = /^(?:page|popup|frame|newPage|[a-z]\w*Page|browser)$/;
/** A file that can hold a UI read: a page, a WebdriverIO browser or element, Puppeteer or Testing Library. */
/** Names a UI-driving file uses (`page.`, `screen.`, `browser.`, `$(…)`), and the modules that make one. */
const UI_NAMES = ['page', 'screen', 'browser', '$', '$$', 'puppeteer', 'jestPuppeteer'];
const UI_MODULE = /@testing-library|@playwright|puppeteer|webdriverio|@wdio/;
const UI_TEXT = /\bpage\.\w|\bscreen\.\w|\bbrowser\.\w|\$\(|@testing-library|@playwright|puppeteer|webdriverio|@wdio/;
/** Cheap first filter on the callee's last name: actions, navigations, waits, finds and assertions. */
/** Call names the rule tracks: actions, navigations, waits and pollers, Testing Library finds, assertions. */
const INTERESTING_NAMES = new Set([
  'click', 'dblclick', 'fill', 'type', 'press', 'pressSequentially', 'check', 'uncheck', 'setChecked', 'selectOption',
  'setInputFiles', 'hover', 'tap', 'dragTo', 'dragAndDrop', 'dispatchEvent', 'clear', 'setValue', 'addValue', 'clearValue',
  'doubleClick', 'keys', 'moveTo', 'submit', 'focus', 'blur', 'goto', 'reload', 'goBack', 'goForward', 'setContent', 'url',
  'navigateTo', 'refresh', 'back', 'forward', 'poll', 'toPass', 'waitFor', 'eventually', 'retry', 'until', 'pollUntil',
  'retryUntil', 'expect', 'assert',
]);
/** The same for names by prefix (`selectByIndex`, `waitForSelector`, `findAllByRole`); a Set look-up rules most calls out first. */
const INTERESTING_PREFIX = /^(?:selectBy\w|wait[A-Z]|find(?:All)?By\w)/;
// The prefixes start with `s`, `w` or `f`: other names skip the regular expression (this runs for every call in UI files).
const isInteresting = (name: string) => {
  if (INTERESTING_NAMES.has(name)) return true;
  const c = name.charCodeAt(0);
  return (c === 115 || c === 119 || c === 102) && INTERESTING_PREFIX.test(name);
};
/** `waitForSelector`, `waitUntil`, a project's `waitTextOfElement`: a wait on a condition (`wait(500)` is a sleep). */
const WAIT_CALL = /^wait[A-Z]/;
/** What a call's name makes it for the rule, worked out once per name: the listener runs for every call in UI files. */
const NAME_IGNORED = 0;
const NAME_ACTION = 1;
const NAME_NAVIGATION = 2;
const NAME_WAIT = 3;
const NAME_OTHER = 4;
const nameKinds = new Map<string, number>();
function kindOfName(name: string): number {
  let kind = nameKinds.get(name);
  if (kind === undefined) {
    kind = !isInteresting(name) ? NAME_IGNORED
      : ACTIONS.has(name) ? NAME_ACTION
        : NAVIGATIONS.has(name) ? NAME_NAVIGATION
          : (WAIT_CALL.test(name) && name !== 'waitForTimeout') || POLLERS.has(name) || TL_FIND.test(name) ? NAME_WAIT
            : NAME_OTHER;
    if (nameKinds.size >= 10_000) nameKinds.clear();
    nameKinds.set(name, kind);
  }
  return kind;
}
const TL_QUERY = /^(?:get|query)(?:All)?By(\w+)$/;
const TL_FIND = /^find(?:All)?By(\w+)$/;

interface TestState {
  /** The last action and where it ended; reads after it (and before a sync) are one-shot. */
  action?: { node: ts.CallExpression; end: number };
  syncEnd: number;
  /** Variables holding a one-shot read taken after an action: name → candidate. */
  vars?: Map<string, { read: ts.CallExpression; action: ts.CallExpression }>;
  /** Names bound to locators in this test (`const rows = page.locator('tr')`). */
  locators?: Set<string>;
  /** Names holding a wait started before an action (`const popup = page.waitForEvent('popup')`). */
  pendingWaits?: Set<string>;
  /** Testing Library queries this test awaits somewhere (`findByText('Saved')`, `waitFor(() => getByText('Saved'))`). */
  awaitedQueries?: Set<string>;
}

interface Candidate {
  test: TestBlock;
  read: ts.CallExpression;
  readName: string;
  action: ts.CallExpression;
  /** The `expect(…)` call, for the fix and the message. */
  assertion: ts.CallExpression;
  /** The read is the expect argument itself (`expect(await read)`), so a fix may apply. */
  direct: boolean;
  receiverIsLocator: boolean;
  tlKey?: string;
}

export default defineRule({
  id: 'non-retrying-assertion',
  meta: {
    type: 'flaky',
    cause: 'timing',
    defaultSeverity: 'warning',
    docs: {
      description: 'An assertion on a value read once from the UI right after an action (`expect(await locator.isVisible()).toBe(true)`, `expect(await el.getText())`) where a retrying form exists.',
      url: docsUrl('non-retrying-assertion'),
    },
    messages: {
      read: '`{read}` reads the {what} once, right after `{action}`{where}, and `{matcher}` does not retry: the page may not have updated yet. Use the retrying form: {instead}.',
      query: '`{read}` is asserted once, right after `{action}`{where}, though this test waits for the same query elsewhere: the render is asynchronous. Use `await screen.findBy{suffix}(…)` or `await waitFor(() => expect(…))`.',
    },
    hasSuggestions: true,
  },
  create(context) {
    // Most test files drive no UI: one scan of the text spares them every listener.
    const sf = context.sourceFile;
    if (!mentionsName(sf, UI_NAMES, UI_TEXT) && !context.model.imports.modules.some((m) => UI_MODULE.test(m.module))) return {};
    const states = new Map<TestBlock, TestState>();
    /** Tests that build their page inline with `setContent`: a static page with synchronous handlers. */
    const staticPages = new Set<TestBlock>();
    const candidates: Candidate[] = [];
    const stateOf = (test: TestBlock): TestState => {
      let s = states.get(test);
      if (!s) states.set(test, (s = { action: undefined, syncEnd: -1, vars: undefined, locators: undefined, pendingWaits: undefined, awaitedQueries: undefined }));
      return s;
    };
    /** The end of the statement-level await holding a node: a wait inside `Promise.all([...])` counts once it all resolved. */
    const syncPoint = (node: ts.Node): number => {
      let end = node.end;
      for (let p: ts.Node | undefined = node.parent; p && !compiler.isBlock(p) && !compiler.isSourceFile(p); p = p.parent) {
        if (compiler.isFunctionLike(p)) break;
        if (compiler.isAwaitExpression(p)) end = p.end;
      }
      return end;
    };
    /** The last action before `at`, unless a wait or retrying assertion ran after it. */
    const unsyncedAction = (s: TestState, at: number) => (s.action && s.action.end <= at && s.syncEnd < s.action.end ? s.action : undefined);
    /** Awaited itself or inside an awaited expression (`await Promise.all([…, page.click()])`). */
    const awaitedWithin = (node: ts.Node): boolean => {
      for (let p: ts.Node | undefined = node.parent; p && !compiler.isBlock(p) && !compiler.isSourceFile(p) && !compiler.isFunctionLike(p); p = p.parent) if (compiler.isAwaitExpression(p)) return true;
      return false;
    };

    const considerRead = (test: TestBlock, s: TestState, read: ts.CallExpression, assertion: ts.CallExpression, direct: boolean) => {
      const name = calleeName(read);
      if (name === undefined) return;
      const receiver = receiverOf(read);
      const tl = TL_QUERY.exec(name);
      const info = READS.get(name);
      if ((!info || !receiver) && !tl) return;
      const action = unsyncedAction(s, read.getStart(sf));
      if (!action) return;
      // `read` lies inside the assertion the analyzer's walk is at: link that far before looking up from it.
      setParentPointers(assertion);
      if (isPolled(read, test)) return;
      if (tl) {
        const head = receiver && chainHead(receiver);
        if (receiver && (!head || (head.text !== 'screen' && head.text !== 'within'))) return;
        candidates.push({ test, read, readName: name, action: action.node, assertion, direct, receiverIsLocator: false, tlKey: queryKey(tl[1], read, sf) });
        return;
      }
      candidates.push({ test, read, readName: name, action: action.node, assertion, direct, receiverIsLocator: isLocatorExpr(receiver!, s) });
    };

    return {
      CallExpression(node: ts.CallExpression) {
        const name = calleeName(node);
        if (name === undefined) return;
        const kind = kindOfName(name);
        if (kind === NAME_IGNORED && !isAssertMethod(node)) return;
        const test = context.currentTest();
        if (!test) return;
        if (kind === NAME_ACTION) {
          const receiver = receiverOf(node);
          if (!receiver) return;
          const head = chainHead(receiver)?.text;
          if (head === 'cy') return;
          if (!inTestFlow(node, test)) return;
          if (expectsFailure(node)) {
            // `const error = await el.click({ timeout }).catch((e) => e)`: it retried until its timeout and changed nothing,
            // so earlier actions have settled and what follows reads the state the test set up. A best-effort
            // `.catch(() => {})` may have acted: it stays out of the window either way.
            if (keepsError(node) && awaitedWithin(node)) {
              const s = stateOf(test);
              s.syncEnd = Math.max(s.syncEnd, syncPoint(node));
            }
            return;
          }
          if ((head && TL_EVENT_HEADS.has(head)) || awaitedWithin(node)) stateOf(test).action = { node, end: syncPoint(node) };
          return;
        }
        if (kind === NAME_NAVIGATION && (name !== 'url' || node.arguments.length > 0) && receiverOf(node) && awaitedWithin(node)) {
          if (name === 'setContent') staticPages.add(test);
          const s = stateOf(test);
          s.syncEnd = Math.max(s.syncEnd, syncPoint(node));
          return;
        }
        if (kind === NAME_WAIT) {
          const s = stateOf(test);
          s.syncEnd = Math.max(s.syncEnd, syncPoint(node));
          const find = TL_FIND.exec(name);
          if (find) (s.awaitedQueries ??= new Set()).add(queryKey(find[1], node, sf));
          return;
        }
        if (name !== 'expect' && name !== 'assert' && !(compiler.isPropertyAccessExpression(node.expression) && compiler.isIdentifier(node.expression.expression) && node.expression.expression.text === 'assert')) return;
        const s = stateOf(test);
        const arg = node.arguments[0];
        if (!arg) return;
        // `await expect(locator).toBeVisible()` polls: what follows is in step with the page.
        if (name === 'expect' && isAwaitedAssertion(node)) {
          const inner = unwrapExpr(arg);
          if (!compiler.isAwaitExpression(inner)) {
            s.syncEnd = Math.max(s.syncEnd, syncPoint(node));
            return;
          }
        }
        const inner = unwrapExpr(arg);
        if (compiler.isIdentifier(inner)) {
          const held = s.vars?.get(inner.text);
          if (held) {
            s.vars!.delete(inner.text);
            const receiver = receiverOf(held.read)!;
            candidates.push({ test, read: held.read, readName: calleeName(held.read)!, action: held.action, assertion: node, direct: false, receiverIsLocator: isLocatorExpr(receiver, s) });
          }
          return;
        }
        if (compiler.isCallExpression(inner) && TL_QUERY.test(calleeName(inner) ?? '')) {
          considerRead(test, s, inner, node, true);
          return;
        }
        const read = readIn(inner);
        if (read) considerRead(test, s, read.call, node, read.direct);
      },
      AwaitExpression(node: ts.AwaitExpression) {
        // `await popupPromise`, a wait started before the action: the page is in step once it resolves.
        const e = unwrapExpr(node.expression);
        if (!compiler.isIdentifier(e)) return;
        const test = context.currentTest();
        const s = test && states.get(test);
        if (s?.pendingWaits?.has(e.text)) s.syncEnd = Math.max(s.syncEnd, syncPoint(node));
      },
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (!compiler.isIdentifier(node.name) || !node.initializer) return;
        const test = context.currentTest();
        if (!test) return;
        const init = unwrapExpr(node.initializer);
        if (compiler.isAwaitExpression(init)) {
          const call = unwrapExpr(init.expression);
          if (compiler.isIdentifier(call)) return;
          if (!compiler.isCallExpression(call)) return;
          const name = calleeName(call);
          const s = stateOf(test);
          if (!name || !READS.has(name) || !receiverOf(call)) {
            if (isLocatorExpr(call, undefined)) (s.locators ??= new Set()).add(node.name.text);
            return;
          }
          const action = unsyncedAction(s, call.getStart(sf));
          if (action) setParentPointers(node);
          if (action && !isPolled(call, test)) (s.vars ??= new Map()).set(node.name.text, { read: call, action: action.node });
          else s.vars?.delete(node.name.text);
          return;
        }
        if (compiler.isCallExpression(init) && isLocatorExpr(init, undefined)) (stateOf(test).locators ??= new Set()).add(node.name.text);
        else if (compiler.isCallExpression(init) && /^waitFor/.test(calleeName(init) ?? '')) {
          const s = stateOf(test);
          (s.pendingWaits ??= new Set()).add(node.name.text);
        }
      },
      end() {
        const fileFlavour = browserFlavour(context.model);
        for (const c of candidates) {
          if (c.tlKey !== undefined) {
            if (!states.get(c.test)?.awaitedQueries?.has(c.tlKey)) continue;
            // Only presence: a `getBy*` asserted positively; absence checks pass vacuously, they do not flake.
            const m = matcherOf(c.assertion);
            if (!/^get/.test(c.readName) || !m || m.negated || /^(?:toBeNull|toBeFalsy|toBeUndefined)$/.test(m.name)) continue;
            context.report({
              messageId: 'query', node: c.read, test: c.test,
              data: { read: brief(c.read, sf), action: brief(c.action, sf), where: where(c.test), suffix: TL_QUERY.exec(c.readName)![1] },
            });
            continue;
          }
          const flavour: Flavour | undefined = fileFlavour ?? (takesPageFixture(c.test.fn) ? 'playwright' : undefined);
          const info = READS.get(c.readName)!;
          if (!flavour || !info.flavours.includes(flavour)) continue;
          const receiver = receiverOf(c.read)!;
          if (!uiReceiver(info, receiver, c)) continue;
          if (readsBackOwnValue(c, sf) || readsStaticAttribute(c) || staticPages.has(c.test)) continue;
          // A test about the read itself, or about an option that changes how the action acts (`'works with force: true'`).
          if (exercisesApi(c.test, context.path, [c.readName, ...actingOptions(c.action)])) continue;
          const matcher = matcherOf(c.assertion);
          const retrying = retryingForm(info, c, receiver, matcher, sf);
          const instead = retrying?.text ?? fallback(flavour, c.readName);
          const fixes: FixDescriptor[] = [];
          if (retrying?.fix) fixes.push({ description: `Use \`${retrying.text}\``, safe: false, edits: [retrying.fix] });
          context.report({
            messageId: 'read', node: c.read, test: c.test, fixes,
            data: {
              read: brief(c.read, sf), what: whatIsRead(c.readName), action: brief(c.action, sf), where: where(c.test),
              matcher: matcher ? matcher.name : 'the assertion', instead,
            },
          });
        }
      },
    };
  },
});

/** `assert.equal(…)`, `assert.strictEqual(…)`: node's and chai's assert. */
function isAssertMethod(call: ts.CallExpression): boolean {
  const e = call.expression as ts.PropertyAccessExpression;
  return e.kind === KIND_PROPERTY_ACCESS && e.expression.kind === KIND_IDENTIFIER && (e.expression as ts.Identifier).text === 'assert';
}

/** The one-shot read an assertion argument holds: `await r()`, `(await r())?.trim()`, `(await r()).length`. */
function readIn(arg: ts.Expression): { call: ts.CallExpression; direct: boolean } | undefined {
  let cur = unwrapExpr(arg);
  for (let depth = 0; depth < 6; depth++) {
    if (compiler.isAwaitExpression(cur)) {
      const call = unwrapExpr(cur.expression);
      return compiler.isCallExpression(call) ? { call, direct: depth === 0 } : undefined;
    }
    if (compiler.isPropertyAccessExpression(cur) || compiler.isCallExpression(cur)) cur = unwrapExpr(cur.expression);
    else break;
  }
  // Sync reads: `expect(page.url()).toBe(…)`.
  const call = unwrapExpr(arg);
  if (compiler.isCallExpression(call) && calleeName(call) === 'url') return { call, direct: true };
  return undefined;
}

/** `await expect(x).toBeVisible()`, `await expect(x).not.toHaveText(…)`: the expect chain is awaited. */
function isAwaitedAssertion(expectCall: ts.CallExpression): boolean {
  let top: ts.Node = expectCall;
  while (top.parent && ((compiler.isPropertyAccessExpression(top.parent) && top.parent.expression === top) || (compiler.isCallExpression(top.parent) && top.parent.expression === top))) top = top.parent;
  return compiler.isAwaitExpression(parentSkippingParens(top));
}

/** Inside a callback of `expect.poll`, `expect(fn).toPass()`, `waitFor`, `browser.waitUntil`…: the read is retried. */
function isPolled(node: ts.Node, test: TestBlock): boolean {
  for (let p: ts.Node | undefined = node.parent; p && p !== test.fn; p = p.parent) {
    if (!compiler.isArrowFunction(p) && !compiler.isFunctionExpression(p)) continue;
    const call = p.parent;
    if (!call || !compiler.isCallExpression(call)) continue;
    const name = calleeName(call);
    if (name && POLLERS.has(name)) return true;
    if (name === 'expect' && compiler.isPropertyAccessExpression(call.parent) && call.parent.name.text === 'toPass') return true;
  }
  return false;
}

function isLocatorExpr(expr: ts.Expression, s: TestState | undefined): boolean {
  let cur: ts.Expression = unwrapExpr(expr);
  for (let guard = 0; guard < 16; guard++) {
    if (compiler.isAwaitExpression(cur)) cur = unwrapExpr(cur.expression);
    if (compiler.isCallExpression(cur)) {
      const name = calleeName(cur);
      if (name && LOCATOR_CALLS.test(name)) return true;
      cur = unwrapExpr(cur.expression);
    } else if (compiler.isPropertyAccessExpression(cur)) {
      cur = unwrapExpr(cur.expression);
    } else if (compiler.isIdentifier(cur)) {
      return !!s?.locators?.has(cur.text);
    } else return false;
  }
  return false;
}

/** Whether the receiver is the page or an element, as far as the read's name can tell. */
function uiReceiver(info: Read, receiver: ts.Expression, c: Candidate): boolean {
  const r = unwrapExpr(receiver);
  const last = compiler.isIdentifier(r) ? r.text : compiler.isPropertyAccessExpression(r) ? r.name.text : undefined;
  if (info.pageLevel) return !!last && PAGE_NAME.test(last) && c.read.arguments.length === 0;
  if (c.receiverIsLocator) return true;
  if (info.ambiguous) return false;
  // `page.textContent(sel)`: the selector is the first argument.
  if (last && PAGE_NAME.test(last)) return c.read.arguments.length > 0;
  return true;
}

interface Matcher {
  name: string;
  call: ts.CallExpression;
  negated: boolean;
}

/** The matcher called on an `expect(…)`: `toBe` in `expect(x).toBe(y)`, with `.not`. */
function matcherOf(expectCall: ts.CallExpression): Matcher | undefined {
  let negated = false;
  let cur: ts.Node = expectCall;
  for (let guard = 0; guard < 4; guard++) {
    const p = cur.parent;
    if (!p || !compiler.isPropertyAccessExpression(p) || p.expression !== cur) return undefined;
    if (p.name.text === 'not') {
      negated = !negated;
      cur = p;
      continue;
    }
    if (compiler.isCallExpression(p.parent) && p.parent.expression === p) return { name: p.name.text, call: p.parent, negated };
    // chai: `expect(x).to.equal(y)`
    cur = p;
  }
  return undefined;
}

const EQUALITY = new Set(['toBe', 'toEqual', 'toStrictEqual']);

/** The retrying assertion for this read, with a mechanical rewrite when the assertion is a whole statement. */
function retryingForm(info: Read, c: Candidate, receiver: ts.Expression, matcher: Matcher | undefined, sf: ts.SourceFile): { text: string; fix?: { start: number; end: number; newText: string } } | undefined {
  const args = c.read.arguments;
  let target = receiver.getText(sf);
  let readArgs: readonly ts.Expression[] = args;
  const last = compiler.isIdentifier(unwrapExpr(receiver)) ? (unwrapExpr(receiver) as ts.Identifier).text : compiler.isPropertyAccessExpression(unwrapExpr(receiver)) ? (unwrapExpr(receiver) as ts.PropertyAccessExpression).name.text : '';
  if (!info.pageLevel && PAGE_NAME.test(last) && !c.receiverIsLocator && args.length > 0 && info.flavours.includes('playwright')) {
    // `page.textContent(sel)` → `page.locator(sel)`.
    if (!compiler.isStringLiteralLike(args[0]) && !compiler.isNoSubstitutionTemplateLiteral(args[0]) && !compiler.isIdentifier(args[0])) return undefined;
    target = `${target}.locator(${args[0].getText(sf)})`;
    readArgs = args.slice(1);
  }
  const briefTarget = target.length > 50 ? 'locator' : target;
  let matcherText: string | undefined;
  let matcherArgs: string | undefined;
  const m = matcher;
  const valueArg = m?.call.arguments[0];
  if (info.ifTrue && m && !m.negated) {
    const truthy = m.name === 'toBeTruthy' || (EQUALITY.has(m.name) && valueArg?.kind === compiler.SyntaxKind.TrueKeyword);
    const falsy = m.name === 'toBeFalsy' || (EQUALITY.has(m.name) && valueArg?.kind === compiler.SyntaxKind.FalseKeyword);
    if (truthy) matcherText = info.ifTrue;
    else if (falsy) matcherText = info.ifFalse;
    matcherArgs = '';
  } else if (info.value && m && !m.negated && m.call.arguments.length === 1 && valueArg) {
    if (EQUALITY.has(m.name)) matcherText = info.value;
    else if (m.name === 'toContain' && info.contains) matcherText = info.contains;
    if (matcherText) {
      const pre = info.value === 'toHaveAttribute' ? (readArgs.length === 1 ? `${readArgs[0].getText(sf)}, ` : undefined) : '';
      if (pre === undefined) matcherText = undefined;
      else matcherArgs = `${pre}${valueArg.getText(sf)}${info.extra ? `, ${info.extra}` : ''}`;
    }
  }
  if (!matcherText) {
    if (info.ifTrue) return { text: `\`await expect(${briefTarget}).${info.ifTrue}()\`` };
    if (info.value) return { text: `\`await expect(${briefTarget}).${info.value}(…)\`` };
    return undefined;
  }
  const replacement = `await expect(${target}).${matcherText}(${matcherArgs})`;
  const stmt = parentSkippingParens(m!.call);
  const canFix = c.direct && compiler.isExpressionStatement(stmt) && stmt.expression === m!.call && readArgs.length <= (info.value === 'toHaveAttribute' ? 1 : 0);
  const text = `\`${replacement.length > 90 ? `await expect(${briefTarget}).${matcherText}(…)` : replacement}\``;
  return canFix ? { text, fix: { start: m!.call.getStart(sf), end: m!.call.end, newText: replacement } } : { text };
}

function fallback(flavour: Flavour, read: string): string {
  if (flavour === 'puppeteer') return '`await page.waitForFunction(…)` on the condition, or `page.waitForSelector(…)` with the state you expect';
  if (flavour === 'webdriverio') return '`await expect(el).toHaveText(…)` / `toBeDisplayed()`, or `browser.waitUntil(…)`';
  return read === 'innerHTML' ? '`await expect.poll(() => locator.innerHTML()).toBe(…)`' : '`await expect(locator).toHaveText(…)`, or `expect.poll(…)`';
}

function whatIsRead(read: string): string {
  if (read.startsWith('is')) return `${read.slice(2).toLowerCase()} state`;
  if (read === 'count') return 'element count';
  if (read === 'url' || read === 'getUrl') return 'URL';
  if (read === 'title' || read === 'getTitle') return 'title';
  if (read === 'getAttribute') return 'attribute';
  if (read === 'inputValue' || read === 'getValue') return 'value';
  if (read === '$eval' || read === '$$eval') return 'page state';
  return 'text';
}

/** The action runs in the test's own flow: the test body, a `test.step` callback, or a function the read is nested in. */
function inTestFlow(action: ts.Node, test: TestBlock): boolean {
  const fn = enclosingFunctionOf(action);
  if (!fn || fn === test.fn) return true;
  const call = fn.parent;
  if (compiler.isCallExpression(call) && calleeName(call) === 'step') return inTestFlow(call, test);
  return false;
}

/** `await el.click().catch((e) => e)`: the test expects the action to fail, nothing changed on the page. */
function expectsFailure(call: ts.CallExpression): boolean {
  const p = call.parent;
  return compiler.isPropertyAccessExpression(p) && p.expression === call && p.name.text === 'catch';
}

/** `.catch((e) => e)`, `.catch((e) => { return e; })`: the error is the value the test goes on with. */
function keepsError(call: ts.CallExpression): boolean {
  const handler = (call.parent.parent as ts.CallExpression).arguments?.[0];
  if (!handler || !(compiler.isArrowFunction(handler) || compiler.isFunctionExpression(handler))) return false;
  const param = handler.parameters[0]?.name;
  if (!param || !compiler.isIdentifier(param)) return false;
  let body: ts.Node = handler.body;
  if (compiler.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    if (!only || !compiler.isReturnStatement(only) || !only.expression) return false;
    body = only.expression;
  }
  const value = unwrapExpr(body as ts.Expression);
  return compiler.isIdentifier(value) && value.text === param.text;
}

/** Options that change how an action acts (skip the actionability checks, only check them, return at once), set to true. */
const ACTING_OPTIONS = new Set(['force', 'trial', 'noWaitAfter']);

function actingOptions(action: ts.CallExpression): string[] {
  const out: string[] = [];
  for (const arg of action.arguments) {
    if (!compiler.isObjectLiteralExpression(arg)) continue;
    for (const p of arg.properties) {
      if (compiler.isPropertyAssignment(p) && compiler.isIdentifier(p.name) && ACTING_OPTIONS.has(p.name.text) && p.initializer.kind === compiler.SyntaxKind.TrueKeyword) out.push(p.name.text);
    }
  }
  return out;
}

/** `await input.fill('x'); expect(await input.inputValue()).toBe('x')`: the action set that value before it returned. */
function readsBackOwnValue(c: Candidate, sf: ts.SourceFile): boolean {
  const actionName = calleeName(c.action);
  if (!actionName || !VALUE_SETTERS.has(actionName)) return false;
  const a = receiverOf(c.action);
  const r = receiverOf(c.read);
  if (!a || !r || a.getText(sf) !== r.getText(sf)) return false;
  // `page.fill(sel, v)` then `page.inputValue(sel)`: same page, same selector.
  const aSel = c.action.arguments[0];
  const rSel = c.read.arguments[0];
  const pageLevel = aSel && compiler.isStringLiteralLike(aSel) && c.read.arguments.length > 0;
  return !pageLevel || (!!rSel && rSel.getText(sf) === aSel.getText(sf));
}

function readsStaticAttribute(c: Candidate): boolean {
  if (c.readName !== 'getAttribute') return false;
  const name = c.read.arguments[c.read.arguments.length === 2 ? 1 : 0];
  return !!name && compiler.isStringLiteralLike(name) && STATIC_ATTRIBUTES.has(name.text);
}

/** Same query, same arguments: `Text|'Saved'`. */
function queryKey(suffix: string, call: ts.CallExpression, sf: ts.SourceFile): string {
  return `${suffix}|${call.arguments.map((a) => a.getText(sf).replace(/\s+/g, ' ')).join(',')}`;
}
