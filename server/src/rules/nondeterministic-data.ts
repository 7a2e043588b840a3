import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { calleeChain, calleeText } from '../core/frameworks';
import { blockOfNode, type Block } from '../core/model';
import { inForce, type SeedTarget } from '../core/in-force';
import { docsUrl } from './docs-url';
import { enclosingFunction, enclosingTest, shortText, whereText } from './_test-code';

/** Names a clock or random source needs (`Date.now()`, `Math.random()`, `faker.…`), and modules that provide one by import. */
const SOURCE_NAMES = ['Date', 'now', 'DateTime', 'random', 'randomInt', 'faker', 'chance'];
const SOURCE_MODULE = /faker|^(?:moment|dayjs|chance)$/;

type SourceKind = 'clock' | 'math' | 'faker' | 'chance' | 'crypto';

/** Matchers and assert methods that compare for equality; ordering, tolerance and type checks are not flagged. */
const EQUALITY = new Set([
  'toBe', 'toEqual', 'toStrictEqual', 'toMatchObject', 'toHaveBeenCalledWith', 'toHaveBeenLastCalledWith', 'toHaveBeenNthCalledWith',
  'toBeCalledWith', 'lastCalledWith', 'toContain', 'toContainEqual', 'toHaveProperty', 'toHaveReturnedWith', 'equal', 'equals', 'eq', 'eql',
  'strictEqual', 'deepEqual', 'deepStrictEqual', 'is', 'same', 'notEqual', 'notStrictEqual', 'calledWith', 'calledWithExactly', 'include', 'includes',
]);
const VALUE_PRESERVING_CALLS = new Set(['Math.floor', 'Math.round', 'Math.ceil', 'Math.abs', 'Math.min', 'Math.max', 'Math.trunc', 'Number', 'parseInt', 'parseFloat', 'BigInt', 'Boolean']);
/** Faker namespaces that produce values the test could branch or compute on (as opposed to names, words, ids). */
const FAKER_VALUE_NAMESPACES = new Set(['number', 'datatype', 'date', 'helpers']);
const CHANCE_VALUE_METHODS = new Set([
  'integer', 'natural', 'floating', 'bool', 'pickone', 'pickset', 'shuffle', 'weighted', 'prime', 'date', 'timestamp', 'year', 'hour',
  'minute', 'second', 'millisecond', 'age', 'birthday', 'normal', 'd4', 'd6', 'd8', 'd10', 'd12', 'd20', 'd30', 'd100', 'rpg',
]);
const ARITHMETIC = new Set([compiler.SyntaxKind.PlusToken, compiler.SyntaxKind.MinusToken, compiler.SyntaxKind.AsteriskToken, compiler.SyntaxKind.SlashToken, compiler.SyntaxKind.PercentToken, compiler.SyntaxKind.AsteriskAsteriskToken]);
/** Calls on a value that turn it into an opaque token for a unique name: `Math.random().toString(36).slice(2)`. */
const TOKEN_METHODS = new Set(['toString', 'slice', 'substring', 'substr', 'padStart', 'padEnd', 'replace', 'toISOString', 'toJSON']);

interface Use {
  kind: 'assert' | 'condition' | 'fed' | 'unique' | 'other';
  node: ts.Node;
  /** For `unique`: a name made straight from the value, not a time computed from the clock or a field of an object that holds it. */
  name?: boolean;
}

/** What the value went through on its way: clock arithmetic makes it a time, an object or array literal a field among others. */
interface Path {
  time: boolean;
  wrapped: boolean;
}

interface Source {
  node: ts.Expression;
  kind: SourceKind;
  what: string;
}

export default defineRule({
  id: 'nondeterministic-data',
  meta: {
    type: 'flaky',
    cause: 'non-determinism',
    defaultSeverity: 'warning',
    docs: {
      description: 'The clock (`Date.now`, `new Date()`, `performance.now`) or randomness (`Math.random`, unseeded faker/chance) reaching an assertion or deciding a branch of a test, with no fake clock or seed in force.',
      url: docsUrl('nondeterministic-data'),
    },
    messages: {
      clockAssert: '`{what}` is compared for equality in `{assertion}` (line {line}){where}, but the code under test reads the clock at another moment: the values differ as soon as a millisecond (or midnight) passes between them. Freeze the clock (`vi.setSystemTime`, `jest.useFakeTimers`) or pass the time in.',
      randomAssert: '`{what}` reaches the assertion `{assertion}` (line {line}){where}: the expected value changes from run to run and a failure cannot be reproduced. Use a fixed value or seed the generator.',
      condition: '`{what}` decides a branch of the test at line {line}{where}: the test takes a different path from run to run, so a failure cannot be reproduced. Use a fixed value, a seed or fake timers.',
      unique: '`{what}` only makes a unique name or id, {use} (line {line}){where}: that keeps tests apart, but the name differs on every run. Information only; if a failure must be reproducible, log the name or derive it from a counter or a seeded generator.',
    },
  },
  create(context) {
    const sf = context.sourceFile;
    // Only files that name a source `sourceOf` knows (or import a date or fake-data library) get listeners.
    if (!mentionsName(sf, SOURCE_NAMES, /\b(?:Date|now|DateTime|random|randomInt|faker|chance)\b/) && !context.model.imports.modules.some((m) => SOURCE_MODULE.test(m.module))) return {};
    const bindings = context.model.imports.bindings;
    const sources: Source[] = [];
    const moduleOf = (name: string) => bindings.get(name)?.module ?? '';

    const sourceOf = (node: ts.CallExpression | ts.NewExpression): SourceKind | undefined => {
      const chain = calleeChain(node.expression);
      if (!chain) return undefined;
      const argc = node.arguments?.length ?? 0;
      const dotted = calleeText(node.expression)!;
      if (compiler.isNewExpression(node)) return dotted === 'Date' && argc === 0 ? 'clock' : undefined;
      if (dotted === 'Date.now' || dotted === 'performance.now' || (dotted === 'Date' && argc === 0)) return 'clock';
      if ((dotted === 'DateTime.now' || dotted === 'DateTime.local') && argc === 0) return 'clock';
      if (chain.length === 1 && argc === 0 && (moduleOf(chain[0]) === 'moment' || moduleOf(chain[0]) === 'dayjs')) return 'clock';
      if (dotted === 'Math.random') return 'math';
      if (dotted === 'crypto.randomInt' || (chain.length === 1 && bindings.get(chain[0])?.imported === 'randomInt' && /crypto$/.test(moduleOf(chain[0])))) return 'crypto';
      const head = chain[0];
      if (chain.length >= 3 && (head === 'faker' || moduleOf(head).includes('faker')) && FAKER_VALUE_NAMESPACES.has(chain[1])) return 'faker';
      if (chain.length === 2 && (head === 'chance' || moduleOf(head) === 'chance') && CHANCE_VALUE_METHODS.has(chain[1])) return 'chance';
      return undefined;
    };

    const note = (node: ts.CallExpression | ts.NewExpression) => {
      const kind = sourceOf(node);
      if (!kind) return;
      // `new Date(Date.now() + 1000)`: judge the outer value once.
      sources.push({ node, kind, what: shortText(node, sf, 50) });
    };

    return {
      CallExpression: note,
      NewExpression: note,
      end() {
        // Type tests (`*.test-d.ts`) are type-checked, never run.
        if (sources.length === 0 || /\.(?:test|spec)-d\.[cm]?[jt]sx?$/.test(context.path)) return;
        const force = inForce(context.model, sf);
        for (const s of sources) {
          const uses = traceUses(s.node, s.kind, 0, { time: false, wrapped: false });
          // A unique name or id keeps tests apart: shown as information at most, never as a warning. Other tokens
          // (a log line, a timestamp string, a computed time, a query) stay quiet, as every token did before.
          const unique = uses.find((u) => u.kind === 'unique' && u.name && makesName(u.node));
          if (!unique && uses.some((u) => u.kind === 'unique')) continue;
          // Only branches of the test's (or hook's) own code; a branch inside a callback handed to the code is that code's input.
          const condition = uses.find((u) => u.kind === 'condition' && isBlockCode(u.node));
          const assertion = uses.find((u) => u.kind === 'assert');
          const fed = uses.some((u) => u.kind === 'fed');
          const hit = unique ?? condition ?? (assertion && !fed ? assertion : undefined);
          if (!hit) continue;
          const ownBlock = blockOfNode(context.model, s.node);
          const block: Block = ownBlock.kind === 'root' ? blockOfNode(context.model, hit.node) : ownBlock;
          if (block.kind === 'root') continue;
          if (s.kind === 'clock' ? force.clock(block) : s.kind !== 'crypto' && force.seed(block, s.kind as Exclude<SeedTarget, 'any'>)) continue;
          const line = sf.getLineAndCharacterOfPosition(hit.node.getStart(sf)).line + 1;
          if (hit.kind === 'unique') {
            context.report({
              messageId: 'unique',
              node: s.node,
              data: { what: s.what, use: inlineCode(shortText(nameExpression(hit.node), sf, 60)), line, where: whereText(block) },
              test: enclosingTest(block),
              related: [{ message: 'the name it makes', node: nameExpression(hit.node) }],
              maxSeverity: 'info',
            });
            continue;
          }
          const messageId = hit.kind === 'condition' ? 'condition' : s.kind === 'clock' ? 'clockAssert' : 'randomAssert';
          context.report({
            messageId,
            node: s.node,
            data: { what: s.what, assertion: shortText(hit.node, sf, 60), line, where: whereText(block) },
            test: enclosingTest(block),
            related: [{ message: hit.kind === 'condition' ? 'the branch it decides' : 'the assertion it reaches', node: hit.node }],
          });
        }
      },
    };

    function isBlockCode(node: ts.Node): boolean {
      const fn = enclosingFunction(node);
      return !!fn && context.model.blockByFn.has(fn);
    }

    /** Where a value flows: through arithmetic, wrappers, object literals and variables, to an assertion, a condition or a call. */
    function traceUses(start: ts.Node, kind: SourceKind, depth: number, carried: Path): Use[] {
      let cur: ts.Node = start;
      const path: Path = { ...carried };
      const token = (node: ts.Node): Use[] => [{ kind: 'unique', node, name: !path.time && !path.wrapped }];
      // Passed through `<`/`>`: an ordering check (`assert(now >= start)`) cannot flake the way an equality does.
      let ordered = false;
      for (let guard = 0; guard < 40; guard++) {
        const p: ts.Node | undefined = cur.parent;
        if (!p) return [{ kind: 'other', node: cur }];
        if (compiler.isParenthesizedExpression(p) || compiler.isAsExpression(p) || compiler.isNonNullExpression(p) || compiler.isAwaitExpression(p)
          || compiler.isSpreadElement(p) || compiler.isSatisfiesExpression(p) || compiler.isTypeAssertionExpression(p) || compiler.isPrefixUnaryExpression(p)
          || compiler.isArrayLiteralExpression(p) || compiler.isObjectLiteralExpression(p) || compiler.isSpreadAssignment(p)) {
          if (compiler.isArrayLiteralExpression(p) || compiler.isObjectLiteralExpression(p)) path.wrapped = true;
          cur = p;
          continue;
        }
        if (compiler.isPropertyAccessExpression(p) || compiler.isElementAccessExpression(p)) {
          if (p.expression !== cur) return [{ kind: 'other', node: p }];
          const name = compiler.isPropertyAccessExpression(p) ? p.name.text : '';
          const call = p.parent;
          if (call && compiler.isCallExpression(call) && call.expression === p) {
            // `Math.random().toString(36)`, `new Date().toISOString()`: a token for a name or an id.
            if (TOKEN_METHODS.has(name) && (kind !== 'clock' || name !== 'toString' || call.arguments.length > 0)) return token(call);
            cur = call;
            continue;
          }
          cur = p;
          continue;
        }
        if (compiler.isTemplateSpan(p) || compiler.isTemplateExpression(p)) return token(p);
        if (compiler.isBinaryExpression(p)) {
          const op = p.operatorToken.kind;
          const other = p.left === cur ? p.right : p.left;
          // A difference of clock readings is a duration: the timing-assertion rule's business.
          if (kind === 'clock' && op === compiler.SyntaxKind.MinusToken) return [{ kind: 'other', node: p }];
          if (op === compiler.SyntaxKind.PlusToken && (compiler.isStringLiteralLike(other) || compiler.isTemplateExpression(other))) return token(p);
          if (op === compiler.SyntaxKind.EqualsToken) {
            if (p.right !== cur) return [{ kind: 'other', node: p }];
            if (compiler.isIdentifier(p.left)) return followVariable(p.left.text, p, kind, depth, path);
            return [{ kind: 'fed', node: p }];
          }
          if (op >= compiler.SyntaxKind.FirstCompoundAssignment && op <= compiler.SyntaxKind.LastCompoundAssignment) return [{ kind: 'fed', node: p }];
          if (op === compiler.SyntaxKind.LessThanToken || op === compiler.SyntaxKind.GreaterThanToken || op === compiler.SyntaxKind.LessThanEqualsToken || op === compiler.SyntaxKind.GreaterThanEqualsToken) ordered = true;
          else if (kind === 'clock' && ARITHMETIC.has(op)) path.time = true;
          cur = p;
          continue;
        }
        // Returned from a callback (`currentTime: () => now`): handed to whoever calls it, the code under test.
        if (compiler.isReturnStatement(p) || (compiler.isArrowFunction(p) && p.body === cur)) return [{ kind: 'fed', node: p }];
        if (compiler.isConditionalExpression(p)) {
          if (p.condition === cur) return [{ kind: 'condition', node: p.condition }];
          cur = p;
          continue;
        }
        if ((compiler.isIfStatement(p) || compiler.isWhileStatement(p) || compiler.isDoStatement(p) || compiler.isSwitchStatement(p)) && p.expression === cur) return [{ kind: 'condition', node: cur }];
        if (compiler.isForStatement(p) && p.condition === cur) return [{ kind: 'condition', node: cur }];
        if (compiler.isCaseClause(p) && p.expression === cur) return [{ kind: 'condition', node: cur }];
        if (compiler.isPropertyAssignment(p) || compiler.isShorthandPropertyAssignment(p)) {
          path.wrapped = true;
          cur = p.parent;
          continue;
        }
        if (compiler.isVariableDeclaration(p)) {
          if (p.initializer !== cur || !compiler.isIdentifier(p.name)) return [{ kind: 'other', node: p }];
          return followVariable(p.name.text, p, kind, depth, path);
        }
        if (compiler.isNewExpression(p)) {
          if (compiler.isIdentifier(p.expression) && p.expression.text === 'Date') {
            cur = p;
            continue;
          }
          return [{ kind: 'fed', node: p }];
        }
        if (compiler.isCallExpression(p)) {
          if (p.expression === cur) return [{ kind: 'other', node: p }];
          const assertion = assertionOf(p, cur);
          if (assertion === 'equality') return [{ kind: ordered ? 'other' : 'assert', node: assertionStatement(p) }];
          if (assertion === 'other') return [{ kind: 'other', node: p }];
          const chain = calleeChain(p.expression);
          const dotted = chain?.join('.') ?? '';
          if (dotted === 'String') return token(p);
          if (VALUE_PRESERVING_CALLS.has(dotted) || (chain && chain[0] === 'expect' && chain.length === 2)) {
            cur = p;
            continue;
          }
          return [{ kind: 'fed', node: p }];
        }
        return [{ kind: 'other', node: p }];
      }
      return [{ kind: 'other', node: cur }];
    }

    /** Uses of a variable after its declaration, inside the scope that declares it. */
    function followVariable(name: string, decl: ts.Node, kind: SourceKind, depth: number, path: Path): Use[] {
      if (depth >= 3) return [{ kind: 'other', node: decl }];
      const scope = scopeOf(decl);
      const out: Use[] = [];
      const visit = (n: ts.Node): void => {
        if (compiler.isIdentifier(n) && n.text === name && n.pos >= decl.end && isRead(n)) {
          out.push(...traceUses(n, kind, depth + 1, path));
          return;
        }
        compiler.forEachChild(n, visit);
      };
      visit(scope);
      return out;
    }
  },
});

const LOG_METHODS = new Set(['log', 'debug', 'info', 'warn', 'error', 'trace']);

/**
 * Whether a string built from the value is a name or id: not a timestamp (`toISOString()`), not a query, not a log line
 * (`console.log(\`took ${Date.now()}\`)`), not the compared value of an assertion (`toBe(\`v${Date.now()}\`)`).
 */
function makesName(node: ts.Node): boolean {
  if (compiler.isCallExpression(node) && compiler.isPropertyAccessExpression(node.expression) && /^to(?:ISOString|JSON)$/.test(node.expression.name.text)) return false;
  const cur = nameExpression(node);
  // sql`… ${at} …`: a query, not a name.
  if (cur.parent && compiler.isTaggedTemplateExpression(cur.parent)) return false;
  const call = cur.parent;
  if (!call || !compiler.isCallExpression(call) || call.expression === cur) return true;
  const chain = calleeChain(call.expression);
  if (chain && (chain[0] === 'console' || LOG_METHODS.has(chain[chain.length - 1]))) return false;
  return assertionOf(call, cur) === undefined;
}

/** Markdown inline code, with double delimiters around text that holds a backtick (a template literal). */
function inlineCode(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** The whole string a token is part of: `\`user-${Math.random().toString(36).slice(2)}\`` for its `.toString(36)`. */
function nameExpression(node: ts.Node): ts.Node {
  let cur = node;
  for (let p = cur.parent; p; cur = p, p = p.parent) {
    const chained = (compiler.isPropertyAccessExpression(p) || compiler.isCallExpression(p)) && p.expression === cur;
    const joined = compiler.isTemplateSpan(p) || compiler.isTemplateExpression(p) || compiler.isParenthesizedExpression(p)
      || (compiler.isBinaryExpression(p) && p.operatorToken.kind === compiler.SyntaxKind.PlusToken);
    if (!chained && !joined) break;
  }
  return cur;
}

function scopeOf(node: ts.Node): ts.Node {
  for (let p = node.parent; p; p = p.parent) if (compiler.isFunctionLike(p) || compiler.isSourceFile(p)) return p;
  return node.getSourceFile();
}

function isRead(id: ts.Identifier): boolean {
  const p = id.parent;
  if (compiler.isPropertyAccessExpression(p) && p.name === id) return false;
  if (compiler.isPropertyAssignment(p) && p.name === id) return false;
  if ((compiler.isVariableDeclaration(p) || compiler.isParameter(p) || compiler.isBindingElement(p) || compiler.isFunctionDeclaration(p)) && p.name === id) return false;
  if (compiler.isBinaryExpression(p) && p.left === id && p.operatorToken.kind === compiler.SyntaxKind.EqualsToken) return false;
  return true;
}

/** Whether `arg` is a compared value of an assertion call: `equality`, `other` (ordering, tolerance, type), or undefined. */
function assertionOf(call: ts.CallExpression, arg: ts.Node): 'equality' | 'other' | undefined {
  const callee = call.expression;
  // expect(arg).matcher(…)
  if (compiler.isIdentifier(callee) && callee.text === 'expect' || compiler.isPropertyAccessExpression(callee) && compiler.isIdentifier(callee.expression) && callee.expression.text === 'expect' && callee.name.text === 'soft') {
    if (call.arguments[0] !== arg) return 'other';
    let cur: ts.Node = call;
    let matcher: string | undefined;
    while (cur.parent && compiler.isPropertyAccessExpression(cur.parent) && cur.parent.expression === cur) {
      matcher = cur.parent.name.text;
      cur = cur.parent;
    }
    return matcher && EQUALITY.has(matcher) ? 'equality' : 'other';
  }
  // expect(x).matcher(arg), assert.equal(x, arg), t.is(x, arg)
  const chain = calleeChain(callee);
  if (!chain) return undefined;
  const last = chain[chain.length - 1];
  const isExpectChain = compiler.isPropertyAccessExpression(callee) && rootIsExpect(callee);
  const isAssert = chain[0] === 'assert' || (chain.length === 2 && chain[0] === 't') || chain.includes('should');
  if (!isExpectChain && !isAssert) return undefined;
  if (chain.length === 1 && chain[0] === 'assert') return 'equality';
  return EQUALITY.has(last) ? 'equality' : 'other';
}

function rootIsExpect(node: ts.Expression): boolean {
  let cur: ts.Expression = node;
  for (let guard = 0; guard < 12; guard++) {
    if (compiler.isPropertyAccessExpression(cur)) cur = cur.expression;
    else if (compiler.isCallExpression(cur)) {
      if (compiler.isIdentifier(cur.expression) && cur.expression.text === 'expect') return true;
      cur = cur.expression;
    } else return false;
  }
  return false;
}

/** The whole assertion expression for messages: from `expect(` to the matcher call. */
function assertionStatement(call: ts.CallExpression): ts.Node {
  let cur: ts.Node = call;
  while (cur.parent && (compiler.isPropertyAccessExpression(cur.parent) || (compiler.isCallExpression(cur.parent) && cur.parent.expression === cur))) cur = cur.parent;
  return cur;
}
