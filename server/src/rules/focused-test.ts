import { ts } from 'ts-morph';
import { compiler } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import type { SuiteBlock, TestBlock } from '../core/model';
import { docsUrl } from './docs-url';

/** The node that focuses the call: the `.only` property name, or the `fit`/`fdescribe` identifier. */
function focusNode(call: ts.CallExpression): { node: ts.Node; edit: { start: number; end: number; newText: string } } | undefined {
  let cur: ts.Expression = call.expression;
  for (let guard = 0; guard < 10; guard++) {
    if (compiler.isCallExpression(cur)) cur = cur.expression;
    else if (compiler.isTaggedTemplateExpression(cur)) cur = cur.tag;
    else if (compiler.isPropertyAccessExpression(cur)) {
      if (cur.name.text === 'only') {
        // Remove `.only` including the dot.
        return { node: cur.name, edit: { start: cur.expression.end, end: cur.name.end, newText: '' } };
      }
      cur = cur.expression;
    } else if (compiler.isIdentifier(cur)) {
      if (cur.text === 'fit' || cur.text === 'fdescribe') {
        return { node: cur, edit: { start: cur.getStart(), end: cur.end, newText: cur.text.slice(1) === 'it' ? 'it' : 'describe' } };
      }
      return undefined;
    } else return undefined;
  }
  return undefined;
}

export default defineRule({
  id: 'focused-test',
  meta: {
    type: 'hygiene',
    cause: 'pipeline',
    defaultSeverity: 'error',
    docs: {
      description: 'Focused tests (`.only`, `fit`, `fdescribe`) silently stop the rest of the suite from running.',
      url: docsUrl('focused-test'),
    },
    messages: {
      focused: '`{call}` focuses {what} \'{name}\': every other test in the run is silently skipped.',
    },
    fixable: true,
  },
  create(context) {
    const check = (block: TestBlock | SuiteBlock) => {
      if (!block.modifiers.includes('only')) return;
      const focus = focusNode(block.call);
      if (!focus) return;
      const callText = block.call.expression.getText(context.sourceFile).split('(')[0].replace(/\s+/g, '');
      context.report({
        messageId: 'focused',
        node: focus.node,
        data: { call: callText, what: block.kind === 'suite' ? 'the suite' : 'the test', name: block.name },
        test: block.kind === 'test' ? block : null,
        fixes: [{ description: `Remove the focus from '${block.name}'`, safe: true, edits: [focus.edit] }],
      });
    };
    return {
      end() {
        for (const s of context.model.suites) check(s);
        for (const t of context.model.tests) check(t);
      },
    };
  },
});
