import { ts } from 'ts-morph';
import { compiler } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import { blockOfNode, type Block, type SuiteBlock, type TestBlock } from '../core/model';
import { docsUrl } from './docs-url';
import { enclosingTest, shortText, unwrap } from './_test-code';

/** A retry count that is not a literal zero (`0`, `{ runMode: 0, openMode: 0 }` disable retries). */
function retriesOn(value: ts.Expression | undefined): boolean {
  if (!value) return false;
  const v = unwrap(value);
  if (compiler.isNumericLiteral(v)) return Number(v.text) > 0;
  if (compiler.isObjectLiteralExpression(v)) {
    return v.properties.some((p) => compiler.isPropertyAssignment(p) && retriesOn(p.initializer));
  }
  if (v.kind === compiler.SyntaxKind.NullKeyword || v.kind === compiler.SyntaxKind.FalseKeyword) return false;
  // `process.env.CI ? 2 : 0`, a constant: retries may be on.
  if (compiler.isConditionalExpression(v)) return retriesOn(v.whenTrue) || retriesOn(v.whenFalse);
  return true;
}

function retryProperty(obj: ts.Expression | undefined): ts.PropertyAssignment | undefined {
  if (!obj || !compiler.isObjectLiteralExpression(obj)) return undefined;
  for (const p of obj.properties) {
    if (compiler.isPropertyAssignment(p) && (compiler.isIdentifier(p.name) || compiler.isStringLiteral(p.name)) && (p.name.text === 'retries' || p.name.text === 'retry')) {
      return retriesOn(p.initializer) ? p : undefined;
    }
  }
  return undefined;
}

export default defineRule({
  id: 'retry-band-aid',
  meta: {
    type: 'flaky',
    cause: 'pipeline',
    defaultSeverity: 'info',
    docs: {
      description: 'Retries configured in test code (`jest.retryTimes`, `this.retries`, `{ retries }`, `test.describe.configure({ retries })`, `{ retry }`) hide flaky tests instead of fixing them.',
      url: docsUrl('retry-band-aid'),
    },
    messages: {
      retries: '`{what}` retries {scope} when it fails: a flaky test now passes on a later attempt and the cause stays. Fix the cause, and keep retries as a tracked, temporary quarantine.',
    },
  },
  create(context) {
    const sf = context.sourceFile;
    const calls: ts.CallExpression[] = [];
    const scopeOf = (block: Block): string => {
      const test = enclosingTest(block);
      if (test) return `'${test.fullName}'`;
      if (block.kind === 'suite') return `every test in '${block.fullName}'`;
      if (block.kind === 'hook' && block.parent && block.parent.kind !== 'root') return `every test in '${block.parent.fullName}'`;
      return 'every test in this file';
    };
    return {
      CallExpression(node: ts.CallExpression) {
        const chain = calleeChain(node.expression);
        if (!chain) return;
        const last = chain[chain.length - 1];
        if (last === 'retryTimes' || last === 'retries' || last === 'configure' || (last === 'config' && chain[0] === 'Cypress')) calls.push(node);
      },
      end() {
        for (const node of calls) {
          const chain = calleeChain(node.expression)!;
          const dotted = chain.join('.');
          const last = chain[chain.length - 1];
          const arg = node.arguments[0];
          const block = blockOfNode(context.model, node);
          let hit: ts.Node | undefined;
          if ((dotted === 'jest.retryTimes' || dotted === 'vi.retryTimes') && retriesOn(arg)) hit = node;
          else if (dotted === 'this.retries' && retriesOn(arg)) hit = node;
          else if (last === 'configure' && chain.length >= 2 && ['test', 'describe'].includes(context.model.canonicalOf(chain[0]))) hit = retryProperty(arg) ? node : undefined;
          else if (dotted === 'Cypress.config' && arg && compiler.isStringLiteralLike(arg) && arg.text === 'retries' && retriesOn(node.arguments[1])) hit = node;
          if (!hit) continue;
          context.report({ messageId: 'retries', node: hit, data: { what: shortText(hit, sf, 60), scope: scopeOf(block) }, test: enclosingTest(block) });
        }
        const blocks: (TestBlock | SuiteBlock)[] = [...context.model.suites, ...context.model.tests].sort((a, b) => a.call.pos - b.call.pos);
        for (const b of blocks) {
          for (const a of b.call.arguments) {
            const prop = retryProperty(a);
            if (!prop) continue;
            const scope = b.kind === 'suite' ? `every test in '${b.fullName}'` : `'${b.fullName}'`;
            context.report({ messageId: 'retries', node: prop, data: { what: prop.getText(sf).replace(/\s+/g, ' '), scope }, test: b.kind === 'test' ? b : null });
          }
        }
      },
    };
  },
});
