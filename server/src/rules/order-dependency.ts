import { defineRule } from '../core/rule-api';
import { getScope } from '../core/scope';
import { docsUrl } from './docs-url';
import { earlierWriters, lineOf, sharedStateOf, snippet, isTypeTestFile } from './_shared-state';

export default defineRule({
  id: 'order-dependency',
  meta: {
    type: 'flaky',
    cause: 'shared-state',
    defaultSeverity: 'warning',
    docs: {
      description: 'A test that only passes after an earlier test ran: it reads state that only a previous test sets.',
      url: docsUrl('order-dependency'),
    },
    messages: {
      dependsOn: '\'{test}\' reads `{name}`, which only the earlier test \'{writer}\' changes ({how} on line {line}): run alone, filtered, sharded or shuffled, it sees something else. Set `{name}` up in a `beforeEach`/`beforeAll` hook or inside the test.',
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
          for (const reader of state.readers) {
            const b = reader.test;
            const earlier = earlierWriters(analysis, scope, state, reader);
            if (earlier.length === 0) continue;
            const writer = earlier[earlier.length - 1];
            const line = lineOf(sf, writer.ref.node);
            context.report({
              messageId: 'dependsOn',
              node: reader.ref.id,
              test: b,
              data: { test: b.fullName, name: state.decl.name, writer: writer.test.fullName, line, how: `\`${snippet(writer.ref.node.getText(sf))}\`` },
              related: [
                ...earlier.map((w) => ({ message: `\`${state.decl.name}\` is changed by '${w.test.fullName}' here`, node: w.ref.node })),
                { message: `\`${state.decl.name}\` is declared here`, node: state.decl.id },
              ],
            });
            // One finding per piece of state: the first test that depends on it.
            break;
          }
        }
      },
    };
  },
});
