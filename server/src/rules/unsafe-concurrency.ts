import { ts } from 'ts-morph';
import { compiler } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { applicableHooks, type Block, type TestBlock } from '../core/model';
import { getScope, type Reference } from '../core/scope';
import { docsUrl } from './docs-url';
import { lineOf, sharedStateOf, snippet, isTypeTestFile } from './_shared-state';

export default defineRule({
  id: 'unsafe-concurrency',
  meta: {
    type: 'flaky',
    cause: 'race-condition',
    defaultSeverity: 'warning',
    docs: {
      description: 'Concurrent tests (`.concurrent`, `describe.concurrent`, Playwright parallel mode) that share mutable module or suite state.',
      url: docsUrl('unsafe-concurrency'),
    },
    messages: {
      race: '`{name}` is changed by the concurrent test \'{writer}\' ({how}, line {line}) and used by \'{other}\', which runs at the same time: whichever passes its `await` first sees the other\'s value. Keep it local to each test (the test context) or run these tests serially.',
      hookRace: '`{name}` is assigned in `{hook}` and read by the concurrent tests \'{first}\' and \'{second}\': each test\'s `{hook}` overwrites it while the other test is still running. Create it inside each test or drop `.concurrent`.',
      workers: '\'{writer}\' changes `{name}` ({how}, line {line}) for \'{other}\', but in parallel mode the tests run in separate worker processes: \'{other}\' never sees the change. Set `{name}` up in a `beforeEach` or inside the test.',
    },
  },
  create(context) {
    if (isTypeTestFile(context.path)) return {};
    return {
      end() {
        const analysis = sharedStateOf(context);
        if (analysis.states.length === 0) return;
        const scope = getScope(context);
        const sf = context.sourceFile;
        for (const state of analysis.states) {
          const uses = new Map<TestBlock, { reads: Reference[]; writes: Reference[] }>();
          for (const [b, a] of scope.accessesByBlock(state.decl)) {
            if (b.kind === 'test' && analysis.concurrency(b)) uses.set(b, a);
          }
          if (uses.size < 2) continue;
          if (!reportTestRace(state.decl.name, state.writers.map((w) => w.test).filter((t) => uses.has(t)), uses, state.writers)) {
            reportHookRace(state.decl.name, state.hookWriters, uses);
          }
        }

        function reportTestRace(name: string, writers: TestBlock[], uses: Map<TestBlock, { reads: Reference[]; writes: Reference[] }>, all: { test: TestBlock; ref: Reference }[]): boolean {
          for (const w of writers) {
            const mode = analysis.concurrency(w)!;
            const write = all.find((x) => x.test === w)!.ref;
            for (const [other, access] of uses) {
              if (other === w || other.parent !== w.parent || analysis.concurrency(other) !== mode) continue;
              if (mode === 'workers') {
                // Only a reader that does not set the value itself misses the change.
                if (access.writes.some((x) => x.write === 'assign') || access.reads.length === 0) continue;
                context.report({
                  messageId: 'workers', node: access.reads[0].id, test: other,
                  data: { writer: w.fullName, name, how: `\`${snippet(write.node.getText(sf))}\``, line: lineOf(sf, write.node), other: other.fullName },
                  related: [{ message: `'${w.fullName}' changes \`${name}\` here`, node: write.node }],
                });
                return true;
              }
              if (!isAsync(w) && !isAsync(other)) continue;
              const at = access.writes[0] ?? access.reads[0];
              context.report({
                messageId: 'race', node: write.node, test: w,
                data: { name, writer: w.fullName, how: `\`${snippet(write.node.getText(sf))}\``, line: lineOf(sf, write.node), other: other.fullName },
                related: [{ message: `'${other.fullName}' uses \`${name}\` here`, node: at.node }],
              });
              return true;
            }
          }
          return false;
        }

        function reportHookRace(name: string, hookWriters: Map<Block, Reference>, uses: Map<TestBlock, { reads: Reference[]; writes: Reference[] }>): void {
          for (const [hook, write] of hookWriters) {
            if (hook.kind !== 'hook' || (hook.hookType !== 'beforeEach' && hook.hookType !== 'afterEach')) continue;
            if (write.write !== 'assign') continue;
            const readers = [...uses].filter(([t, a]) => analysis.concurrency(t) === 'concurrent' && a.reads.length > 0 && applicableHooks(t).includes(hook)).map(([t]) => t);
            if (readers.length < 2 || !readers.some(isAsync)) continue;
            const [first, second] = readers;
            context.report({
              messageId: 'hookRace', node: write.node, test: null,
              data: { name, hook: hook.hookType, first: first.fullName, second: second.fullName },
              related: readers.slice(0, 3).map((t) => ({ message: `'${t.fullName}' reads \`${name}\` here`, node: uses.get(t)!.reads[0].id })),
            });
            return;
          }
        }
      },
    };
  },
});

function isAsync(test: TestBlock): boolean {
  const fn = test.fn;
  return !!fn && (compiler.getCombinedModifierFlags(fn as ts.Declaration) & compiler.ModifierFlags.Async) !== 0;
}
