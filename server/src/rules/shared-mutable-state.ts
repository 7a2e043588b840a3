import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { defineRule, type FixDescriptor, type RuleListener } from '../core/rule-api';
import { calleeChain, calleeText } from '../core/frameworks';
import { applicableHooks, type Block, type ContainerBlock, type FileModel, type TestBlock } from '../core/model';
import { getScope, type FileScope, type Reference } from '../core/scope';
import { docsUrl } from './docs-url';
import { earlierWriters, hookCallable, lineOf, resetAround, sharedStateOf, snippet, touches, isTypeTestFile } from './_shared-state';

/** Spy calls that replace a property of an existing object, by callee, with the minimum argument count. */
const SPY_CALLS = new Map<string, number>([
  ['jest.spyOn', 2], ['vi.spyOn', 2], ['jest.replaceProperty', 3], ['vi.replaceProperty', 3],
  ['sinon.stub', 1], ['sinon.spy', 2], ['sinon.replace', 3], ['sinon.replaceGetter', 3], ['sinon.replaceSetter', 3],
]);
/** Calls that undo spies: all of them, or the one they are called on. */
const RESTORE_ALL = /^(?:jest|vi)\.restoreAllMocks$|^mock\.restoreAll$|\.restore$/;
const RESTORE_ONE = new Set(['mockRestore', 'restore']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
/** `process.env` and the global objects above: only assignments through these names can be reported as global writes. */
const GLOBAL_ROOTS = ['process', ...GLOBAL_OBJECTS];
const GLOBAL_ROOT_SET = new Set(GLOBAL_ROOTS);
/** Frameworks that run every file of a run in one process, so leaks cross files too. */
const SHARED_PROCESS = new Set(['mocha', 'node:test', 'jasmine', 'webdriverio']);

interface SpyCall {
  node: ts.CallExpression;
  callee: string;
}

export default defineRule({
  id: 'shared-mutable-state',
  meta: {
    type: 'flaky',
    cause: 'shared-state',
    defaultSeverity: 'warning',
    docs: {
      description: 'State shared between tests: module or suite variables one test changes and another reads, `process.env`/global writes and spies that are never restored.',
      url: docsUrl('shared-mutable-state'),
    },
    messages: {
      state: '`{name}` ({where}) is changed by \'{writer}\' ({how}, line {line}) and read by \'{test}\' with no reset in `beforeEach`/`afterEach`: each test sees what the other left behind, so results depend on order. Reset it in a `beforeEach` or keep it local to each test.',
      env: '\'{test}\' sets `{what}` and never restores it: the tests that run after it see the changed value. Save it and restore it in `afterEach`{alt}.',
      global: '\'{test}\' assigns `{what}` and never restores it: the tests that run after it see the replacement. Restore the original in `afterEach`{alt}.',
      spy: '`{call}` in \'{test}\' replaces `{target}` and nothing restores it: the spy stays in place for the tests that run after it. Call `{restore}` in an `afterEach` or `mockRestore()` on the spy.',
    },
    fixable: true,
  },
  create(context) {
    if (isTypeTestFile(context.path)) return {};
    const spies: SpyCall[] = [];
    const restores: ts.Node[] = [];
    /** Whether some `x.p = …` assigns through `process` or a global object; without one, global writes need no scope analysis. */
    let globalAssignment = false;
    const listener: RuleListener = {
      CallExpression(node: ts.CallExpression) {
        const chain = calleeChain(node.expression);
        if (!chain || chain.length < 2) return;
        const dotted = calleeText(node.expression)!;
        const min = SPY_CALLS.get(dotted);
        if (min !== undefined && node.arguments.length >= min) spies.push({ node, callee: dotted });
        else {
          const last = chain[chain.length - 1];
          if (RESTORE_ONE.has(last) || ((last === 'restoreAllMocks' || last === 'restoreAll') && RESTORE_ALL.test(dotted))) restores.push(node);
        }
      },
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        // `afterEach(sinon.restore)`, `afterEach(jest.restoreAllMocks)`: passed, not called.
        if ((node.name.text === 'restore' || node.name.text === 'restoreAllMocks') && compiler.isCallExpression(node.parent) && node.parent.arguments.includes(node)) restores.push(node);
      },
      end() {
        if (context.model.tests.length === 0) return;
        // The scope analysis is a second walk of the file: build it only when one of the three checks has material.
        const spiesToCheck = spies.length > 0 && !restoredAnywhere();
        if (sharedStateOf(context).states.length === 0 && !spiesToCheck && !globalAssignment) return;
        const scope = getScope(context);
        reportState(scope);
        reportGlobalWrites(scope);
        if (spiesToCheck) reportSpies(scope);
      },
    };
    if (mentionsName(context.sourceFile, GLOBAL_ROOTS, /\b(?:process|globalThis|global|window|self)\b/)) {
      listener.BinaryExpression = (node: ts.BinaryExpression) => {
        if (!globalAssignment && isAssignmentOperator(node.operatorToken.kind) && GLOBAL_ROOT_SET.has(propertyChainRoot(node.left) ?? '')) globalAssignment = true;
      };
    }
    return listener;

    function reportState(scope: FileScope) {
      const analysis = sharedStateOf(context);
      const sf = context.sourceFile;
      for (const state of analysis.states) {
        for (const reader of state.readers) {
          const b = reader.test;
          if (earlierWriters(analysis, scope, state, reader).length > 0) continue;
          if (resetAround(state, b)) continue;
          const writer = state.writers.find((w) => w.test !== b && !resetAround(state, w.test) && touches(state, w, b, scope)
            && !(analysis.concurrency(w.test) && analysis.concurrency(b)));
          if (!writer) continue;
          const where = `${state.decl.level === 'module' ? 'module' : 'suite'}-scope \`${state.decl.kind}\``;
          context.report({
            messageId: 'state',
            node: reader.ref.id,
            test: b,
            data: { name: state.decl.name, where, writer: writer.test.fullName, how: `\`${snippet(writer.ref.node.getText(sf))}\``, line: lineOf(sf, writer.ref.node), test: b.fullName },
            related: [
              { message: `'${writer.test.fullName}' changes \`${state.decl.name}\` here`, node: writer.ref.node },
              { message: `\`${state.decl.name}\` is declared here`, node: state.decl.id },
            ],
          });
          break;
        }
      }
    }

    function victimsFollow(test: TestBlock): boolean {
      return SHARED_PROCESS.has(context.model.framework) || context.model.tests.some((t) => t.index > test.index);
    }

    /** Blocks whose code counts as undoing a change made in `block`: the block itself and the teardown/setup hooks around it. */
    function undoers(block: Block): Set<Block> {
      const out = new Set<Block>([block]);
      for (const h of applicableHooks(block)) if (h.hookType !== 'beforeAll') out.add(h);
      return out;
    }

    function reportGlobalWrites(scope: FileScope) {
      const envWrites = (scope.globals.get('process') ?? []).filter((r) => r.write && r.path[0] === 'env' && !inBrowserCallback(r.node));
      for (const w of envWrites) {
        if (w.path.length < 2 || !compiler.isBinaryExpression(w.node)) continue;
        const key = w.path[1];
        for (const test of testsRunning(scope, w)) {
          if (!victimsFollow(test)) continue;
          const ok = undoers(test);
          // A second write to the same variable in the test or its hooks is the restore (or the save-and-replace pattern).
          const undone = envWrites.some((o) => o !== w && (o.path.length === 1 || o.path[1] === key || o.path[1] === '[]')
            && scope.blocksRunning(o.owner).some((b) => ok.has(b))) || restoresEnv(scope, ok);
          if (undone) continue;
          const alt = context.model.framework === 'vitest' ? ', or use `vi.stubEnv()` with `unstubEnvs`' : ', or set it in a `try`/`finally`';
          context.report({ messageId: 'env', node: w.node, test, data: { test: test.fullName, what: `process.env.${key}`, alt } });
        }
      }
      for (const name of GLOBAL_OBJECTS) {
        const writes = (scope.globals.get(name) ?? []).filter((r) => r.write === 'property' && r.path.length === 1 && compiler.isBinaryExpression(r.node) && !inBrowserCallback(r.node));
        for (const w of writes) {
          for (const test of testsRunning(scope, w)) {
            if (!victimsFollow(test)) continue;
            const ok = undoers(test);
            const undone = writes.some((o) => o !== w && o.path[0] === w.path[0] && scope.blocksRunning(o.owner).some((b) => ok.has(b)))
              || unstubsGlobals(scope, ok);
            if (undone) continue;
            const alt = context.model.framework === 'vitest' ? ', or use `vi.stubGlobal()` with `unstubGlobals`' : '';
            context.report({ messageId: 'global', node: w.node, test, data: { test: test.fullName, what: `${name}.${w.path[0]}`, alt } });
          }
        }
      }
    }

    function restoresEnv(scope: FileScope, ok: Set<Block>): boolean {
      return calledIn(scope, ok, /^(?:vi\.unstubAllEnvs|jest\.replaceProperty|vi\.replaceProperty)$/);
    }

    function unstubsGlobals(scope: FileScope, ok: Set<Block>): boolean {
      return calledIn(scope, ok, /^vi\.unstubAllGlobals$/);
    }

    function calledIn(scope: FileScope, ok: Set<Block>, callee: RegExp): boolean {
      for (const [name, refs] of scope.globals) {
        if (name !== 'vi' && name !== 'jest') continue;
        for (const r of refs) if (callee.test(`${name}.${r.path[0]}`) && scope.blocksRunning(r.owner).some((b) => ok.has(b))) return true;
      }
      return false;
    }

    function testsRunning(scope: FileScope, r: Reference): TestBlock[] {
      return scope.blocksRunning(r.owner).filter((b): b is TestBlock => b.kind === 'test');
    }

    /** A restore-all call anywhere in the file undoes every spy: nothing to report, no scope analysis needed. */
    function restoredAnywhere(): boolean {
      return restores.some((r) => {
        const callee = compiler.isCallExpression(r) ? r.expression : r;
        const chain = calleeChain(callee as ts.Expression)?.join('.') ?? '';
        // `sandbox.restore()` and `sinon.restore()` undo every stub of their sandbox.
        return /^(?:jest|vi)\.restoreAllMocks$|^mock\.restoreAll$|^\w+\.restore$/.test(chain) && !(compiler.isCallExpression(r) && r.arguments.length > 0);
      });
    }

    function reportSpies(scope: FileScope) {
      const sf = context.sourceFile;
      const reported = new Set<ContainerBlock>();
      for (const spy of spies) {
        const target = spy.node.arguments[0];
        if (!isSharedTarget(scope, target)) continue;
        if (restoredOne(scope, spy)) continue;
        const owner = scope.ownerOf(spy.node);
        for (const block of scope.blocksRunning(owner)) {
          if (block.kind === 'test') {
            if (!victimsFollow(block)) continue;
          } else if (block.kind === 'hook') {
            if (!leaksPastHook(context.model, block)) continue;
          } else continue;
          const test = block.kind === 'test' ? block : null;
          const head = spy.callee.split('.')[0];
          const restore = head === 'sinon' ? 'sinon.restore()' : `${head}.restoreAllMocks()`;
          const container = block.parent!;
          const fix = reported.has(container) ? undefined : restoreFix(context.model, container, head, sf);
          reported.add(container);
          context.report({
            messageId: 'spy',
            node: spy.node,
            test,
            data: {
              call: `${spy.callee}(${snippet(spy.node.arguments.map((a) => a.getText(sf)).slice(0, 2).join(', '), 40)})`,
              test: test ? test.fullName : `${block.kind === 'hook' ? block.hookType : ''}${block.parent?.fullName ? ` of '${block.parent.fullName}'` : ''}`,
              target: `${snippet(target.getText(sf), 30)}${spy.node.arguments[1] && compiler.isStringLiteralLike(spy.node.arguments[1]) ? `.${spy.node.arguments[1].text}` : ''}`,
              restore,
            },
            fixes: fix ? [fix] : [],
          });
        }
      }
    }

    /** A spy kept in a variable, or on a property, that is restored by name somewhere in the file. */
    function restoredOne(scope: FileScope, spy: SpyCall): boolean {
      let top: ts.Node = spy.node;
      // `jest.spyOn(a, 'b').mockImplementation(…)` still returns the spy.
      while (compiler.isPropertyAccessExpression(top.parent) && compiler.isCallExpression(top.parent.parent) && top.parent.parent.expression === top.parent) top = top.parent.parent;
      while (compiler.isParenthesizedExpression(top.parent) || compiler.isAwaitExpression(top.parent)) top = top.parent;
      const holder = compiler.isVariableDeclaration(top.parent) && compiler.isIdentifier(top.parent.name) ? top.parent.name
        : compiler.isBinaryExpression(top.parent) && top.parent.operatorToken.kind === compiler.SyntaxKind.EqualsToken && top.parent.right === top && compiler.isIdentifier(top.parent.left) ? top.parent.left : undefined;
      if (holder) {
        const decl = scope.referenceOf(holder)?.decl ?? scope.declarations.find((d) => d.id === holder);
        if (decl?.references.some((r) => RESTORE_ONE.has(r.path[0] ?? ''))) return true;
      }
      const args = spy.node.arguments;
      if (args.length >= 2 && compiler.isStringLiteralLike(args[1])) {
        const property = `${args[0].getText(context.sourceFile)}.${args[1].text}`;
        for (const r of restores) {
          if (compiler.isCallExpression(r) && compiler.isPropertyAccessExpression(r.expression) && RESTORE_ONE.has(r.expression.name.text)
            && r.expression.expression.getText(context.sourceFile).replace(/\s+/g, '') === property.replace(/\s+/g, '')) return true;
        }
      }
      return false;
    }

    /** The object a spy replaces outlives the test: a global, an import, a module or suite constant, a class. */
    function isSharedTarget(scope: FileScope, target: ts.Expression): boolean {
      let root: ts.Expression = target;
      while (compiler.isPropertyAccessExpression(root) || compiler.isElementAccessExpression(root) || compiler.isParenthesizedExpression(root) || compiler.isNonNullExpression(root) || compiler.isAsExpression(root)) root = root.expression;
      if (compiler.isCallExpression(root)) return compiler.isIdentifier(root.expression) && root.expression.text === 'require';
      if (!compiler.isIdentifier(root)) return false;
      const decl = scope.referenceOf(root)?.decl;
      if (!decl) return true;
      if (decl.level === 'test' || decl.level === 'hook' || decl.level === 'local' || decl.kind === 'parameter') return false;
      // Recreated before each test: a fresh object every time.
      const byBlock = scope.accessesByBlock(decl);
      for (const [b, a] of byBlock) if (b.kind === 'hook' && b.hookType === 'beforeEach' && a.writes.some((w) => w.write === 'assign')) return false;
      return true;
    }
  },
});

/** Code serialised into the browser (`page.evaluate(() => …)`) writes the page's globals, not the test process's. */
function inBrowserCallback(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (compiler.isCallExpression(n) && compiler.isPropertyAccessExpression(n.expression)
      && /^(?:evaluate|evaluateHandle|\$eval|\$\$eval|addInitScript|waitForFunction|execute|executeAsync|executeScript)$/.test(n.expression.name.text)) return true;
  }
  return false;
}

/** A spy in a hook leaks when tests outside the hook's suite run after that suite. */
function leaksPastHook(model: FileModel, hook: Block & { kind: 'hook' }): boolean {
  if (hook.hookType === 'afterAll' || hook.hookType === 'afterEach') return false;
  const container = hook.parent!;
  if (container.kind === 'root') return false;
  const inside = new Set<TestBlock>();
  const collect = (b: Block) => {
    if (b.kind === 'test') inside.add(b);
    if (b.kind !== 'hook') for (const c of b.children) collect(c);
  };
  collect(container);
  const last = Math.max(-1, ...[...inside].map((t) => t.index));
  return model.tests.some((t) => !inside.has(t) && t.index > last);
}

/** `afterEach(() => { vi.restoreAllMocks(); })` before the first test or hook of the container, when `afterEach` is in reach. */
function restoreFix(model: FileModel, container: ContainerBlock, head: string, sf: ts.SourceFile): FixDescriptor | undefined {
  if (container.kind === 'test') return undefined;
  const hook = hookCallable(model, 'afterEach');
  if (!hook) return undefined;
  if (container.hooks.some((h) => h.hookType === 'afterEach')) return undefined;
  const first = [...container.children, ...container.hooks].map((c) => (c as TestBlock).call).sort((a, b) => a.pos - b.pos)[0];
  if (!first) return undefined;
  const stmt = compiler.isExpressionStatement(first.parent) ? first.parent : first;
  const start = stmt.getStart(sf);
  const lineStart = sf.getLineStarts()[sf.getLineAndCharacterOfPosition(start).line];
  const indent = sf.text.slice(lineStart, start);
  if (/\S/.test(indent)) return undefined;
  const call = head === 'sinon' ? 'sinon.restore()' : `${head}.restoreAllMocks()`;
  return {
    description: `Restore every spy after each test with \`${call}\``,
    safe: true,
    edits: [{ start, end: start, newText: `${hook}(() => {\n${indent}  ${call};\n${indent}});\n\n${indent}` }],
  };
}

const FIRST_ASSIGNMENT = compiler.SyntaxKind.FirstAssignment;
const LAST_ASSIGNMENT = compiler.SyntaxKind.LastAssignment;
function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= FIRST_ASSIGNMENT && kind <= LAST_ASSIGNMENT;
}

/** `process` for `process.env.X` or `(process.env)['X']`; undefined unless the target is a property of a named object. */
function propertyChainRoot(target: ts.Expression): string | undefined {
  let e = target;
  let depth = 0;
  for (;;) {
    if (compiler.isParenthesizedExpression(e) || compiler.isNonNullExpression(e) || compiler.isAsExpression(e) || compiler.isSatisfiesExpression(e)) e = e.expression;
    else if (compiler.isPropertyAccessExpression(e) || compiler.isElementAccessExpression(e)) {
      e = e.expression;
      depth++;
    } else return depth > 0 && compiler.isIdentifier(e) ? e.text : undefined;
  }
}
