import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { defineRule, type FixDescriptor } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import { hasFakeTimers, type Block, type FileModel } from '../core/model';
import { getScope, type Declaration, type FileScope, type Reference } from '../core/scope';
import { docsUrl } from './docs-url';
import { hookCallable, isTypeTestFile } from './_shared-state';

const OPENING_NAMES = [
  'setInterval', 'createClient', 'createPool', 'createConnection', 'listen', '$connect', 'connect', 'launch', 'launchPersistentContext',
  'Pool', 'Redis', 'Sequelize', 'PrismaClient', 'start',
];

type ResourceKind = 'server' | 'pool' | 'connection' | 'client' | 'browser' | 'container' | 'interval';

/** Calls that close, end, stop or release a resource, whatever its kind. */
const CLOSE_METHODS = new Set([
  'close', 'end', 'quit', 'stop', 'disconnect', '$disconnect', 'destroy', 'terminate', 'kill', 'shutdown', 'unref',
  'closeAll', 'closeAllConnections', 'release', 'dispose', 'teardown', 'down', 'clearInterval', 'abort', 'drain',
  '[Symbol.asyncDispose]', '[Symbol.dispose]',
]);
const BROWSER_HEADS = new Set(['chromium', 'firefox', 'webkit', 'puppeteer', 'playwright']);

interface Opening {
  kind: ResourceKind;
  node: ts.CallExpression | ts.NewExpression;
  /** `app.listen(3000)`, shortened. */
  call: string;
  /** For calls whose receiver is the resource (`fastify.listen`, `prisma.$connect`, `mongoose.connect`). */
  receiver?: ts.Identifier;
  /** How the close reads in messages and fixes: `close`, `end`, `quit` … */
  closeVerb: string;
  closeCall: (name: string) => string;
}

const OPENS: Record<ResourceKind, string> = {
  server: 'starts a server', pool: 'opens a pool', connection: 'opens a connection', client: 'connects a client',
  browser: 'launches a browser', container: 'starts a container', interval: 'starts an interval',
};

const VERBS: Record<ResourceKind, [string, string]> = {
  server: ['started', 'closed'],
  pool: ['opened', 'ended'],
  connection: ['opened', 'closed'],
  client: ['connected', 'disconnected'],
  browser: ['launched', 'closed'],
  container: ['started', 'stopped'],
  interval: ['started', 'cleared'],
};

export default defineRule({
  id: 'resource-leak',
  meta: {
    type: 'flaky',
    cause: 'resource-exhaustion',
    defaultSeverity: 'warning',
    docs: {
      description: 'Servers, pools, connections, browsers, containers and intervals opened in a test or hook with no matching close in the matching teardown.',
      url: docsUrl('resource-leak'),
    },
    messages: {
      leak: '{what} in {where} (line {line}) and never {closed}: the open handle keeps the test process alive, holds its port or connection, and piles up across tests. {remedy}',
      unstored: '`{call}` in {where} (line {line}) {opens} that is never stored, so nothing can close it: the open handle keeps the test process alive and piles up across tests. Keep it in a variable and {remedy}',
    },
    fixable: true,
  },
  create(context) {
    if (isTypeTestFile(context.path)) return {};
    // Every opening below is a call or constructor by one of these names.
    if (!mentionsName(context.sourceFile, OPENING_NAMES, /\b(?:setInterval|create(?:Client|Pool|Connection)|listen|\$?connect|launch\w*|Pool|Redis|Sequelize|PrismaClient|start)\b/)) return {};
    const openings: Opening[] = [];
    const reported = new Set<Declaration>();
    const sf = context.sourceFile;
    const shown = (node: ts.Node) => {
      const text = node.getText(sf).replace(/\s+/g, ' ');
      return text.length > 50 ? `${text.slice(0, 47)}…` : text;
    };
    const add = (kind: ResourceKind, node: ts.CallExpression | ts.NewExpression, closeVerb: string, receiver?: ts.Expression) => {
      // `engine.httpServer.listen()` belongs to `engine`.
      let root = receiver;
      while (root && (compiler.isParenthesizedExpression(root) || compiler.isNonNullExpression(root) || compiler.isPropertyAccessExpression(root))) root = root.expression;
      const closeCall = (name: string) => kind === 'interval' ? `clearInterval(${name})`
        : kind === 'server' ? `await new Promise((resolve) => ${name}.close(resolve))` : `await ${name}.${closeVerb}()`;
      openings.push({ kind, node, call: shown(node), receiver: root && compiler.isIdentifier(root) ? root : undefined, closeVerb, closeCall });
    };
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        const chain = calleeChain(callee);
        if (!chain) {
          // `new GenericContainer('redis').withExposedPorts(6379).start()`
          if (compiler.isPropertyAccessExpression(callee) && callee.name.text === 'start' && startsFromContainer(callee.expression)) add('container', node, 'stop');
          return;
        }
        const last = chain[chain.length - 1];
        const head = chain[0];
        const receiver = compiler.isPropertyAccessExpression(callee) ? callee.expression : undefined;
        if (chain.length === 1 || (chain.length === 2 && ['window', 'global', 'globalThis'].includes(head))) {
          if (last === 'setInterval') add('interval', node, 'clearInterval');
          else if (last === 'createClient' && importedFrom(context.model, head, ['redis', '@redis/client'])) add('client', node, 'quit');
          else if ((last === 'createPool' || last === 'createConnection') && importedFrom(context.model, head, ['mysql', 'mysql2', 'mysql2/promise', 'typeorm', 'mariadb'])) add(last === 'createPool' ? 'pool' : 'connection', node, last === 'createPool' ? 'end' : 'close');
          return;
        }
        if (last === 'listen' && receiver) add('server', node, 'close', receiver);
        else if (last === '$connect' && receiver) add('client', node, '$disconnect', receiver);
        else if (last === 'connect' && chain.length === 2 && (head === 'mongoose' || head === 'MongoClient')) add('client', node, head === 'mongoose' ? 'disconnect' : 'close', head === 'mongoose' ? receiver : undefined);
        else if (last === 'createClient' && head === 'redis') add('client', node, 'quit');
        else if ((last === 'createPool' || last === 'createConnection') && ['mysql', 'mysql2', 'mariadb', 'typeorm', 'mongoose'].includes(head)) add(last === 'createPool' ? 'pool' : 'connection', node, last === 'createPool' ? 'end' : 'close');
        else if ((last === 'launch' || last === 'launchPersistentContext') && BROWSER_HEADS.has(head)) add('browser', node, 'close');
        else if (last === 'connect' && head === 'puppeteer') add('browser', node, 'disconnect');
      },
      NewExpression(node: ts.NewExpression) {
        const chain = calleeChain(node.expression);
        if (!chain) return;
        const last = chain[chain.length - 1];
        if (last === 'Pool' && (chain.length === 2 || importedFrom(context.model, chain[0], ['pg', 'pg-pool', 'mysql2', 'generic-pool', 'undici']))) add('pool', node, 'end');
        else if (last === 'Redis' && importedFrom(context.model, chain[0], ['ioredis'])) add('client', node, 'quit');
        else if (last === 'Sequelize' && importedFrom(context.model, chain[0], ['sequelize', 'sequelize-typescript'])) add('connection', node, 'close');
        else if (last === 'PrismaClient') add('client', node, '$disconnect');
      },
      end() {
        if (openings.length === 0) return;
        const scope = getScope(context);
        for (const o of openings) check(scope, o);
      },
    };

    function check(scope: FileScope, o: Opening) {
      // `await app.listen()` resolves to an address (fastify, koa wrappers): the receiver is the resource.
      const awaited = compiler.isAwaitExpression(o.node.parent);
      const holder = o.kind === 'server' && awaited && o.receiver ? undefined : holderOf(scope, o);
      if (holder === 'handed-off') return;
      // Kept in a variable of a `new Promise` executor: handed to whoever awaits the promise (`resolve(this)`).
      if (holder && promiseExecutorOf(holder.id) && promiseExecutorOf(holder.id) === promiseExecutorOf(o.node)) return;
      if (o.kind === 'server' && expectedToFail(o.node)) return;
      const owner = scope.ownerOf(o.node);
      const blocks = scope.blocksRunning(owner);
      if (blocks.length === 0) return;
      const block = blocks[0];
      if (block.kind === 'root' || block.kind === 'suite') {
        // Module-level code of a file without tests is a helper or a server script, not a test's resource;
        // and code inside an anonymous function at module level runs whenever someone calls it.
        if (context.model.tests.length === 0 || insideAnonymousFunction(o.node, block)) return;
      }
      // `fastify.listen({ signal })` is closed by aborting its controller.
      if (o.kind === 'server' && hasSignalOption(o.node)) return;
      if (o.kind === 'interval' && hasFakeTimers(context.model, block)) return;
      // A PrismaClient or Pool is only a leak once connected or used; an unused `new Pool()` at module scope holds nothing.
      if (holder && escapes(holder)) return;
      const teardown = teardownBlocks(context.model, block);
      const holders = holder ? aliasesOf(scope, holder) : [];
      if (o.receiver) {
        const rd = scope.referenceOf(o.receiver)?.decl;
        if (rd && escapes(rd)) return;
        if (rd) holders.push(rd);
        else if (closedGlobally(scope, o.receiver.text, teardown)) return;
      }
      if (holders.some((d) => isClosed(scope, d, teardown))) return;
      if (holders.some((d) => d.kind === 'using')) return;
      if (holder && reported.has(holder)) return;
      if (holder) reported.add(holder);
      const [verb, closed] = VERBS[o.kind];
      const where = describeBlock(block);
      const line = sf.getLineAndCharacterOfPosition(o.node.getStart(sf)).line + 1;
      const test = block.kind === 'test' ? block : null;
      // Clients connected through their own object (`mongoose.connect`, `prisma.$connect`) are held by that object.
      const receiverDecl = o.receiver && o.kind !== 'server' ? scope.referenceOf(o.receiver)?.decl : undefined;
      const kept = holder ?? receiverDecl;
      const name = kept?.name;
      const hookType = block.kind === 'test' ? undefined : block.kind === 'hook' && block.hookType === 'beforeEach' ? 'afterEach' : 'afterAll';
      const remedy = hookType ? `${o.kind === 'interval' ? 'Clear' : 'Close'} it in \`${hookType}\`${name ? ` (\`${o.kind === 'interval' ? `clearInterval(${name})` : `${name}.${o.closeVerb}()`}\`)` : ''}.` : `${o.kind === 'interval' ? 'Clear' : 'Close'} it before the test ends, in a \`finally\` or \`onTestFinished\`.`;
      if (!name) {
        context.report({
          messageId: 'unstored', node: o.node, test,
          data: { call: o.call, where, line, opens: OPENS[o.kind], remedy: remedy.charAt(0).toLowerCase() + remedy.slice(1) },
        });
        return;
      }
      const fix = hookType ? addTeardownFix(o, kept!, block, hookType) : undefined;
      context.report({
        messageId: 'leak', node: o.node, test,
        data: { what: `\`${name}\` is ${verb} with \`${o.call}\``, where, line, closed, remedy },
        related: [{ message: `\`${name}\` is declared here; no ${hookType ?? 'code in the test'} ${closedVerb(closed)} it`, node: kept!.id }],
        fixes: fix ? [fix] : [],
      });
    }

    /** The variable a resource is kept in, `undefined` when it is not kept, or 'handed-off' when it is returned or passed on. */
    function holderOf(scope: FileScope, o: Opening): Declaration | undefined | 'handed-off' {
      let top: ts.Node = o.node;
      for (;;) {
        const p = top.parent;
        if (compiler.isAwaitExpression(p) || compiler.isParenthesizedExpression(p) || compiler.isAsExpression(p) || compiler.isNonNullExpression(p) || compiler.isSatisfiesExpression(p)) top = p;
        // `app.listen(0).on('error', …)` still returns the server.
        else if (compiler.isPropertyAccessExpression(p) && p.expression === top && ['on', 'once', 'setTimeout', 'unref'].includes(p.name.text) && compiler.isCallExpression(p.parent)) {
          if (p.name.text === 'unref') return 'handed-off';
          top = p.parent;
        } else break;
      }
      const p = top.parent;
      if (compiler.isVariableDeclaration(p) && p.initializer === top) {
        if (!compiler.isIdentifier(p.name)) return 'handed-off';
        return scope.declarations.find((d) => d.id === p.name);
      }
      if (compiler.isBinaryExpression(p) && p.operatorToken.kind === compiler.SyntaxKind.EqualsToken && p.right === top) {
        return compiler.isIdentifier(p.left) ? scope.referenceOf(p.left)?.decl ?? 'handed-off' : 'handed-off';
      }
      if (compiler.isExpressionStatement(p)) return undefined;
      // `new Promise((resolve) => server.listen(0, resolve))`: the receiver is the resource.
      if (compiler.isArrowFunction(p) && p.body === top && compiler.isNewExpression(p.parent) && compiler.isIdentifier(p.parent.expression) && p.parent.expression.text === 'Promise') return undefined;
      return 'handed-off';
    }

    /** A holder that is returned, resolved or stored elsewhere belongs to whoever receives it. */
    function escapes(decl: Declaration): boolean {
      return decl.references.some((r) => {
        if (r.write || r.path.length > 0) return false;
        let n: ts.Node = r.id;
        while (compiler.isParenthesizedExpression(n.parent) || compiler.isAsExpression(n.parent)) n = n.parent;
        const p = n.parent;
        if (compiler.isReturnStatement(p) || (compiler.isArrowFunction(p) && p.body === n)) return true;
        if (compiler.isPropertyAssignment(p) || compiler.isShorthandPropertyAssignment(p) || compiler.isArrayLiteralExpression(p)) return !isInTeardownCall(p);
        if (compiler.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === compiler.SyntaxKind.EqualsToken && !compiler.isIdentifier(p.left)) return true;
        // Wrapped by another object that owns it from now on: `new Server(httpServer)`.
        if (compiler.isNewExpression(p) && p.arguments?.includes(n as ts.Expression)) return true;
        if (compiler.isCallExpression(p) && p.arguments.includes(n as ts.Expression)) {
          const callee = calleeChain(p.expression)?.join('.') ?? '';
          return /^(?:resolve|res|done|cb|callback|next)$/.test(callee) || /\.push$/.test(callee) || /\.(?:add|set)$/.test(callee);
        }
        return false;
      });
    }

    function isInTeardownCall(node: ts.Node): boolean {
      for (let n: ts.Node | undefined = node; n; n = n.parent) if (compiler.isCallExpression(n)) return true;
      return false;
    }

    /** The holder plus variables it is copied into (`server = s`). */
    function aliasesOf(scope: FileScope, decl: Declaration): Declaration[] {
      const out = [decl];
      for (const r of decl.references) {
        const p = r.id.parent;
        if (!r.write && r.path.length === 0 && compiler.isBinaryExpression(p) && p.right === r.id && p.operatorToken.kind === compiler.SyntaxKind.EqualsToken && compiler.isIdentifier(p.left)) {
          const other = scope.referenceOf(p.left)?.decl;
          if (other && !out.includes(other)) out.push(other);
        }
        if (!r.write && r.path.length === 0 && compiler.isVariableDeclaration(p) && p.initializer === r.id && compiler.isIdentifier(p.name)) {
          const other = scope.declarations.find((d) => d.id === p.name);
          if (other && !out.includes(other)) out.push(other);
        }
      }
      return out;
    }

    /** Closed where it should be: `x.close()`, `x.server.close`, `clearInterval(x)`, or `x` handed to a teardown helper. */
    function isClosed(scope: FileScope, decl: Declaration, teardown: (b: Block) => boolean): boolean {
      return decl.references.some((r) => {
        const blocks = scope.blocksRunning(r.owner).filter(teardown);
        if (blocks.length === 0) return false;
        if (r.path.some((p) => CLOSE_METHODS.has(p))) return true;
        // Handing the resource to a helper closes it only from teardown code, not from the test body (`await hit(server)`).
        const callee = passedToCall(r);
        if (!callee) return false;
        // A closing function (`clearInterval(t)`, `closeServer(s)`) closes wherever it runs.
        if (/(?:^|\.)(?:clear|close|stop|end|destroy|dispose|teardown|shutdown|kill|terminate|disconnect|quit)\w*$/i.test(callee)) return true;
        return blocks.some((b) => b.kind === 'hook' && b.hookType.startsWith('after')) || inTeardownCallback(r.id);
      });
    }

    function closes(r: Reference): boolean {
      return r.path.some((p) => CLOSE_METHODS.has(p)) || passedToCall(r) !== undefined;
    }

    /** The callee a bare reference is passed to (`clearInterval` for `clearInterval(t)`), if it is passed to one. */
    function passedToCall(r: Reference): string | undefined {
      if (r.write || r.path.length > 0) return undefined;
      // Passed to a call (directly or in an array/object): `clearInterval(t)`, `closeServer(server)`, `stopAll([a, b])`.
      let n: ts.Node = r.id;
      while (compiler.isArrayLiteralExpression(n.parent) || compiler.isShorthandPropertyAssignment(n.parent) || compiler.isPropertyAssignment(n.parent) || compiler.isObjectLiteralExpression(n.parent) || compiler.isSpreadElement(n.parent) || compiler.isParenthesizedExpression(n.parent)) n = n.parent;
      const p = n.parent;
      if ((compiler.isCallExpression(p) || compiler.isNewExpression(p)) && p.arguments?.includes(n as ts.Expression)) {
        const callee = calleeChain(p.expression)?.join('.') ?? '';
        return /^(?:expect|assert|console\.\w+|request|supertest)$/.test(callee) ? undefined : callee;
      }
      return undefined;
    }

    function closedGlobally(scope: FileScope, name: string, teardown: (b: Block) => boolean): boolean {
      return (scope.globals.get(name) ?? []).some((r) => closes(r) && scope.blocksRunning(r.owner).some(teardown));
    }

    function addTeardownFix(o: Opening, holder: Declaration, block: Block, hookType: 'afterAll' | 'afterEach'): FixDescriptor | undefined {
      if (holder.level !== 'module' && holder.level !== 'suite') return undefined;
      if (block.kind !== 'hook' || block.hookType !== (hookType === 'afterAll' ? 'beforeAll' : 'beforeEach')) return undefined;
      const container = block.parent;
      if (!container) return undefined;
      const hookName = hookCallable(context.model, hookType);
      if (!hookName) return undefined;
      const body = o.closeCall(holder.name);
      const needsAsync = body.startsWith('await ');
      const existing = container.hooks.find((h) => h.hookType === hookType);
      if (existing) {
        // Append to the existing teardown when its body is a block (and async if the close is awaited).
        const fn = existing.fn;
        if (!fn || !fn.body || !compiler.isBlock(fn.body) || fn.body.statements.length === 0) return undefined;
        if (needsAsync && !(compiler.getCombinedModifierFlags(fn as ts.Declaration) & compiler.ModifierFlags.Async)) return undefined;
        const lastStmt = fn.body.statements[fn.body.statements.length - 1];
        const at = lastStmt.getStart(sf);
        const ls = sf.getLineStarts()[sf.getLineAndCharacterOfPosition(at).line];
        const inner = sf.text.slice(ls, at);
        if (/\S/.test(inner)) return undefined;
        return {
          description: `Close \`${holder.name}\` in the existing \`${hookName}\``,
          safe: true,
          edits: [{ start: lastStmt.end, end: lastStmt.end, newText: `\n${inner}${body};` }],
        };
      }
      const stmt = compiler.isExpressionStatement(block.call.parent) ? block.call.parent : undefined;
      if (!stmt) return undefined;
      const start = stmt.getStart(sf);
      const indent = sf.text.slice(sf.getLineStarts()[sf.getLineAndCharacterOfPosition(start).line], start);
      if (/\S/.test(indent)) return undefined;
      return {
        description: `Add \`${hookName}\` that ${VERBS[o.kind][1] === 'cleared' ? 'clears' : 'closes'} \`${holder.name}\``,
        safe: true,
        edits: [{ start: stmt.end, end: stmt.end, newText: `\n\n${indent}${hookName}(${needsAsync ? 'async ' : ''}() => {\n${indent}  ${body};\n${indent}});` }],
      };
    }
  },
});

function insideAnonymousFunction(node: ts.Node, block: Block): boolean {
  const stop = block.kind === 'suite' ? block.fn : undefined;
  for (let n = node.parent; n && n !== stop; n = n.parent) if (compiler.isFunctionLike(n)) return true;
  return false;
}

function promiseExecutorOf(node: ts.Node): ts.Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (compiler.isFunctionLike(n) && compiler.isNewExpression(n.parent) && compiler.isIdentifier(n.parent.expression) && n.parent.expression.text === 'Promise') return n;
  }
  return undefined;
}

function hasSignalOption(call: ts.CallExpression | ts.NewExpression): boolean {
  return (call.arguments ?? []).some((a) => compiler.isObjectLiteralExpression(a) && a.properties.some((p) => p.name && compiler.isIdentifier(p.name) && p.name.text === 'signal'));
}

/** Inside `finally`, `onTestFinished(…)`, `t.after(…)` or `t.teardown(…)`: code that runs when the test ends. */
function inTeardownCallback(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    if (compiler.isTryStatement(n.parent) && n.parent.finallyBlock === n) return true;
    if (compiler.isCallExpression(n.parent) && n.parent.arguments.includes(n as ts.Expression)) {
      const callee = n.parent.expression;
      const name = compiler.isPropertyAccessExpression(callee) ? callee.name.text : compiler.isIdentifier(callee) ? callee.text : '';
      if (/^(?:onTestFinished|after|teardown|addCleanup|cleanup|onTestFailed)$/.test(name)) return true;
    }
  }
  return false;
}

/**
 * Negative tests start a server that must fail (a taken port, invalid options): the listen sits in a `try` with a `catch`,
 * or its callback reads the error it expects (`err.code`, `t.assert.ok(err)`).
 */
function expectedToFail(call: ts.CallExpression | ts.NewExpression): boolean {
  for (let n: ts.Node = call; n.parent && !compiler.isFunctionLike(n); n = n.parent) {
    if (compiler.isTryStatement(n.parent) && n.parent.tryBlock === n && n.parent.catchClause) return true;
  }
  const cb = call.arguments?.[call.arguments.length - 1];
  if (!cb || !(compiler.isArrowFunction(cb) || compiler.isFunctionExpression(cb))) return false;
  const errParam = cb.parameters[0]?.name;
  if (!errParam || !compiler.isIdentifier(errParam)) return false;
  const name = errParam.text;
  let expects = false;
  const visit = (n: ts.Node): void => {
    if (expects) return;
    if (compiler.isIdentifier(n) && n.text === name && n !== errParam) {
      const p = n.parent;
      if (compiler.isPropertyAccessExpression(p) && p.expression === n) expects = true;
      else if (compiler.isBinaryExpression(p) && p.operatorToken.kind === compiler.SyntaxKind.InstanceOfKeyword) expects = true;
      else if (compiler.isCallExpression(p) && p.arguments[0] === n) {
        const callee = p.expression.getText();
        if (/(?:^assert|\.ok|^ok|\.assert)$/.test(callee) || /\bexpect$/.test(callee) && /toBe(?:Truthy|Defined|InstanceOf)|toThrow/.test(p.parent.getText())) expects = true;
      }
    }
    compiler.forEachChild(n, visit);
  };
  visit(cb.body);
  return expects;
}

function closedVerb(closed: string): string {
  return closed === 'ended' ? 'ends' : closed === 'stopped' ? 'stops' : closed === 'cleared' ? 'clears' : closed === 'disconnected' ? 'disconnects' : 'closes';
}

/** Where a close must happen for a resource opened in `block`: the block itself or a teardown hook that runs after it. */
function teardownBlocks(model: FileModel, block: Block): (b: Block) => boolean {
  return (b: Block) => b === block || (b.kind === 'hook' && (b.hookType === 'afterAll' || b.hookType === 'afterEach')) || (block.kind !== 'test' && block.kind !== 'hook' && b !== model.root);
}

function describeBlock(block: Block): string {
  if (block.kind === 'test') return `'${block.fullName}'`;
  if (block.kind === 'hook') return `\`${block.hookType}\`${block.parent?.fullName ? ` of '${block.parent.fullName}'` : ''}`;
  if (block.kind === 'suite') return `the body of '${block.fullName}'`;
  return 'module scope';
}

function importedFrom(model: FileModel, local: string, modules: string[]): boolean {
  const b = model.imports.bindings.get(local);
  return !!b && modules.includes(b.module);
}

function startsFromContainer(expr: ts.Expression): boolean {
  let cur = expr;
  for (let guard = 0; guard < 20; guard++) {
    if (compiler.isNewExpression(cur)) return compiler.isIdentifier(cur.expression) && /(?:Container|Environment)$/.test(cur.expression.text);
    if (compiler.isCallExpression(cur) && compiler.isPropertyAccessExpression(cur.expression)) cur = cur.expression.expression;
    else if (compiler.isParenthesizedExpression(cur)) cur = cur.expression;
    else return false;
  }
  return false;
}

