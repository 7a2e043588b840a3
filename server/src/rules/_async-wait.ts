import { ts } from 'ts-morph';
import { compiler } from '../core/compiler';
import type { Block, FileModel, TestBlock } from '../core/model';

/** Shared by the async-wait rules (non-retrying-assertion, forced-action, unreliable-wait, unsafe-chain, done-callback, debug-leftover). */

// ts-morph exposes `ts` members as getters: the kinds the per-call listeners test are read once.
export const KIND_PROPERTY_ACCESS = compiler.SyntaxKind.PropertyAccessExpression;
export const KIND_IDENTIFIER = compiler.SyntaxKind.Identifier;
export const KIND_CALL = compiler.SyntaxKind.CallExpression;

/** The last name of a callee: `b` for `a.b(…)`, `f` for `f(…)`. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (e.kind === KIND_PROPERTY_ACCESS) return (e as ts.PropertyAccessExpression).name.text;
  if (e.kind === KIND_IDENTIFIER) return (e as ts.Identifier).text;
  return undefined;
}

/** The receiver of a method call: `a.b` for `a.b.c(…)`. */
export function receiverOf(call: ts.CallExpression): ts.Expression | undefined {
  return compiler.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
}

/** Parentheses, `!`, `as` and `satisfies` stripped. */
export function unwrapExpr(node: ts.Expression): ts.Expression {
  let cur = node;
  while (compiler.isParenthesizedExpression(cur) || compiler.isNonNullExpression(cur) || compiler.isAsExpression(cur) || compiler.isSatisfiesExpression(cur)) cur = cur.expression;
  return cur;
}

/** The nearest ancestor that is not a parenthesis or type assertion. */
export function parentSkippingParens(node: ts.Node): ts.Node {
  let p = node.parent;
  while (p && (compiler.isParenthesizedExpression(p) || compiler.isNonNullExpression(p) || compiler.isAsExpression(p))) p = p.parent;
  return p;
}

export function isAwaited(node: ts.Node): boolean {
  return compiler.isAwaitExpression(parentSkippingParens(node));
}

/** The identifier a chain of calls and property accesses starts from (`cy` for `cy.get(…).click()`). */
export function chainHead(expr: ts.Expression): ts.Identifier | undefined {
  let cur: ts.Expression = expr;
  for (let guard = 0; guard < 64; guard++) {
    if (compiler.isIdentifier(cur)) return cur;
    if (compiler.isPropertyAccessExpression(cur) || compiler.isCallExpression(cur) || compiler.isNonNullExpression(cur) || compiler.isParenthesizedExpression(cur)) cur = cur.expression;
    else if (compiler.isElementAccessExpression(cur)) cur = cur.expression;
    else return undefined;
  }
  return undefined;
}

/** The test a block belongs to (a hook or suite has none). */
export function testOf(block: Block): TestBlock | null {
  for (let b: Block | null = block; b; b = b.parent) if (b.kind === 'test') return b;
  return null;
}

/** " in 'Suite test'", " in beforeEach of 'Suite'", or '' at module scope: where a finding is, for messages. */
export function where(block: Block): string {
  const test = testOf(block);
  if (test) return ` in '${test.fullName}'`;
  if (block.kind === 'hook') return block.fullName ? ` in ${block.hookType} of '${block.fullName}'` : ` in ${block.hookType}`;
  if (block.kind === 'suite') return ` in suite '${block.fullName}'`;
  return '';
}

/** One-line source text, with long argument lists elided: `page.getByRole(…).click()`. */
export function brief(node: ts.Node, sf: ts.SourceFile, max = 60): string {
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

const BROWSER_MODULE = /^(?:@playwright\/|playwright(?:-core|-chromium|-firefox|-webkit)?$)/;
const PUPPETEER_MODULE = /^(?:puppeteer(?:-core)?|jest-puppeteer|puppeteer-extra)$/;
const WDIO_MODULE = /^(?:webdriverio|@wdio\/)/;

/** Which browser driver a file drives, from its imports and framework (decided once the walk is over). */
export function browserFlavour(model: FileModel): 'playwright' | 'puppeteer' | 'webdriverio' | undefined {
  if (model.framework === 'playwright') return 'playwright';
  if (model.framework === 'webdriverio') return 'webdriverio';
  for (const m of model.imports.modules) {
    if (BROWSER_MODULE.test(m.module)) return 'playwright';
    if (PUPPETEER_MODULE.test(m.module)) return 'puppeteer';
    if (WDIO_MODULE.test(m.module)) return 'webdriverio';
  }
  return undefined;
}

/** Whether a test function takes Playwright-style fixtures with `page` (`async ({ page }) => …`), as custom fixture files do. */
export function takesPageFixture(fn: ts.FunctionLikeDeclaration | undefined): boolean {
  const first = fn?.parameters[0];
  if (!first || !compiler.isObjectBindingPattern(first.name)) return false;
  return first.name.elements.some((el) => {
    const key = el.propertyName && compiler.isIdentifier(el.propertyName) ? el.propertyName.text : compiler.isIdentifier(el.name) ? el.name.text : '';
    return key === 'page';
  });
}

/** An edit removing a whole statement, with its line when nothing else is on it. */
export function removeStatementEdit(stmt: ts.Node, sf: ts.SourceFile): { start: number; end: number; newText: string } {
  const text = sf.text;
  let start = stmt.getStart(sf);
  let end = stmt.end;
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
  const aloneOnLine = (lineStart === 0 || text[lineStart - 1] === '\n') && (lineEnd === text.length || text[lineEnd] === '\n' || text[lineEnd] === '\r');
  if (aloneOnLine) {
    start = lineStart;
    end = lineEnd;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
  } else if (lineEnd > end && text[lineEnd] !== '}' ) {
    end = lineEnd;
  }
  return { start, end, newText: '' };
}

/** The indentation of the line a node starts on. */
export function indentOf(node: ts.Node, sf: ts.SourceFile): string {
  const start = node.getStart(sf);
  const lineStart = sf.text.lastIndexOf('\n', start - 1) + 1;
  const m = /^[ \t]*/.exec(sf.text.slice(lineStart, start));
  return m ? m[0] : '';
}

/** The innermost function-like node containing a node (the node itself excluded). */
export function enclosingFunctionOf(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (compiler.isArrowFunction(p) || compiler.isFunctionExpression(p) || compiler.isFunctionDeclaration(p) || compiler.isMethodDeclaration(p)) return p;
  }
  return undefined;
}

/**
 * Whether the test exercises an API itself rather than using it to wait: its full name or file name mentions it
 * (`'waitForNavigation should work'`, `page-network-idle.spec.ts`). A driver's own test suite calls these on purpose.
 */
export function exercisesApi(block: Block, path: string, words: readonly string[], node?: ts.Node): boolean {
  const test = testOf(block);
  let haystack: string;
  if (test && test.fullName === lastTitles && path === lastPath) {
    haystack = lastHaystack;
  } else {
    const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    const titles = test ? test.fullName : [block.fullName, ...(node ? enclosingTitles(node) : [])].join(' ');
    haystack = squash(`${titles} ${base}`);
    // Findings come test by test: the last test's text serves the next finding in it (strings kept, not the test).
    if (test) {
      lastTitles = test.fullName;
      lastPath = path;
      lastHaystack = haystack;
    }
  }
  for (const w of words) if (haystack.includes(squash(w))) return true;
  return false;
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
let lastTitles: string | undefined;
let lastPath = '';
let lastHaystack = '';

/**
 * Titles of the test-shaped calls around a node (`name('title', () => …)`), for tests the model does not know, such
 * as a project's own fixture-extended `browserTest('…', …)` or an aliased `it`.
 */
function enclosingTitles(node: ts.Node): string[] {
  const out: string[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (!compiler.isArrowFunction(p) && !compiler.isFunctionExpression(p)) continue;
    const call = p.parent;
    if (!call || !compiler.isCallExpression(call) || !call.arguments.includes(p)) continue;
    const title = call.arguments[0];
    if (title && (compiler.isStringLiteral(title) || compiler.isNoSubstitutionTemplateLiteral(title))) out.push(title.text);
  }
  return out;
}
