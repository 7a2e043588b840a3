import { ts } from 'ts-morph';
import { compiler, parsedNames } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import { blockOfNode, hasFakeTimers, type Block } from '../core/model';
import { docsUrl } from './docs-url';

const TIMER_PROMISE_MODULES = new Set(['timers/promises', 'node:timers/promises']);
const SLEEP_PACKAGES = new Set(['delay', 'sleep-promise', 'await-sleep', 'timeout-as-promise', 'es6-promise-timeout', 'sleep-async', 'p-sleep', 'yoctodelay']);
/** Names of imported helpers that, called with a single duration, are sleeps whatever module they come from. */
const SLEEP_NAMES = /^(?:sleep|delay|wait|pause|waitMs|sleepMs|delayMs|waitFor(?:Ms|Millis(?:econds)?|Seconds|Time)|timeout|setTimeoutPromise)$/;
/** Method calls that wait a fixed time, by receiver-independent method name, with the frameworks they belong to. */
const FIXED_WAIT_METHODS = new Map<string, string>([
  ['waitForTimeout', 'Playwright/Puppeteer'],
  ['pause', 'WebdriverIO'],
  ['sleep', 'WebDriver'],
]);

/** Names every sleep below needs: a timer, `cy.wait`, a fixed-wait method. */
const SLEEP_CALL_NAMES = ['setTimeout', 'wait', ...FIXED_WAIT_METHODS.keys()];

/** Whether the file can hold a sleep: it names one of those, or imports a sleep package, timer promises or a sleep-named helper. */
function canHoldSleep(sf: ts.SourceFile, bindings: ReadonlyMap<string, { module: string }>): boolean {
  const names = parsedNames(sf);
  if (!names || SLEEP_CALL_NAMES.some((n) => names.has(n))) return true;
  for (const [local, b] of bindings) if (SLEEP_PACKAGES.has(b.module) || TIMER_PROMISE_MODULES.has(b.module) || SLEEP_NAMES.test(local)) return true;
  return false;
}

/** `new Promise(r => setTimeout(r, n))` and the function-body variants; returns the duration argument. */
export function timerPromiseDuration(node: ts.NewExpression): ts.Expression | null | undefined {
  if (!compiler.isIdentifier(node.expression) || node.expression.text !== 'Promise') return undefined;
  const executor = node.arguments?.[0];
  if (!executor || !(compiler.isArrowFunction(executor) || compiler.isFunctionExpression(executor))) return undefined;
  const resolve = executor.parameters[0];
  if (!resolve || !compiler.isIdentifier(resolve.name)) return undefined;
  const resolveName = resolve.name.text;
  let call: ts.Expression | undefined;
  if (compiler.isBlock(executor.body)) {
    if (executor.body.statements.length !== 1) return undefined;
    const only = executor.body.statements[0];
    if (compiler.isExpressionStatement(only)) call = only.expression;
    else if (compiler.isReturnStatement(only)) call = only.expression;
  } else {
    call = executor.body;
  }
  if (!call || !compiler.isCallExpression(call)) return undefined;
  const chain = calleeChain(call.expression);
  if (!chain || chain[chain.length - 1] !== 'setTimeout' || (chain.length > 1 && !['window', 'global', 'globalThis'].includes(chain[0]))) return undefined;
  const cb = call.arguments[0];
  const callsResolve = cb && ((compiler.isIdentifier(cb) && cb.text === resolveName) || ((compiler.isArrowFunction(cb) || compiler.isFunctionExpression(cb)) && bodyOnlyCalls(cb, resolveName)));
  if (!callsResolve) return undefined;
  return call.arguments[1] ?? null;
}

function bodyOnlyCalls(fn: ts.ArrowFunction | ts.FunctionExpression, name: string): boolean {
  let expr: ts.Node | undefined = fn.body;
  if (compiler.isBlock(fn.body)) {
    if (fn.body.statements.length !== 1 || !compiler.isExpressionStatement(fn.body.statements[0])) return false;
    expr = fn.body.statements[0].expression;
  }
  return !!expr && compiler.isCallExpression(expr) && compiler.isIdentifier(expr.expression) && expr.expression.text === name;
}

/** A fixed duration: a number literal, `2 * 1000`, or a name (a constant). Returns undefined for anything dynamic-looking. */
function describeDuration(arg: ts.Expression | null | undefined, sf: ts.SourceFile): string | undefined {
  if (arg === null) return 'a fixed 0 ms';
  if (!arg) return undefined;
  const value = numericValue(arg);
  if (value !== undefined) return value >= 1000 && value % 100 === 0 ? `a fixed ${value / 1000} s` : `a fixed ${value} ms`;
  if (compiler.isIdentifier(arg) || compiler.isPropertyAccessExpression(arg)) return `a fixed time (\`${arg.getText(sf)}\`)`;
  return undefined;
}

function numericValue(node: ts.Expression): number | undefined {
  if (compiler.isNumericLiteral(node)) return Number(node.text.replace(/_/g, ''));
  if (compiler.isParenthesizedExpression(node)) return numericValue(node.expression);
  if (compiler.isBinaryExpression(node) && node.operatorToken.kind === compiler.SyntaxKind.AsteriskToken) {
    const l = numericValue(node.left);
    const r = numericValue(node.right);
    return l !== undefined && r !== undefined ? l * r : undefined;
  }
  return undefined;
}

function isDurationLike(arg: ts.Expression | undefined): boolean {
  if (!arg) return false;
  return numericValue(arg) !== undefined || compiler.isIdentifier(arg) || compiler.isPropertyAccessExpression(arg);
}

/** The function whose body is exactly `return new Promise(r => setTimeout(r, ms))` (a local sleep helper). */
function sleepHelperName(promise: ts.NewExpression): string | undefined {
  let fn: ts.Node = promise.parent;
  if (compiler.isReturnStatement(fn)) {
    const block = fn.parent;
    if (!compiler.isBlock(block) || block.statements.length !== 1) return undefined;
    fn = block.parent;
  } else if (compiler.isAwaitExpression(fn) || compiler.isParenthesizedExpression(fn)) {
    return undefined;
  }
  if (compiler.isFunctionDeclaration(fn) && fn.name) return fn.name.text;
  if ((compiler.isArrowFunction(fn) || compiler.isFunctionExpression(fn)) && compiler.isVariableDeclaration(fn.parent) && compiler.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  if ((compiler.isArrowFunction(fn) || compiler.isFunctionExpression(fn)) && compiler.isPropertyAssignment(fn.parent) && compiler.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  if (compiler.isMethodDeclaration(fn) && compiler.isIdentifier(fn.name)) return fn.name.text;
  return undefined;
}

interface Candidate {
  node: ts.Node;
  block: Block;
  what: string;
  duration: string;
  /** Timer-based sleeps are neutralised by fake timers; driver waits are not. */
  timerBased: boolean;
}

export default defineRule({
  id: 'fixed-sleep',
  meta: {
    type: 'flaky',
    cause: 'timing',
    defaultSeverity: 'warning',
    docs: {
      description: 'Waiting a fixed time instead of for the condition the test needs: too short on a slow CI machine, too long everywhere else.',
      url: docsUrl('fixed-sleep'),
    },
    messages: {
      sleep: '`{what}` waits {duration}{inTest}: too short on a loaded CI machine, wasted time elsewhere. Wait for the condition instead ({alternative}).',
    },
    defaultOptions: { ignoreBelowMs: 0 },
  },
  create(context) {
    const sf = context.sourceFile;
    const bindings = context.model.imports.bindings;
    if (!canHoldSleep(sf, bindings)) return {};
    const candidates: Candidate[] = [];
    const helperCalls: { node: ts.CallExpression; name: string }[] = [];
    const sleepHelpers = new Map<string, ts.Node>();
    const alternative = () => {
      switch (context.model.framework) {
        case 'playwright':
          return '`await expect(locator).toBeVisible()`, `expect.poll`, `toPass`';
        case 'cypress':
          return '`cy.get(…).should(…)`, `cy.wait(\'@alias\')`';
        case 'webdriverio':
          return '`await el.waitForDisplayed()`, `browser.waitUntil`';
        default:
          return '`waitFor`, `expect.poll`, an awaited event, or fake timers';
      }
    };
    const ignoreBelow = Number(context.options.ignoreBelowMs ?? 0);
    const add = (node: ts.Node, what: string, arg: ts.Expression | null | undefined, timerBased: boolean) => {
      const duration = describeDuration(arg, sf);
      if (!duration) return;
      const value = arg ? numericValue(arg) : 0;
      if (value !== undefined && value < ignoreBelow) return;
      candidates.push({ node, block: blockOfNode(context.model, node), what, duration, timerBased });
    };
    return {
      NewExpression(node: ts.NewExpression) {
        const duration = timerPromiseDuration(node);
        if (duration === undefined) return;
        const helper = sleepHelperName(node);
        if (helper) {
          sleepHelpers.set(helper, node);
          return;
        }
        add(node, 'new Promise(r => setTimeout(r, …))', duration, true);
      },
      CallExpression(node: ts.CallExpression) {
        const chain = calleeChain(node.expression);
        if (!chain) return;
        const last = chain[chain.length - 1];
        const arg = node.arguments[0];
        if (chain.length >= 2) {
          const head = chain[0];
          if (last === 'wait' && head === 'cy' && chain.length === 2) {
            if (arg && isDurationLike(arg) && !compiler.isStringLiteralLike(arg)) add(node, `cy.wait(${arg.getText(sf)})`, arg, false);
            return;
          }
          const method = FIXED_WAIT_METHODS.get(last);
          if (method && node.arguments.length <= 1 && isDurationLike(arg)) {
            // `browser.pause(n)`, `page.waitForTimeout(n)`, `driver.sleep(n)`; not `video.pause()` without a duration.
            if (last === 'pause' && !['browser', 'driver', 'client'].includes(head)) return;
            if (last === 'sleep' && !['browser', 'driver', 'client', 'Atomics'].includes(head)) return;
            add(node, `${chain.join('.')}(${arg.getText(sf)})`, arg, false);
            return;
          }
          if (last === 'wait' && chain.length === 2 && bindings.get(head)?.imported === 'scheduler' && TIMER_PROMISE_MODULES.has(bindings.get(head)!.module)) {
            add(node, `${chain.join('.')}(${arg?.getText(sf) ?? ''})`, arg ?? null, true);
          }
          if (last === 'setTimeout' && chain.length === 2 && isTimersPromises(bindings.get(head))) {
            if (isAwaitedOrReturned(node)) add(node, `${chain.join('.')}(${arg?.getText(sf) ?? ''})`, arg ?? null, true);
          }
          return;
        }
        const name = chain[0];
        const binding = bindings.get(name);
        if (binding && TIMER_PROMISE_MODULES.has(binding.module) && binding.imported === 'setTimeout') {
          if (isAwaitedOrReturned(node)) add(node, `${name}(${arg?.getText(sf) ?? ''})`, arg ?? null, true);
          return;
        }
        if (binding && SLEEP_PACKAGES.has(binding.module)) {
          add(node, `${name}(${arg?.getText(sf) ?? ''})`, arg ?? null, true);
          return;
        }
        // Calls to a sleep helper defined in this file are decided at the end, once every helper is known (most such
        // calls are `expect(x)`: their block and text are looked up only for the names that turn out to sleep).
        if (node.arguments.length === 1 && isDurationLike(arg)) helperCalls.push({ node, name });
      },
      end() {
        if (helperCalls.length > 0) {
          // Back into walk order among the other candidates.
          for (const { node, name } of helperCalls) {
            const binding = bindings.get(name);
            const isLocalHelper = sleepHelpers.has(name);
            const isImportedSleep = !!binding && SLEEP_NAMES.test(name) && (binding.module.startsWith('.') || binding.module.startsWith('#') || binding.module.startsWith('@/'));
            if (!isLocalHelper && !isImportedSleep) continue;
            const arg = node.arguments[0];
            const duration = describeDuration(arg, sf);
            if (!duration) continue;
            const value = numericValue(arg);
            if (value !== undefined && value < ignoreBelow) continue;
            candidates.push({ node, block: blockOfNode(context.model, node), what: `${name}(${arg.getText(sf)})`, duration, timerBased: true });
          }
          candidates.sort((a, b) => a.node.pos - b.node.pos);
        }
        for (const c of candidates) {
          if (c.block.kind === 'root' && !insideFunction(c.node)) continue;
          if (c.timerBased && hasFakeTimers(context.model, c.block)) continue;
          // A timer inside a callback handed to the code under test (a route handler, a hook, a mock) simulates slow
          // work of that code; it is not the test waiting.
          if (c.timerBased && insideCallbackArgument(c.node, c.block)) continue;
          const test = c.block.kind === 'test' ? c.block : undefined;
          const inTest = c.block.kind === 'hook' ? ` in ${c.block.hookType}` : '';
          const helper = c.duration.startsWith('@') ? undefined : sleepHelpers.get((c.what.split('(')[0]));
          context.report({
            messageId: 'sleep',
            node: c.node,
            data: { what: c.what, duration: c.duration, inTest, alternative: alternative() },
            test: test ?? enclosingTest(c.block),
            related: helper ? [{ message: 'the sleep helper is defined here', node: helper }] : [],
          });
        }
      },
    };
  },
});

function isTimersPromises(binding: { module: string; imported: string } | undefined): boolean {
  return !!binding && TIMER_PROMISE_MODULES.has(binding.module) && (binding.imported === '*' || binding.imported === 'default');
}

function isAwaitedOrReturned(node: ts.Node): boolean {
  let p = node.parent;
  while (p && (compiler.isParenthesizedExpression(p) || compiler.isAsExpression(p))) p = p.parent;
  return !!p && (compiler.isAwaitExpression(p) || compiler.isReturnStatement(p) || compiler.isArrowFunction(p) || (compiler.isCallExpression(p) && compiler.isPropertyAccessExpression(p.expression) && p.expression.name.text === 'then'));
}

/** Callbacks that still run as the test's own sequential flow. */
const TEST_FLOW_CALLBACKS = new Set(['step', 'all', 'allSettled', 'any', 'then', 'finally', 'catch']);

/**
 * True when, between the node and its block's own function, a function is crossed that the test does not run as its
 * own flow: a route handler, a hook or method handed to the code under test, or a polling callback (`waitFor`,
 * `toPass`) that waits on a condition anyway.
 */
function insideCallbackArgument(node: ts.Node, block: Block): boolean {
  const own = block.kind === 'root' ? undefined : block.fn;
  for (let p = node.parent; p && p !== own; p = p.parent) {
    if (compiler.isCallExpression(p) && isRaceWithTimer(p, node)) return true;
    if (!compiler.isFunctionLike(p)) continue;
    const call = p.parent;
    if (call && compiler.isCallExpression(call) && call.arguments.includes(p as unknown as ts.Expression)) {
      const chain = calleeChain(call.expression);
      const last = chain?.[chain.length - 1];
      if (last && TEST_FLOW_CALLBACKS.has(last)) continue;
    }
    return true;
  }
  return false;
}

/** `Promise.race([work, new Promise(r => setTimeout(r, n))])` is a deadline, not a sleep. */
function isRaceWithTimer(call: ts.CallExpression, node: ts.Node): boolean {
  const chain = calleeChain(call.expression);
  if (!chain || chain[chain.length - 1] !== 'race') return false;
  const list = call.arguments[0];
  return !!list && compiler.isArrayLiteralExpression(list) && list.elements.some((e) => e === node || (compiler.isAwaitExpression(e) && e.expression === node));
}

function insideFunction(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (compiler.isFunctionLike(p)) return true;
  return false;
}

function enclosingTest(block: Block) {
  for (let b: Block | null = block; b; b = b.parent) if (b.kind === 'test') return b;
  return null;
}
