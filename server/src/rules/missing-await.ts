import { ts } from 'ts-morph';
import { compiler, parsedNames } from '../core/compiler';
import { defineRule, type FixDescriptor } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import { blockOfNode, type Block, type FileModel } from '../core/model';
import { inForce } from '../core/in-force';
import { getScope, type FileScope } from '../core/scope';
import { docsUrl } from './docs-url';
import { containsAssertion, enclosingFunction, isAsyncFunction, shortText, unwrap, whereText, enclosingTest } from './_test-code';

/** Playwright's web-first (retrying, promise-returning) matchers. */
const PLAYWRIGHT_ASYNC_MATCHERS = new Set([
  'toBeAttached', 'toBeChecked', 'toBeDisabled', 'toBeEditable', 'toBeEmpty', 'toBeEnabled', 'toBeFocused', 'toBeHidden',
  'toBeInViewport', 'toBeVisible', 'toContainText', 'toContainClass', 'toHaveAccessibleDescription', 'toHaveAccessibleErrorMessage',
  'toHaveAccessibleName', 'toHaveAttribute', 'toHaveClass', 'toHaveCount', 'toHaveCSS', 'toHaveId', 'toHaveJSProperty',
  'toHaveRole', 'toHaveScreenshot', 'toHaveText', 'toHaveValue', 'toHaveValues', 'toHaveTitle', 'toHaveURL', 'toBeOK',
  'toMatchAriaSnapshot', 'toPass',
]);

/** expect-webdriverio matchers; all return promises. */
const WDIO_ASYNC_MATCHERS = new Set([
  'toBeDisplayed', 'toBeDisplayedInViewport', 'toExist', 'toBePresent', 'toBeExisting', 'toHaveAttribute', 'toHaveAttr',
  'toHaveElementClass', 'toHaveClass', 'toHaveElementProperty', 'toHaveValue', 'toBeClickable', 'toBeDisabled', 'toBeEnabled',
  'toBeSelected', 'toBeChecked', 'toHaveHref', 'toHaveLink', 'toHaveId', 'toHaveText', 'toHaveHTML', 'toBeFocused',
  'toHaveChildren', 'toHaveUrl', 'toHaveTitle', 'toHaveSize', 'toHaveWidth', 'toHaveHeight', 'toHaveStyle',
  'toHaveComputedLabel', 'toHaveComputedRole', 'toHaveTextContaining', 'toHaveUrlContaining', 'toHaveTitleContaining',
  'toHaveElementClassContaining', 'toBeElementsArrayOfSize',
]);

/** Playwright/Puppeteer page, frame and locator methods that return promises. */
const PLAYWRIGHT_ACTIONS = new Set([
  'click', 'dblclick', 'fill', 'type', 'press', 'pressSequentially', 'check', 'uncheck', 'setChecked', 'selectOption',
  'setInputFiles', 'hover', 'tap', 'focus', 'blur', 'dragTo', 'dragAndDrop', 'goto', 'reload', 'goBack', 'goForward',
  'waitForSelector', 'waitForURL', 'waitForLoadState', 'waitForResponse', 'waitForRequest', 'waitForFunction', 'waitForEvent',
  'waitFor', 'setViewportSize', 'screenshot', 'clear', 'selectText', 'scrollIntoViewIfNeeded', 'dispatchEvent', 'setContent',
  'addInitScript', 'route', 'unroute', 'evaluate', 'evaluateHandle', 'setExtraHTTPHeaders', 'addCookies', 'clearCookies',
  'grantPermissions', 'setGeolocation', 'bringToFront', 'emulateMedia', 'close', 'keyboard', 'mouse',
]);
/** Sub-objects whose methods are actions too: `page.keyboard.press`, `page.mouse.click`. */
const PLAYWRIGHT_INPUT_METHODS = new Set(['press', 'type', 'down', 'up', 'insertText', 'click', 'dblclick', 'move', 'wheel', 'tap']);

const WDIO_ACTIONS = new Set([
  'click', 'doubleClick', 'setValue', 'addValue', 'clearValue', 'url', 'keys', 'execute', 'executeAsync', 'waitForDisplayed',
  'waitForExist', 'waitForClickable', 'waitForEnabled', 'waitUntil', 'moveTo', 'selectByVisibleText', 'selectByAttribute',
  'selectByIndex', 'scrollIntoView', 'dragAndDrop', 'newWindow', 'switchToFrame', 'switchWindow', 'refresh', 'back',
  'forward', 'navigateTo', 'setWindowSize', 'deleteCookies', 'setCookies', 'saveScreenshot', 'reloadSession',
]);

const PLAYWRIGHT_ROOTS = new Set(['page', 'frame', 'context', 'browser', 'request']);
const WDIO_ROOTS = new Set(['$', '$$', 'browser', 'driver']);
const PLAYWRIGHT_TYPES = new Set(['Page', 'Locator', 'Frame', 'FrameLocator', 'BrowserContext', 'Browser', 'APIRequestContext', 'ElementHandle']);
const BROWSER_MODULES = ['@playwright/test', 'playwright', 'playwright-core', 'puppeteer', 'puppeteer-core', '@playwright/experimental-ct-react', '@playwright/experimental-ct-vue'];
const CHAI_PROMISE_WORDS = new Set(['eventually', 'rejected', 'fulfilled', 'rejectedWith', 'become']);

/** Names a promise-based finding needs (`.resolves`, `expect.poll`, chai-as-promised, a `.then` or a timer callback). */
const PROMISE_NAMES = ['resolves', 'rejects', 'poll', ...CHAI_PROMISE_WORDS, 'then', 'catch', 'finally', 'setTimeout'];
/** Names a browser finding needs: an async matcher, an action or `test.step`, and something that makes the file drive a browser. */
const BROWSER_CALL_NAMES = [
  ...new Set([...PLAYWRIGHT_ASYNC_MATCHERS, ...WDIO_ASYNC_MATCHERS, ...PLAYWRIGHT_ACTIONS, ...PLAYWRIGHT_INPUT_METHODS, ...WDIO_ACTIONS, 'step']),
];
const BROWSER_ROOT_NAMES = ['page', 'browser', '$', '$$', 'driver'];
const WDIO_MODULES = ['@wdio/globals', 'webdriverio'];

/** Whether the file names what some finding needs, from the parser's names; true when the parser kept none. */
function canHoldFinding(sf: ts.SourceFile, model: FileModel): boolean {
  const names = parsedNames(sf);
  if (!names) return true;
  const any = (list: readonly string[]) => list.some((n) => names.has(n));
  if (any(PROMISE_NAMES)) return true;
  const drivesBrowser = model.framework === 'playwright' || model.framework === 'webdriverio' || any(BROWSER_ROOT_NAMES)
    || model.imports.modules.some((m) => BROWSER_MODULES.includes(m.module) || WDIO_MODULES.includes(m.module));
  return drivesBrowser && any(BROWSER_CALL_NAMES);
}

type Kind = 'assertion' | 'action' | 'then' | 'timer' | 'step';

interface Candidate {
  statement: ts.ExpressionStatement;
  call: ts.Expression;
  kind: Kind;
  /** `browser` candidates are decided in `end`, once the framework is known. */
  needs: 'browser' | 'any';
  /** Whether the call is async in Playwright / in WebdriverIO. */
  playwright?: boolean;
  webdriverio?: boolean;
  /** The root name that must be a browser object (for actions and WebdriverIO matchers). */
  root?: string;
}

interface ExpectShape {
  expectCall: ts.CallExpression;
  head: string[];
  modifiers: string[];
  matcher: string;
}

/** `expect(x).not.toHaveText(…)` → its parts; undefined when the call is not an expect chain. */
function expectShape(call: ts.CallExpression): ExpectShape | undefined {
  let cur: ts.Expression = call.expression;
  if (!compiler.isPropertyAccessExpression(cur)) return undefined;
  const matcher = cur.name.text;
  const modifiers: string[] = [];
  cur = cur.expression;
  while (compiler.isPropertyAccessExpression(cur)) {
    modifiers.push(cur.name.text);
    cur = cur.expression;
  }
  if (!compiler.isCallExpression(cur)) return undefined;
  const head = calleeChain(cur.expression);
  if (!head || head[0] !== 'expect' || head.length > 2) return undefined;
  return { expectCall: cur, head, modifiers, matcher };
}

/** The root identifier of a member chain, through calls and `await`: `page.getByRole(…).first().click` → page; `this.page.x` → this.page. */
function chainRoot(expr: ts.Expression): string | undefined {
  let cur = expr;
  for (let guard = 0; guard < 30; guard++) {
    cur = unwrap(cur);
    if (compiler.isIdentifier(cur)) return cur.text;
    if (compiler.isAwaitExpression(cur)) cur = cur.expression;
    else if (compiler.isCallExpression(cur)) cur = cur.expression;
    else if (compiler.isPropertyAccessExpression(cur)) {
      if (cur.expression.kind === compiler.SyntaxKind.ThisKeyword) return `this.${cur.name.text}`;
      cur = cur.expression;
    } else if (compiler.isElementAccessExpression(cur)) cur = cur.expression;
    else return undefined;
  }
  return undefined;
}

/** The identifier a member chain hangs on (`page` in `page.getByRole(…).click`), or undefined for `this.x` and others. */
function chainRootId(expr: ts.Expression): ts.Identifier | undefined {
  let cur = expr;
  for (let guard = 0; guard < 30; guard++) {
    cur = unwrap(cur);
    if (compiler.isIdentifier(cur)) return cur;
    if (compiler.isAwaitExpression(cur) || compiler.isCallExpression(cur) || compiler.isPropertyAccessExpression(cur) || compiler.isElementAccessExpression(cur)) cur = cur.expression;
    else return undefined;
  }
  return undefined;
}

/** Functions passed to these run in the browser, where `el.focus()` and `popup.close()` are DOM calls. */
const BROWSER_SIDE_CALLS = new Set(['evaluate', 'evaluateHandle', '$eval', '$$eval', 'evaluateAll', 'waitForFunction', 'addInitScript', 'execute', 'executeAsync', 'executeScript']);

function insideBrowserSideFunction(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if ((compiler.isArrowFunction(p) || compiler.isFunctionExpression(p)) && p.parent && compiler.isCallExpression(p.parent) && p.parent.arguments.includes(p as ts.Expression)) {
      const callee = p.parent.expression;
      if (compiler.isPropertyAccessExpression(callee) && BROWSER_SIDE_CALLS.has(callee.name.text)) return true;
    }
  }
  return false;
}

export default defineRule({
  id: 'missing-await',
  meta: {
    type: 'flaky',
    cause: 'timing',
    defaultSeverity: 'warning',
    docs: {
      description: 'A promise-returning assertion or browser action that is neither awaited nor returned: the test moves on, or ends, before it settles, and its failure is lost or lands in another test.',
      url: docsUrl('missing-await'),
    },
    messages: {
      assertion: '`{what}` returns a promise that is neither awaited nor returned{where}: the assertion never fails the test, and its rejection may surface in a later one.',
      action: '`{what}` returns a promise that is neither awaited nor returned{where}: the next step races it, and its failure is lost.',
      step: '`{what}` returns a promise that is neither awaited nor returned{where}: the step runs after the test moved on.',
      then: 'The promise of `{what}` is dropped{where}: the assertions in its `.then` run after the test has finished, so they cannot fail it. Return or await it.',
      timer: 'The assertions in this `setTimeout` callback run after{where} has finished (the test takes no `done` and returns nothing), so they cannot fail it.',
    },
    fixable: true,
  },
  create(context) {
    const sf = context.sourceFile;
    if (!canHoldFinding(sf, context.model)) return {};
    const candidates: Candidate[] = [];
    /** Names bound to Playwright/WebdriverIO objects: locators in variables, typed parameters, fixtures. */
    const browserNames = new Set<string>();
    const wdioNames = new Set<string>();

    const noteBinding = (name: string, init: ts.Expression | undefined) => {
      if (!init) return;
      const root = chainRoot(init);
      if (!root) return;
      if (PLAYWRIGHT_ROOTS.has(root) || root === 'this.page' || browserNames.has(root)) {
        const inner = unwrap(compiler.isAwaitExpression(unwrap(init)) ? (unwrap(init) as ts.AwaitExpression).expression : init);
        if (compiler.isCallExpression(inner) || compiler.isPropertyAccessExpression(inner)) browserNames.add(name);
      }
      if (root === '$' || root === '$$' || root === 'browser' || wdioNames.has(root)) wdioNames.add(name);
    };

    const candidateOf = (stmt: ts.ExpressionStatement): Candidate | undefined => {
      const expr = unwrap(stmt.expression);
      if (compiler.isPropertyAccessExpression(expr)) {
        // chai-as-promised: `expect(p).to.be.rejected;`
        const chain = calleeChain(expr);
        if (chain && (chain[0] === 'expect' || chain.includes('should')) && chain.some((c) => CHAI_PROMISE_WORDS.has(c))) {
          return { statement: stmt, call: expr, kind: 'assertion', needs: 'any' };
        }
        return undefined;
      }
      if (!compiler.isCallExpression(expr)) return undefined;
      // An expect chain (`expect(x).not.toHaveText(…)`, read as `expectShape` does; most statements of a test are
      // one, so without building its parts).
      if (compiler.isPropertyAccessExpression(expr.expression)) {
        const matcher = expr.expression.name.text;
        let promiseModifier = false;
        let cur: ts.Expression = expr.expression.expression;
        while (compiler.isPropertyAccessExpression(cur)) {
          const m = cur.name.text;
          if (m === 'resolves' || m === 'rejects' || CHAI_PROMISE_WORDS.has(m)) promiseModifier = true;
          cur = cur.expression;
        }
        const head = compiler.isCallExpression(cur) ? calleeChain(cur.expression) : undefined;
        if (head && head[0] === 'expect' && head.length <= 2) {
          const expectCall = cur as ts.CallExpression;
          if (promiseModifier || head[1] === 'poll' || CHAI_PROMISE_WORDS.has(matcher)) {
            return { statement: stmt, call: expr, kind: 'assertion', needs: 'any' };
          }
          const pw = PLAYWRIGHT_ASYNC_MATCHERS.has(matcher) && (head.length === 1 || head[1] === 'soft');
          const wdio = WDIO_ASYNC_MATCHERS.has(matcher) && !!expectCall.arguments[0];
          if (pw || wdio) {
            const root = wdio ? chainRoot(expectCall.arguments[0]) : undefined;
            return { statement: stmt, call: expr, kind: 'assertion', needs: 'browser', playwright: pw, webdriverio: wdio && !!root, root };
          }
          return undefined;
        }
      }
      const chain = calleeChain(expr.expression);
      if (!chain) return undefined;
      const last = chain[chain.length - 1];
      if (chain.length === 2 && chain[1] === 'step' && context.model.canonicalOf(chain[0]) === 'test') {
        return { statement: stmt, call: expr, kind: 'step', needs: 'browser', playwright: true, webdriverio: false };
      }
      if (last === 'then' || last === 'catch' || last === 'finally') {
        if (chain[0] === 'cy' || chain[0] === 'Cypress') return undefined;
        const thenCallbacks = collectThenCallbacks(expr);
        if (thenCallbacks.some((cb) => containsAssertion(cb))) return { statement: stmt, call: expr, kind: 'then', needs: 'any' };
        return undefined;
      }
      if (chain.length === 1 && (last === 'setTimeout') || (chain.length === 2 && last === 'setTimeout' && ['window', 'global', 'globalThis'].includes(chain[0]))) {
        const cb = expr.arguments[0];
        if (cb && (compiler.isArrowFunction(cb) || compiler.isFunctionExpression(cb)) && containsAssertion(cb)) return { statement: stmt, call: expr, kind: 'timer', needs: 'any' };
        return undefined;
      }
      if (chain.length >= 2) {
        const root = chainRoot(expr.expression);
        if (!root) return undefined;
        const parent = chain[chain.length - 2];
        const pw = (PLAYWRIGHT_ACTIONS.has(last) && last !== 'keyboard' && last !== 'mouse') || ((parent === 'keyboard' || parent === 'mouse' || parent === 'touchscreen') && PLAYWRIGHT_INPUT_METHODS.has(last));
        const wdio = WDIO_ACTIONS.has(last);
        if (pw || wdio) return { statement: stmt, call: expr, kind: 'action', needs: 'browser', playwright: pw, webdriverio: wdio, root };
      } else if (chain.length === 1 && (last === '$' || last === '$$')) {
        return undefined;
      }
      return undefined;
    };

    let scope: FileScope | undefined;
    /** Whether a chain hangs on a Playwright/WebdriverIO object: a fixture, a typed parameter, or a variable bound to one. */
    const isBrowserObject = (expr: ts.Expression | undefined, kind: 'playwright' | 'webdriverio', depth = 0): boolean => {
      if (!expr) return false;
      const rootName = chainRoot(expr);
      if (!rootName) return false;
      if (rootName.startsWith('this.')) return kind === 'playwright' && (rootName === 'this.page' || browserNames.has(rootName));
      const id = chainRootId(expr);
      if (!id) return false;
      scope ??= getScope(context);
      const decl = scope.referenceOf(id)?.decl;
      const names = kind === 'playwright' ? PLAYWRIGHT_ROOTS : WDIO_ROOTS;
      if (!decl) return names.has(rootName);
      if (decl.kind === 'import') return kind === 'webdriverio' ? names.has(decl.import?.imported ?? '') : false;
      if (decl.kind === 'parameter') return names.has(rootName) || hasBrowserType(decl.id);
      if (decl.initializer && depth < 4) {
        const init = unwrap(decl.initializer);
        return isBrowserObject(compiler.isAwaitExpression(init) ? init.expression : init, kind, depth + 1) && (compiler.isCallExpression(unwrap(compiler.isAwaitExpression(init) ? init.expression : init)) || compiler.isPropertyAccessExpression(init));
      }
      return hasBrowserType(decl.id);
    };

    return {
      ExpressionStatement(node: ts.ExpressionStatement) {
        const c = candidateOf(node);
        if (c) candidates.push(c);
      },
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (compiler.isIdentifier(node.name)) noteBinding(node.name.text, node.initializer);
      },
      PropertyDeclaration(node: ts.PropertyDeclaration) {
        if (compiler.isIdentifier(node.name)) noteBinding(`this.${node.name.text}`, node.initializer);
        if (compiler.isIdentifier(node.name) && node.type && compiler.isTypeReferenceNode(node.type) && compiler.isIdentifier(node.type.typeName) && PLAYWRIGHT_TYPES.has(node.type.typeName.text)) {
          browserNames.add(`this.${node.name.text}`);
        }
      },
      BinaryExpression(node: ts.BinaryExpression) {
        if (node.operatorToken.kind !== compiler.SyntaxKind.EqualsToken) return;
        const left = node.left;
        if (compiler.isPropertyAccessExpression(left) && left.expression.kind === compiler.SyntaxKind.ThisKeyword) noteBinding(`this.${left.name.text}`, node.right);
        else if (compiler.isIdentifier(left)) noteBinding(left.text, node.right);
      },
      Parameter(node: ts.ParameterDeclaration) {
        const type = node.type;
        if (compiler.isIdentifier(node.name) && type && compiler.isTypeReferenceNode(type) && compiler.isIdentifier(type.typeName) && PLAYWRIGHT_TYPES.has(type.typeName.text)) {
          browserNames.add(node.name.text);
          // `constructor(private page: Page)` makes `this.page` a page too.
          if (compiler.isConstructorDeclaration(node.parent)) browserNames.add(`this.${node.name.text}`);
        }
      },
      end() {
        const fw = context.model.framework;
        const browserFile = fw === 'playwright' || context.model.imports.modules.some((m) => BROWSER_MODULES.includes(m.module)) || usesPageFixture(context.model);
        const wdioFile = fw === 'webdriverio' || context.model.imports.modules.some((m) => m.module === '@wdio/globals' || m.module === 'webdriverio');
        for (const c of candidates) {
          if (c.needs === 'browser') {
            if (insideBrowserSideFunction(c.statement)) continue;
            const subject = c.kind === 'assertion' ? expectSubject(c.call) : (c.call as ts.CallExpression).expression;
            const isPlaywright = !!c.playwright && browserFile && (c.kind !== 'action' || isBrowserObject(subject, 'playwright'));
            // WebdriverIO's sync mode (@wdio/sync, up to v7) runs commands blocking in plain functions: only async functions count.
            const fnIsAsync = !!enclosingFunction(c.statement) && isAsyncFunction(enclosingFunction(c.statement)!);
            const isWdio = !!c.webdriverio && wdioFile && fnIsAsync && !!subject && isBrowserObject(subject, 'webdriverio');
            if (!isPlaywright && !isWdio) continue;
          }
          const fn = enclosingFunction(c.statement);
          if (!fn) continue;
          const block = blockOfNode(context.model, c.statement);
          const isBlockFn = context.model.blockByFn.get(fn) !== undefined;
          const isAsync = isAsyncFunction(fn);
          if (c.kind === 'then') {
            // Cypress helpers return chainables whose `.then` is queued with the test; only promises outlive it.
            if (fw === 'cypress') continue;
            // Only the test's or hook's own body: a `.then` in a sync test without `done` outlives the test.
            if (!isBlockFn) continue;
            if (!isAsync && fn.parameters.length > 0) continue;
          }
          if (c.kind === 'timer') {
            if (!isBlockFn || isAsync || fn.parameters.length > 0 || returnsValue(fn)) continue;
            if (block.kind !== 'test') continue;
            if (inForce(context.model, sf).clock(block)) continue;
          }
          report(c, fn, block, isAsync);
        }
      },
    };

    function report(c: Candidate, fn: ts.FunctionLikeDeclaration, block: Block, isAsync: boolean) {
      const fixes: FixDescriptor[] = [];
      const start = c.statement.expression.getStart(sf);
      if (c.kind !== 'timer') {
        if (isAsync) {
          fixes.push({ description: 'Add `await`', safe: true, edits: [{ start, end: start, newText: 'await ' }] });
        } else if (isLastStatement(c.statement, fn)) {
          fixes.push({ description: 'Return the promise so the runner waits for it', safe: false, edits: [{ start, end: start, newText: 'return ' }] });
        }
      }
      const what = c.kind === 'then' ? shortText(thenReceiver(c.call as ts.CallExpression), sf, 60) : shortText(c.call, sf);
      const where = c.kind === 'timer' ? (enclosingTest(block) ? ` '${enclosingTest(block)!.fullName}'` : ' the test') : whereText(block);
      context.report({
        messageId: c.kind,
        node: c.kind === 'timer' ? (c.call as ts.CallExpression).expression : c.call,
        data: { what, where },
        test: enclosingTest(block),
        related: c.kind === 'timer' || c.kind === 'then' ? [{ message: 'the test function, which neither waits nor takes `done`', node: fn.parameters.length ? fn.parameters[0] : fn }] : [],
        fixes,
      });
    }
  },
});

/** The `expect(…)` argument of an assertion chain. */
function expectSubject(call: ts.Expression): ts.Expression | undefined {
  const shape = compiler.isCallExpression(call) ? expectShape(call) : undefined;
  return shape?.expectCall.arguments[0];
}

/** A declaration typed `Page`, `Locator`, … (a parameter, or a destructured fixture of a typed parameter). */
function hasBrowserType(id: ts.Identifier): boolean {
  const decl = id.parent;
  const type = (compiler.isParameter(decl) || compiler.isVariableDeclaration(decl) || compiler.isPropertyDeclaration(decl)) ? decl.type : undefined;
  return !!type && compiler.isTypeReferenceNode(type) && compiler.isIdentifier(type.typeName) && PLAYWRIGHT_TYPES.has(type.typeName.text);
}

/** Tests or hooks that destructure Playwright's `page` fixture (`async ({ page }) => …`), e.g. through a local `test.extend`. */
function usesPageFixture(model: FileModel): boolean {
  for (const b of [...model.tests, ...model.hooks]) {
    const first = b.fn?.parameters[0];
    if (first && compiler.isObjectBindingPattern(first.name) && first.name.elements.some((e) => compiler.isIdentifier(e.name) && e.name.text === 'page' && !e.propertyName)) return true;
  }
  return false;
}

/** Callbacks passed to `.then`/`.catch`/`.finally` along a chain. */
function collectThenCallbacks(call: ts.CallExpression): ts.Node[] {
  const out: ts.Node[] = [];
  let cur: ts.Expression = call;
  while (compiler.isCallExpression(cur) && compiler.isPropertyAccessExpression(cur.expression)) {
    const name = cur.expression.name.text;
    if (name === 'then' || name === 'catch' || name === 'finally') {
      for (const a of cur.arguments) if (compiler.isArrowFunction(a) || compiler.isFunctionExpression(a)) out.push(a);
    }
    cur = cur.expression.expression;
  }
  return out;
}

/** What the first `.then` hangs on: `fetchUser()` in `fetchUser().then(…)`. */
function thenReceiver(call: ts.CallExpression): ts.Node {
  let cur: ts.Expression = call;
  while (compiler.isCallExpression(cur) && compiler.isPropertyAccessExpression(cur.expression) && ['then', 'catch', 'finally'].includes(cur.expression.name.text)) {
    cur = cur.expression.expression;
  }
  return cur;
}

function isLastStatement(stmt: ts.Statement, fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  return !!body && compiler.isBlock(body) && body.statements[body.statements.length - 1] === stmt;
}

function returnsValue(fn: ts.FunctionLikeDeclaration): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (n !== fn && compiler.isFunctionLike(n))) return;
    if (compiler.isReturnStatement(n) && n.expression) found = true;
    else compiler.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}
