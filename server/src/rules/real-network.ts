import { ts } from 'ts-morph';
import { compiler } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import { blockOfNode, type Block, type ContainerBlock } from '../core/model';
import { inForce } from '../core/in-force';
import type { TestInfo } from '../core/types';
import { docsUrl } from './docs-url';
import { enclosingTest, shortText, unwrap, whereText } from './_test-code';

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'request', 'stream', 'fetch']);
/** Clients called directly with a URL: `fetch(url)`, `axios(url)`, `got(url)`. */
const CALLABLE_CLIENTS = new Map<string, string[]>([
  ['fetch', ['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici', 'make-fetch-happen']],
  ['axios', ['axios']],
  ['got', ['got']],
  ['ky', ['ky']],
  ['request', ['request', 'request-promise', 'request-promise-native', 'supertest', 'undici']],
  ['superagent', ['superagent']],
  ['needle', ['needle']],
]);
/** Modules whose namespace methods take a URL: `http.get(url)`, `axios.post(url)`. */
const NAMESPACE_MODULES = new Set(['http', 'https', 'node:http', 'node:https', 'axios', 'got', 'ky', 'superagent', 'request', 'undici', 'needle', 'supertest']);
const WEBSOCKET_MODULES = new Set(['ws', 'isomorphic-ws', 'reconnecting-websocket']);
const BROWSER_FRAMEWORKS = new Set(['playwright', 'cypress', 'webdriverio']);
/** Reserved names that never reach a real host (RFC 2606/6761) or that name a local service. */
const RESERVED_SUFFIXES = ['.test', '.invalid', '.localhost', '.local', '.internal', '.example', '.lan', '.home.arpa'];

/** The host of an absolute http(s)/ws(s) URL, if the text starts with one. */
export function urlHost(url: string): string | undefined {
  const m = /^(?:https?|wss?):\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(url.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** Whether a host is this machine or a name that never leaves it. */
export function isLocalHost(host: string): boolean {
  if (host === 'localhost' || host === '0.0.0.0' || host === '[::1]' || host === '[::]' || host === '::1') return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(host)) return true;
  if (host === 'host.docker.internal') return true;
  if (RESERVED_SUFFIXES.some((s) => host.endsWith(s))) return true;
  // A single-label name (`http://api:3000`, `http://minio`) is a service of the test environment (compose, k8s), not the internet.
  if (!host.includes('.') && !host.startsWith('[')) return true;
  return false;
}

export default defineRule({
  id: 'real-network',
  meta: {
    type: 'flaky',
    cause: 'external-dependency',
    defaultSeverity: 'warning',
    docs: {
      description: 'HTTP or WebSocket calls from unit and integration tests to a real remote host, with no interception (nock, msw, page.route, cy.intercept, a mocked client) in force.',
      url: docsUrl('real-network'),
    },
    messages: {
      remote: '`{what}` calls the real host `{host}`{where} with no interception in force: the test fails whenever that host is slow, rate-limited or down. Intercept it (nock, msw, a mocked client) or point it at a local server.',
    },
    defaultOptions: { allowHosts: [] },
  },
  create(context) {
    // A finding needs a URL written with its scheme (`'https://…'`, or `'https:\/\/…'` escaped) somewhere in the file.
    if (!context.text.includes('://') && !context.text.includes(':\\/')) return {};
    const sf = context.sourceFile;
    const bindings = context.model.imports.bindings;
    const allowHosts = new Set(((context.options.allowHosts as string[] | undefined) ?? []).map((h) => h.toLowerCase()));
    /** `const API = 'https://…'` anywhere in the file, by name (first declaration wins). */
    const stringConsts = new Map<string, ts.Expression>();
    const candidates: { call: ts.Node; urlNode: ts.Expression; block: Block; what: string }[] = [];

    const moduleOf = (name: string) => bindings.get(name)?.module;
    const clientCall = (call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined => {
      const chain = calleeChain(call.expression);
      if (!chain) return undefined;
      const args = call.arguments ?? [];
      const head = chain[0];
      const last = chain[chain.length - 1];
      if (compiler.isNewExpression(call)) {
        if (chain.length === 1 && (head === 'WebSocket' || head === 'EventSource' || WEBSOCKET_MODULES.has(moduleOf(head) ?? ''))) return args[0];
        return undefined;
      }
      if (chain.length === 1) {
        const mod = moduleOf(head);
        if (head === 'io' && mod === 'socket.io-client') return args[0];
        const modules = CALLABLE_CLIENTS.get(head);
        if (modules && (mod === undefined ? head === 'fetch' : modules.includes(mod))) return args[0];
        const importedName = bindings.get(head)?.imported;
        if (mod && (importedName === 'fetch' || importedName === 'request') && ['undici', 'node-fetch'].includes(mod)) return args[0];
        if (mod && importedName === 'default' && [...CALLABLE_CLIENTS.values()].some((list) => list.includes(mod)) && mod !== 'supertest') return args[0];
        return undefined;
      }
      if (chain.length === 2 && (head === 'window' || head === 'globalThis' || head === 'global') && last === 'fetch') return args[0];
      if (chain.length === 2 && HTTP_METHODS.has(last)) {
        const mod = moduleOf(head) ?? (['axios', 'got', 'ky', 'superagent', 'http', 'https'].includes(head) ? head : undefined);
        if (mod && NAMESPACE_MODULES.has(mod)) return args[0];
      }
      return undefined;
    };

    const check = (node: ts.CallExpression | ts.NewExpression) => {
      const urlNode = clientCall(node);
      if (!urlNode) return;
      candidates.push({ call: node, urlNode, block: context.currentBlock(), what: shortText(node, sf, 80) });
    };

    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (compiler.isIdentifier(node.name) && node.initializer && !stringConsts.has(node.name.text)) {
          const init = unwrap(node.initializer);
          if (compiler.isStringLiteralLike(init) || compiler.isTemplateExpression(init)) stringConsts.set(node.name.text, init);
        }
      },
      CallExpression: check,
      NewExpression: check,
      end() {
        if (candidates.length === 0) return;
        if (BROWSER_FRAMEWORKS.has(context.model.framework)) return;
        const tests = context.tests();
        const force = inForce(context.model, sf);
        for (const c of candidates) {
          const block = c.block.kind === 'root' ? blockOfNode(context.model, c.call) : c.block;
          if (block.kind !== 'test' && block.kind !== 'hook') continue;
          const url = staticUrl(c.urlNode, stringConsts, sf);
          if (!url) continue;
          const host = urlHost(url);
          if (!host || isLocalHost(host) || allowHosts.has(host)) continue;
          // End-to-end tests may hit their own deployment: decided from the classified layer.
          if (runsInE2e(block, tests)) continue;
          if (force.interception(block)) continue;
          context.report({
            messageId: 'remote',
            node: c.call,
            data: { what: c.what, host, where: whereText(block) },
            test: enclosingTest(block),
          });
        }
      },
    };
  },
});

/** The URL text when it starts with a literal scheme and host: literals, templates, and constants holding them. */
function staticUrl(node: ts.Expression, consts: Map<string, ts.Expression>, sf: ts.SourceFile, depth = 0): string | undefined {
  const n = unwrap(node);
  if (compiler.isStringLiteralLike(n)) return n.text;
  if (compiler.isTemplateExpression(n)) {
    if (n.head.text) return n.head.text + '…';
    // `${BASE}/users` with BASE a literal constant.
    const first = n.templateSpans[0];
    if (depth < 3 && first && compiler.isIdentifier(first.expression)) {
      const base = consts.get(first.expression.text);
      const baseText = base ? staticUrl(base, consts, sf, depth + 1) : undefined;
      return baseText ? baseText + first.literal.text : undefined;
    }
    return undefined;
  }
  if (compiler.isIdentifier(n) && depth < 3) {
    const init = consts.get(n.text);
    return init ? staticUrl(init, consts, sf, depth + 1) : undefined;
  }
  if (compiler.isObjectLiteralExpression(n)) {
    // `axios({ url: 'https://…' })`
    for (const p of n.properties) {
      if (compiler.isPropertyAssignment(p) && compiler.isIdentifier(p.name) && (p.name.text === 'url' || p.name.text === 'baseURL')) return staticUrl(p.initializer, consts, sf, depth + 1);
    }
  }
  return undefined;
}

/** Whether the tests a block belongs to (a test, or the tests a hook runs around) were classified end-to-end. */
function runsInE2e(block: Block, tests: readonly TestInfo[]): boolean {
  const test = enclosingTest(block);
  if (test) return tests[test.index]?.layer === 'e2e';
  if (block.kind === 'hook' && block.parent) return testsUnder(block.parent).some((t) => tests[t]?.layer === 'e2e');
  return false;
}

function testsUnder(container: ContainerBlock): number[] {
  const out: number[] = [];
  const visit = (b: Block) => {
    if (b.kind === 'test') out.push(b.index);
    if (b.kind !== 'hook') for (const c of b.children) visit(c);
  };
  visit(container);
  return out;
}
