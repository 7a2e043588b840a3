import { ts } from 'ts-morph';
import { compiler, mentionsName, parsedNames } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import { blockOfNode, type Block, type TestBlock } from '../core/model';
import { getScope } from '../core/scope';
import { docsUrl } from './docs-url';
import { isTypeTestFile } from './_shared-state';

/** Calls that start a server on the port they are given (`port` option or first argument). */
const SERVE_METHOD_NAMES = ['listen', 'serve', 'startServer', 'createServer', 'start'];
const SERVE_METHODS = new Set(SERVE_METHOD_NAMES);

/** Whether the file names a class ending in `Server` (`new WebSocketServer({ port })`); false when the parser kept no names (the text check above covers that). */
function namesAServer(sf: ts.SourceFile): boolean {
  const names = parsedNames(sf);
  if (names) for (const name of names.keys()) if (name.endsWith('Server')) return true;
  return false;
}

export default defineRule({
  id: 'hardcoded-port',
  meta: {
    type: 'flaky',
    cause: 'resource-exhaustion',
    defaultSeverity: 'warning',
    docs: {
      description: 'A server started on a fixed port (`listen(3000)`) collides with EADDRINUSE when suites or workers run in parallel.',
      url: docsUrl('hardcoded-port'),
    },
    messages: {
      port: '`{call}` starts a server on the fixed port {port}{inTest}: two workers or two suites running at once collide with EADDRINUSE. Listen on port 0 and read the port back (`server.address().port`).',
    },
    fixable: true,
  },
  create(context) {
    if (isTypeTestFile(context.path)) return {};
    const sf = context.sourceFile;
    if (!mentionsName(sf, SERVE_METHOD_NAMES, /\b(?:listen|serve|startServer|createServer|start)\b|Server\b/) && !namesAServer(sf)) return {};
    const found: { call: ts.CallExpression | ts.NewExpression; literal: ts.NumericLiteral; direct: boolean; viaConstant?: ts.Identifier }[] = [];
    const portOf = (arg: ts.Expression | undefined): { literal: ts.NumericLiteral; viaConstant?: ts.Identifier } | ts.Identifier | undefined => {
      if (!arg) return undefined;
      if (compiler.isNumericLiteral(arg)) return { literal: arg };
      if (compiler.isIdentifier(arg)) return arg;
      return undefined;
    };
    const portProperty = (arg: ts.Expression | undefined): ts.Expression | undefined => {
      if (!arg || !compiler.isObjectLiteralExpression(arg)) return undefined;
      for (const p of arg.properties) {
        if (compiler.isPropertyAssignment(p) && (compiler.isIdentifier(p.name) || compiler.isStringLiteral(p.name)) && p.name.text === 'port') return p.initializer;
      }
      return undefined;
    };
    const pending: { call: ts.CallExpression | ts.NewExpression; arg: ts.Expression; direct: boolean }[] = [];
    const visit = (node: ts.CallExpression | ts.NewExpression, isNew: boolean) => {
      const chain = calleeChain(node.expression);
      if (!chain) return;
      const last = chain[chain.length - 1];
      const args = node.arguments ?? [];
      if (!isNew && last === 'listen' && chain.length >= 2) {
        const first = args[0];
        if (first && !compiler.isObjectLiteralExpression(first)) pending.push({ call: node, arg: first, direct: true });
        const opt = portProperty(first);
        if (opt) pending.push({ call: node, arg: opt, direct: true });
        return;
      }
      // `new WebSocketServer({ port: 8080 })`, `serve({ port: 3000 })`, `Bun.serve({ port })`.
      const serverCtor = isNew && /Server$/.test(last);
      if (serverCtor || (!isNew && SERVE_METHODS.has(last))) {
        const opt = portProperty(args[0]);
        if (opt) pending.push({ call: node, arg: opt, direct: false });
      }
    };
    return {
      CallExpression(node: ts.CallExpression) {
        visit(node, false);
      },
      NewExpression(node: ts.NewExpression) {
        visit(node, true);
      },
      end() {
        if (pending.length === 0) return;
        for (const p of pending) {
          const port = portOf(p.arg);
          if (!port) continue;
          let literal: ts.NumericLiteral | undefined;
          let viaConstant: ts.Identifier | undefined;
          if (compiler.isIdentifier(port as ts.Node)) {
            // A module constant holding a literal port: `const PORT = 3000`.
            const decl = getScope(context).referenceOf(port as ts.Identifier)?.decl;
            const init = decl?.kind === 'const' ? decl.initializer : undefined;
            if (!init || !compiler.isNumericLiteral(init)) continue;
            literal = init;
            viaConstant = port as ts.Identifier;
          } else {
            literal = (port as { literal: ts.NumericLiteral }).literal;
          }
          const value = Number(literal.text);
          if (!Number.isInteger(value) || value <= 0 || value > 65535) continue;
          found.push({ call: p.call, literal, direct: p.direct, viaConstant });
        }
        for (const f of found) {
          const block = blockOfNode(context.model, f.call);
          const test = enclosingTest(block);
          const callText = f.call.getText(sf).replace(/\s+/g, ' ');
          const shown = callText.length > 60 ? `${callText.slice(0, 57)}…` : callText;
          const value = f.literal.text;
          // Replacing the literal is only safe when the number is not reused elsewhere (a URL, an assertion).
          const mentions = sf.text.match(new RegExp(`\\b${value}\\b`, 'g'))?.length ?? 0;
          const fixes = f.direct && !f.viaConstant
            ? [{ description: `Listen on port 0 (any free port) instead of ${value}`, safe: mentions === 1, edits: [{ start: f.literal.getStart(sf), end: f.literal.end, newText: '0' }] }]
            : [];
          context.report({
            messageId: 'port',
            node: f.viaConstant ?? f.literal,
            test,
            data: { call: shown, port: value, inTest: block.kind === 'hook' ? ` in \`${block.hookType}\`` : '' },
            related: f.viaConstant ? [{ message: `the port is fixed here`, node: f.literal }] : [],
            fixes,
          });
        }
      },
    };
  },
});

function enclosingTest(block: Block): TestBlock | null {
  for (let b: Block | null = block; b; b = b.parent) if (b.kind === 'test') return b;
  return null;
}
