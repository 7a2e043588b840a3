import { ts } from 'ts-morph';
import { compiler } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import type { HookBlock, TestBlock } from '../core/model';
import { docsUrl } from './docs-url';
import { brief, calleeName, testOf, unwrapExpr, where } from './_async-wait';

/** One path through a function: whether `done` was called on it, and what left it uncalled. */
interface PathState {
  called: boolean;
  /** Called by a `done(…)` statement on this path, not only handed to a listener or callback that may call it. */
  direct?: boolean;
  culprit?: { node: ts.Node; kind: 'return' | 'if' | 'else' | 'catch' };
}

interface Flow {
  fall: PathState[];
  ret: PathState[];
}

const ERROR_PARAM = /^(?:err|error|er|error_|err_)$/i;
const ASSERT_HEADS = new Set(['expect', 'assert', 'should', 'chai']);

export default defineRule({
  id: 'done-callback',
  meta: {
    type: 'flaky',
    cause: 'timing',
    defaultSeverity: 'warning',
    docs: {
      description: 'A `done` callback that a path never calls, that is called twice or followed by assertions, or mixed with `async` or a returned promise.',
      url: docsUrl('done-callback'),
    },
    messages: {
      asyncDone: '`async` function that also takes `{done}`{where}: Mocha fails it as overspecified and Jest rejects it, and a failed assertion rejects the promise while the runner waits for `{done}`. Drop `{done}` and `await` the work instead.',
      promiseDone: 'This returns a promise and also takes `{done}`{where}: Mocha fails it as overspecified, and a rejection never reaches `{done}`. Return the promise and drop `{done}`.',
      neverCalled: '`{done}` is never called{where}: the test can only end by timing out. Call `{done}()` when the work has finished, or drop the parameter.',
      path: '{path}{where} without calling `{done}`: on that path the test waits for its timeout instead of failing with the cause. {advice}',
      twice: '`{done}` can be called twice{where}: {reason}. Mocha fails with "done() called multiple times" and Jest may blame another test. `return {done}(…)` on the first call.',
      codeAfter: 'Code after `{done}()`{where} runs once the test has finished: a failure here is reported against another test or lost. Move it before `{done}()`.',
      assertionInThen: '`{assertion}` runs in a `.then` callback with no `.catch`{where}: when it fails, the rejection never reaches `{done}` and the test waits for its timeout instead of reporting the failure. Add `.catch({done})`, or return the promise and drop `{done}`.',
    },
  },
  create(context) {
    const sf = context.sourceFile;
    const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    return {
      end() {
        const framework = context.model.framework;
        if (framework === 'playwright' || framework === 'vitest') return;
        // Type-level test files (tsd `*.test-d.ts`) are compiled, never run.
        if (/\.test-d\.[cm]?tsx?$/.test(context.path)) return;
        // Jest's `expect` throws, so a failure in a `.then` never reaches `done`; Jasmine's records it and goes on,
        // and Mocha reports unhandled rejections against the running test. Only files that are Jest's are checked.
        const expectBinding = context.model.imports.bindings.get('expect');
        // Decided on first need: most files have no `done` parameter, and this reads the whole text.
        let throwing: boolean | undefined;
        const throwingExpect = () => (throwing ??= (framework === 'jest' || framework === 'unknown')
          && (!expectBinding || expectBinding.module === '@jest/globals')
          && (context.model.imports.modules.some((m) => m.module === '@jest/globals') || /\bjest\.(?:fn|mock|spyOn|useFakeTimers)\b/.test(context.text))
          && !/\bjasmine\./.test(context.text));
        for (const blocks of [context.model.tests, context.model.hooks] as (TestBlock | HookBlock)[][]) for (const block of blocks) {
          const fn = block.fn;
          if (!fn || !fn.body) continue;
          if (block.kind === 'test' && block.modifiers.includes('each')) continue;
          const param = doneParam(fn, framework === 'node:test');
          if (!param) continue;
          const done = param.text;
          const test = testOf(block);
          const base = { done, where: where(block) };
          const report = (messageId: string, node: ts.Node, extra: Record<string, string> = {}) =>
            context.report({ messageId, node, data: { ...base, ...extra }, test });
          const isAsync = !!fn.modifiers?.some((m) => m.kind === compiler.SyntaxKind.AsyncKeyword);
          if (isAsync) {
            report('asyncDone', param);
            continue;
          }
          const returned = returnedPromise(fn);
          if (returned) {
            report('promiseDone', returned);
            continue;
          }
          if (!references(fn.body, done)) {
            report('neverCalled', param);
            continue;
          }
          // The test body, then callbacks that run once and receive `done`: error-first callbacks and `.then` handlers.
          const bodies: { body: ts.Block; params?: string[] }[] = [];
          if (compiler.isBlock(fn.body)) bodies.push({ body: fn.body });
          forEachOnceCallback(fn.body, done, (cb) => {
            if (compiler.isBlock(cb.body)) bodies.push({ body: cb.body, params: cb.parameters.flatMap((p) => (compiler.isIdentifier(p.name) ? [p.name.text] : [])) });
          });
          for (const { body, params } of bodies) {
            const flow = seq(body.statements, [{ called: false }], done, (kind, node, reason) => {
              if (kind === 'twice') report('twice', node, { reason });
              else report('codeAfter', node);
            });
            const seen = new Set<ts.Node>();
            for (const st of [...flow.fall, ...flow.ret]) {
              if (st.called || !st.culprit || seen.has(st.culprit.node)) continue;
              seen.add(st.culprit.node);
              const c = st.culprit;
              // In a callback, only a branch on what the callback received (`if (err) return;`) is a lost path;
              // `if (!--pending) done()` is a countdown over several calls.
              if (params && c.kind !== 'catch' && !branchesOnParams(c.node, body, params)) continue;
              const line = lineOf(c.node);
              const path = c.kind === 'return' ? `The \`return\` on line ${line} leaves`
                : c.kind === 'catch' ? `The \`catch\` on line ${line} swallows the error`
                  : c.kind === 'if' ? `When the \`if\` on line ${line} is false, the code goes on`
                    : `When the \`if\` on line ${line} is true, the code goes on`;
              const advice = c.kind === 'catch' ? `Call \`${done}(err)\` in the \`catch\`.` : c.kind === 'return' ? `\`return ${done}(…)\` there.` : `Call \`${done}\` (with the error, if any) on that branch too.`;
              report('path', c.kind === 'catch' ? (c.node as ts.CatchClause).getChildAt(0, sf) : c.kind === 'return' ? c.node : (c.node as ts.IfStatement).expression, { path, advice });
            }
          }
          if (throwingExpect()) {
            for (const a of unhandledThenAssertions(fn.body, done)) report('assertionInThen', a, { assertion: brief(a, sf, 50) });
          }
        }
      },
    };
  },
});

/** The `done` parameter: the first one (Mocha, Jest, Jasmine, Cypress), the second for node:test `(t, done)`. */
function doneParam(fn: ts.FunctionLikeDeclaration, nodeTest: boolean): ts.Identifier | undefined {
  // Runs for every test and hook of every file: no array built, and most take no parameter at all.
  const all = fn.parameters;
  if (all.length === 0) return undefined;
  const wanted = nodeTest ? 1 : 0;
  let p: ts.ParameterDeclaration | undefined;
  let count = 0;
  for (const param of all) {
    // TypeScript's `this` parameter (`function (this: Mocha.Context, done)`) is not an argument.
    if (compiler.isIdentifier(param.name) && param.name.text === 'this') continue;
    if (count === wanted) p = param;
    count++;
  }
  if (!p || p.dotDotDotToken || p.initializer || !compiler.isIdentifier(p.name)) return undefined;
  if (count > wanted + 1) return undefined;
  return p.name;
}

/** `return x.then(…)`, `return new Promise(…)`, or an arrow whose expression body is such a chain. */
function returnedPromise(fn: ts.FunctionLikeDeclaration): ts.Node | undefined {
  const isPromise = (e: ts.Expression | undefined): boolean => {
    if (!e) return false;
    const x = unwrapExpr(e);
    if (compiler.isNewExpression(x) && compiler.isIdentifier(x.expression) && x.expression.text === 'Promise') return true;
    if (!compiler.isCallExpression(x)) return false;
    const name = calleeName(x);
    if (name === 'then' || name === 'catch' || name === 'finally') return true;
    const chain = calleeChain(x.expression);
    return !!chain && chain[0] === 'Promise';
  };
  if (fn.body && !compiler.isBlock(fn.body)) return isPromise(fn.body as ts.Expression) ? fn.body : undefined;
  if (!fn.body || !compiler.isBlock(fn.body)) return undefined;
  for (const s of fn.body.statements) if (compiler.isReturnStatement(s) && isPromise(s.expression)) return s;
  return undefined;
}

/** Whether `name` is referenced in a node, not counting nested functions that shadow it. */
function references(node: ts.Node, name: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (compiler.isIdentifier(n) && n.text === name && !(compiler.isPropertyAccessExpression(n.parent) && n.parent.name === n) && !(compiler.isPropertyAssignment(n.parent) && n.parent.name === n)) {
      found = true;
      return;
    }
    if (compiler.isFunctionLike(n) && n.parameters.some((p) => compiler.isIdentifier(p.name) && p.name.text === name)) return;
    compiler.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** `done(…)` as the whole statement (or `return done(…)`). */
function directCall(stmt: ts.Statement, name: string): ts.CallExpression | undefined {
  const e = compiler.isExpressionStatement(stmt) ? stmt.expression : compiler.isReturnStatement(stmt) ? stmt.expression : undefined;
  if (!e) return undefined;
  const x = unwrapExpr(e);
  return compiler.isCallExpression(x) && compiler.isIdentifier(x.expression) && x.expression.text === name ? x : undefined;
}

/** `this.skip()`, `test.skip()`, `ctx.skip()`: ends the test without `done`. */
function skipsTest(stmt: ts.Statement): boolean {
  const e = compiler.isExpressionStatement(stmt) ? stmt.expression : compiler.isReturnStatement(stmt) ? stmt.expression : undefined;
  if (!e || !compiler.isCallExpression(e)) return false;
  const name = calleeName(e);
  return name === 'skip' || name === 'pending';
}

function isAssertion(call: ts.CallExpression): boolean {
  const chain = calleeChain(call.expression);
  return !!chain && (ASSERT_HEADS.has(chain[0]) || chain.includes('should'));
}

function containsAssertion(node: ts.Node): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (compiler.isCallExpression(n) && isAssertion(n)) {
      found = n;
      return;
    }
    compiler.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

type Problem = (kind: 'twice' | 'codeAfter', node: ts.Node, reason: string) => void;

function union(a: PathState[], b: PathState[]): PathState[] {
  const out = [...a];
  for (const s of b) if (!out.some((o) => o.called === s.called && !!o.direct === !!s.direct && o.culprit?.node === s.culprit?.node)) out.push(s);
  return out;
}

function blame(states: PathState[], node: ts.Node, kind: NonNullable<PathState['culprit']>['kind']): PathState[] {
  return states.map((s) => (s.called || s.culprit ? s : { called: false, culprit: { node, kind } }));
}

function seq(stmts: readonly ts.Statement[], entry: PathState[], done: string, problem: Problem): Flow {
  let states = entry;
  let ret: PathState[] = [];
  let calledDirectlyAt: ts.Statement | undefined;
  for (const s of stmts) {
    if (states.length === 0) break;
    if (calledDirectlyAt && !compiler.isReturnStatement(s)) {
      const a = containsAssertion(s);
      if (a) {
        problem('codeAfter', s, '');
        calledDirectlyAt = undefined;
      }
    }
    const r = stmt(s, states, done, problem);
    ret = union(ret, r.ret);
    states = r.fall;
    if (directCall(s, done) && compiler.isExpressionStatement(s)) calledDirectlyAt = s;
  }
  return { fall: states, ret };
}

function stmt(s: ts.Statement, states: PathState[], done: string, problem: Problem): Flow {
  if (compiler.isBlock(s)) return seq(s.statements, states, done, problem);
  if (compiler.isIfStatement(s) && !references(s.expression, done)) {
    const t = stmt(s.thenStatement, states, done, problem);
    const e = s.elseStatement ? stmt(s.elseStatement, states, done, problem) : { fall: states, ret: [] };
    const thenCalls = [...t.fall, ...t.ret].some((x) => x.called);
    const elseCalls = [...e.fall, ...e.ret].some((x) => x.called);
    // One branch calls `done`, the other falls through without it: blame the `if`.
    const eFall = thenCalls && !elseCalls ? blame(e.fall, s, 'if') : e.fall;
    const tFall = elseCalls && !thenCalls ? blame(t.fall, s, 'else') : t.fall;
    return { fall: union(tFall, eFall), ret: union(t.ret, e.ret) };
  }
  if (compiler.isReturnStatement(s)) {
    if (s.expression && references(s.expression, done)) {
      if (directCall(s, done) && states.some((x) => x.direct)) problem('twice', s, 'an earlier call does not return');
      return { fall: [], ret: [{ called: true, direct: true }] };
    }
    if (skipsTest(s)) return { fall: [], ret: [] };
    return { fall: [], ret: blame(states, s, 'return') };
  }
  if (compiler.isThrowStatement(s)) return { fall: [], ret: [] };
  if (compiler.isTryStatement(s)) {
    const t = seq(s.tryBlock.statements, states, done, problem);
    let fall = t.fall;
    let ret = t.ret;
    if (s.catchClause) {
      const c = seq(s.catchClause.block.statements, states, done, problem);
      const tryCalls = [...t.fall, ...t.ret].some((x) => x.called);
      const catchCalls = [...c.fall, ...c.ret].some((x) => x.called);
      const rethrows = c.fall.length === 0 && c.ret.length === 0;
      fall = union(fall, tryCalls && !catchCalls && !rethrows ? blame(c.fall, s.catchClause, 'catch') : c.fall);
      ret = union(ret, c.ret);
    }
    if (s.finallyBlock && references(s.finallyBlock, done)) fall = fall.map(() => ({ called: true }));
    return { fall, ret };
  }
  if (skipsTest(s)) return { fall: [], ret: [] };
  const call = directCall(s, done);
  if (call) {
    if (states.some((x) => x.direct)) problem('twice', call, 'an earlier call does not return');
    return { fall: [{ called: true, direct: true }], ret: [] };
  }
  // Passed on (`server.close(done)`, `.then(() => done())`) or used in a loop or switch: counted as called.
  if (references(s, done)) return { fall: [{ called: true }], ret: [] };
  return { fall: states, ret: [] };
}

/** Callbacks that run once with `done` in reach: error-first callbacks and `.then`/`.catch` handlers calling `done` themselves. */
function forEachOnceCallback(body: ts.Node, done: string, cb: (fn: ts.ArrowFunction | ts.FunctionExpression) => void): void {
  const visit = (n: ts.Node): void => {
    if ((compiler.isArrowFunction(n) || compiler.isFunctionExpression(n)) && !n.parameters.some((p) => compiler.isIdentifier(p.name) && p.name.text === done)) {
      const first = n.parameters[0];
      const errorFirst = !!first && compiler.isIdentifier(first.name) && ERROR_PARAM.test(first.name.text);
      const parent = n.parent;
      const inThen = compiler.isCallExpression(parent) && parent.arguments[0] === n && calleeName(parent) === 'then';
      // The callback that finishes the test calls `done` last; one that only reports its error (`if (err) return done(err)`) is not it.
      const last = compiler.isBlock(n.body) ? n.body.statements[n.body.statements.length - 1] : undefined;
      if ((errorFirst || inThen) && last && references(last, done)) cb(n);
    }
    compiler.forEachChild(n, visit);
  };
  visit(body);
}

/** Whether the `if` deciding a culprit (itself, or the one around a `return`) tests something the callback received. */
function branchesOnParams(culprit: ts.Node, body: ts.Block, params: string[]): boolean {
  let branch: ts.Node | undefined = culprit;
  while (branch && branch !== body && !compiler.isIfStatement(branch)) branch = branch.parent;
  if (!branch || !compiler.isIfStatement(branch)) return true;
  const condition = branch.expression;
  return params.some((p) => references(condition, p));
}

/** Assertions in `.then(cb)` handlers that also call `done`, on a chain with no rejection handler. */
function unhandledThenAssertions(body: ts.Node, done: string): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (compiler.isCallExpression(n) && calleeName(n) === 'then' && n.arguments.length === 1) {
      const cb = n.arguments[0];
      if ((compiler.isArrowFunction(cb) || compiler.isFunctionExpression(cb)) && references(cb.body, done) && !handled(n)) {
        const a = assertionOutsideTry(cb.body);
        if (a) out.push(a);
      }
    }
    compiler.forEachChild(n, visit);
  };
  visit(body);
  return out;
}

/** A later `.catch(…)` or `.then(_, onRejected)` in the same chain, or a returned/awaited chain. */
function handled(then: ts.CallExpression): boolean {
  let cur: ts.Node = then;
  for (let guard = 0; guard < 16; guard++) {
    const p = cur.parent;
    if (compiler.isPropertyAccessExpression(p) && p.expression === cur && compiler.isCallExpression(p.parent)) {
      const name = p.name.text;
      if (name === 'catch' || (name === 'then' && p.parent.arguments.length >= 2)) return true;
      cur = p.parent;
      continue;
    }
    return compiler.isReturnStatement(p) || compiler.isAwaitExpression(p);
  }
  return false;
}

function assertionOutsideTry(node: ts.Node): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (found || compiler.isTryStatement(n) || compiler.isFunctionLike(n)) return;
    if (compiler.isCallExpression(n) && isAssertion(n)) {
      found = n;
      return;
    }
    compiler.forEachChild(n, visit);
  };
  visit(node);
  return found;
}
