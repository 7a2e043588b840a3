import { ts } from 'ts-morph';
import { compiler } from '../core/compiler';
import { calleeChain } from '../core/frameworks';
import type { Block, TestBlock } from '../core/model';

/** The test a block belongs to (a hook or suite has none). */
export function enclosingTest(block: Block): TestBlock | null {
  for (let b: Block | null = block; b; b = b.parent) if (b.kind === 'test') return b;
  return null;
}

/** " in 'Suite test'", " in beforeEach of 'Suite'", or '' at module scope: where a finding is, for messages. */
export function whereText(block: Block): string {
  const test = enclosingTest(block);
  if (test) return ` in '${test.fullName}'`;
  if (block.kind === 'hook') return block.fullName ? ` in ${block.hookType} of '${block.fullName}'` : ` in ${block.hookType}`;
  if (block.kind === 'suite') return ` in suite '${block.fullName}'`;
  return '';
}

/** Source text with call arguments elided past a length: `page.getByRole(…).click()`. */
export function shortText(node: ts.Node, sf: ts.SourceFile, max = 70): string {
  const full = node.getText(sf).replace(/\s+/g, ' ');
  if (full.length <= max) return full;
  const elide = (n: ts.Node): string => {
    if (compiler.isCallExpression(n)) return `${elide(n.expression)}(${n.arguments.length ? '…' : ''})`;
    if (compiler.isPropertyAccessExpression(n)) return `${elide(n.expression)}.${n.name.text}`;
    if (compiler.isAwaitExpression(n)) return `await ${elide(n.expression)}`;
    const t = n.getText(sf).replace(/\s+/g, ' ');
    return t.length > 30 ? `${t.slice(0, 29)}…` : t;
  };
  const short = elide(node);
  return short.length > max + 20 ? `${short.slice(0, max)}…` : short;
}

const ASSERT_HEADS = new Set(['expect', 'assert', 'expectTypeOf', 'should']);

/** An assertion call: `expect(…)…`, `assert.*(…)`, `x.should.*`, node:test `t.assert.*`. */
export function isAssertionCall(call: ts.CallExpression): boolean {
  const chain = calleeChain(call.expression);
  if (!chain) return false;
  if (ASSERT_HEADS.has(chain[0])) return true;
  if (chain.includes('should') || (chain.length >= 2 && chain[1] === 'assert')) return true;
  return false;
}

/** Whether a function body contains an assertion (not descending into nested test calls). */
export function containsAssertion(fn: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (compiler.isCallExpression(n) && isAssertionCall(n)) {
      found = true;
      return;
    }
    compiler.forEachChild(n, visit);
  };
  visit(fn);
  return found;
}

/** The innermost function containing a node (not the node itself). */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (compiler.isFunctionDeclaration(p) || compiler.isFunctionExpression(p) || compiler.isArrowFunction(p) || compiler.isMethodDeclaration(p)
      || compiler.isConstructorDeclaration(p) || compiler.isGetAccessorDeclaration(p) || compiler.isSetAccessorDeclaration(p)) return p;
  }
  return undefined;
}

export function isAsyncFunction(fn: ts.FunctionLikeDeclaration): boolean {
  return !!compiler.canHaveModifiers(fn) && !!compiler.getModifiers(fn)?.some((m) => m.kind === compiler.SyntaxKind.AsyncKeyword);
}

/** Strips parentheses, `as`, `!` and `satisfies` around an expression. */
export function unwrap(node: ts.Expression): ts.Expression {
  while (compiler.isParenthesizedExpression(node) || compiler.isAsExpression(node) || compiler.isNonNullExpression(node) || compiler.isSatisfiesExpression(node) || compiler.isTypeAssertionExpression(node)) node = node.expression;
  return node;
}
