import { ts } from 'ts-morph';
import { compiler } from './compiler';
import type { Config } from './config';
import type { Layer } from './types';

/** A family of evidence: what it is called, which layer it points at, and how to say it. */
export interface SignalFamily {
  id: string;
  layer: Layer;
  /** Short noun phrase used in messages and lenses, e.g. "database client". */
  label: string;
}

export const FAMILIES = {
  browserDriver: { id: 'browser-driver', layer: 'e2e', label: 'browser driver' },
  browserNavigation: { id: 'browser-navigation', layer: 'e2e', label: 'browser navigation' },
  deployedHttp: { id: 'deployed-http', layer: 'e2e', label: 'HTTP to a running deployment' },
  databaseClient: { id: 'database-client', layer: 'integration', label: 'database client' },
  messageBroker: { id: 'message-broker', layer: 'integration', label: 'message broker client' },
  container: { id: 'container', layer: 'integration', label: 'test container' },
  inMemoryEngine: { id: 'in-memory-engine', layer: 'integration', label: 'in-memory database engine' },
  httpApp: { id: 'http-app', layer: 'integration', label: 'HTTP through the app' },
  server: { id: 'server-listen', layer: 'integration', label: 'server that listens' },
  childProcess: { id: 'child-process', layer: 'integration', label: 'child process' },
  fileSystem: { id: 'file-system', layer: 'integration', label: 'real file system writes' },
  contract: { id: 'contract', layer: 'integration', label: 'contract test' },
  localHttp: { id: 'local-http', layer: 'integration', label: 'HTTP to a local server' },
  httpResponse: { id: 'http-response', layer: 'integration', label: 'HTTP response status checked' },
  harness: { id: 'test-harness', layer: 'integration', label: 'test harness' },
  e2eHarness: { id: 'e2e-harness', layer: 'e2e', label: 'end-to-end harness' },
  mocks: { id: 'mocked-imports', layer: 'unit', label: 'mocks' },
  fakeTimers: { id: 'fake-timers', layer: 'unit', label: 'fake timers' },
  custom: { id: 'custom', layer: 'unit', label: 'configured signal' },
} satisfies Record<string, SignalFamily>;

export type FamilyKey = keyof typeof FAMILIES;

/** Default packages per family. A name ending in `/` matches every subpath and scoped package under it. */
const PACKAGES: [FamilyKey, string[]][] = [
  ['browserDriver', [
    '@playwright/test', 'playwright', 'playwright-core', 'cypress', 'webdriverio', '@wdio/globals', 'selenium-webdriver',
    'puppeteer', 'puppeteer-core', 'testcafe', 'detox', 'nightwatch', 'appium', 'wd', 'protractor', '@badeball/cypress-cucumber-preprocessor',
  ]],
  ['databaseClient', [
    'pg', 'pg-promise', 'postgres', '@neondatabase/serverless', 'mysql', 'mysql2', 'mysql2/promise', 'mariadb', 'mongodb', 'mongoose',
    '@prisma/client', 'typeorm', 'knex', 'sequelize', 'sequelize-typescript', '@sequelize/core', 'redis', 'ioredis', 'better-sqlite3',
    'sqlite3', 'sqlite', 'tedious', 'mssql', 'oracledb', 'cassandra-driver', 'neo4j-driver', '@elastic/elasticsearch',
    '@opensearch-project/opensearch', '@mikro-orm/', 'objection', 'slonik', 'drizzle-orm/node-postgres', 'kysely', 'couchbase', 'nano',
    '@google-cloud/firestore', '@google-cloud/spanner', 'dynamoose', 'node:sqlite',
  ]],
  ['messageBroker', ['kafkajs', 'amqplib', 'amqp-connection-manager', 'bullmq', 'bull', 'nats', 'mqtt', '@nestjs/microservices', 'rhea', 'zeromq']],
  ['container', ['testcontainers', '@testcontainers/', 'dockerode', 'docker-compose']],
  ['inMemoryEngine', ['mongodb-memory-server', 'mongodb-memory-server-core', 'redis-memory-server', 'pg-mem', '@electric-sql/pglite']],
  ['httpApp', ['supertest', 'supertest-session', 'light-my-request', 'chai-http', 'superagent-defaults', 'pactum']],
  ['childProcess', ['child_process', 'node:child_process', 'execa', 'cross-spawn', 'node-pty', 'zx']],
  ['contract', ['@pact-foundation/pact', '@pact-foundation/pact-core']],
  ['mocks', ['node-mocks-http', '@jest-mock/express', 'sinon-express-mock', 'sinon', 'testdouble', 'jest-mock-extended', 'vitest-mock-extended', 'nock', 'msw', 'msw/node', 'fetch-mock', 'axios-mock-adapter', 'mock-fs', 'memfs', 'proxyquire', 'ts-mockito', '@golevelup/ts-jest']],
];

/**
 * Call patterns: dotted callee paths where `*` matches any one segment. Identifiers that are fixtures or
 * globals (page, cy, browser) are matched by name since they are never imported.
 */
const CALLS: [FamilyKey, string[], string][] = [
  ['browserNavigation', ['page.goto', 'page.click', 'page.fill', 'page.locator', 'page.getByRole', 'page.getByText', 'page.getByTestId', 'page.waitForSelector', 'page.evaluate', 'page.$', 'page.type', 'page.setContent'], 'drives a browser page with `{call}`'],
  ['browserNavigation', ['cy.visit', 'cy.get', 'cy.contains', 'cy.request', 'cy.session', 'cy.login', 'cy.intercept'], 'drives the app through Cypress with `{call}`'],
  ['browserNavigation', ['browser.url', 'browser.newPage', 'browser.newContext', 'browser.navigateTo', 'driver.get', 'driver.findElement', 'context.newPage', '$', '$$'], 'drives a browser with `{call}`'],
  ['browserDriver', ['chromium.launch', 'firefox.launch', 'webkit.launch', 'puppeteer.launch', 'remote', 'Builder'], 'launches a browser with `{call}`'],
  ['server', ['*.listen', 'http.createServer', 'https.createServer', 'createServer'], 'starts a server with `{call}`'],
  ['httpApp', ['*.inject', 'createNestApplication', '*.createNestApplication', 'request.agent', 'supertest'], 'sends HTTP through the app with `{call}`'],
  ['databaseClient', ['*.$connect', 'createConnection', 'createPool', '*.createConnection', '*.createPool', 'mongoose.connect', 'MongoClient.connect', '*.sync', '*.migrate.latest', '*.initialize', 'new Pool', 'new Client', 'new PrismaClient', 'new Sequelize', 'new MongoClient', 'new Redis', 'new DataSource', 'knex'], 'opens a database connection with `{call}`'],
  ['container', ['new GenericContainer', 'new PostgreSqlContainer', 'new DockerComposeEnvironment', '*.withExposedPorts', 'new MySqlContainer', 'new RedisContainer'], 'starts a container with `{call}`'],
  ['inMemoryEngine', ['MongoMemoryServer.create', 'new MongoMemoryServer', 'newDb', 'RedisMemoryServer.create'], 'starts an in-memory database with `{call}`'],
  ['childProcess', ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork', 'execa', 'execaNode', 'execaCommand'], 'runs a child process with `{call}`'],
  ['fileSystem', ['fs.writeFile', 'fs.writeFileSync', 'fs.mkdtemp', 'fs.mkdtempSync', 'fs.mkdir', 'fs.mkdirSync', 'fs.rm', 'fs.rmSync', 'fs.promises.writeFile', 'fsp.writeFile', 'writeFile', 'writeFileSync', 'mkdtemp', 'mkdtempSync', 'fs.copyFile', 'fse.outputFile', 'fs.outputFile', 'fs.appendFileSync'], 'writes to the real file system with `{call}`'],
  ['mocks', ['jest.spyOn', 'vi.spyOn', 'sinon.stub', 'sinon.spy', 'sinon.mock', 'td.replace', 'nock', 'setupServer', 'jest.fn', 'vi.fn', 'mock.method', 'mock.fn', 'sinon.createSandbox'], 'replaces dependencies with `{call}`'],
  ['fakeTimers', ['jest.useFakeTimers', 'vi.useFakeTimers', 'sinon.useFakeTimers', 'vi.setSystemTime', 'jest.setSystemTime', 'mock.timers.enable', 'cy.clock', 'page.clock.install'], 'uses fake timers (`{call}`)'],
];

export interface CallPattern {
  segments: string[];
  /** `new X` patterns only match `new` expressions. */
  isNew: boolean;
  family: SignalFamily;
  template: string;
}

export interface SignalTables {
  /** Exact package names and prefixes (ending `/`). */
  packages: Map<string, SignalFamily>;
  packagePrefixes: [string, SignalFamily][];
  /** Patterns indexed by their last segment for a single Map lookup per call. */
  callsByLast: Map<string, CallPattern[]>;
}

function addPattern(index: Map<string, CallPattern[]>, pattern: string, family: SignalFamily, template: string) {
  const isNew = pattern.startsWith('new ');
  const segments = (isNew ? pattern.slice(4) : pattern).split('.');
  const last = segments[segments.length - 1];
  const list = index.get(last) ?? [];
  list.push({ segments, isNew, family, template });
  index.set(last, list);
}

const tableCache = new WeakMap<Config['signals'], SignalTables>();

/** Builds (once per config) the lookup tables from the defaults plus the user's extensions. */
export function signalTables(userSignals: Config['signals']): SignalTables {
  const cached = tableCache.get(userSignals);
  if (cached) return cached;
  const packages = new Map<string, SignalFamily>();
  const packagePrefixes: [string, SignalFamily][] = [];
  const addPackage = (name: string, family: SignalFamily) => {
    if (name.endsWith('/')) packagePrefixes.push([name, family]);
    else packages.set(name, family);
  };
  for (const [key, names] of PACKAGES) for (const n of names) addPackage(n, FAMILIES[key]);
  const callsByLast = new Map<string, CallPattern[]>();
  for (const [key, patterns, template] of CALLS) for (const p of patterns) addPattern(callsByLast, p, FAMILIES[key], template);
  for (const layer of ['unit', 'integration', 'e2e'] as Layer[]) {
    const family: SignalFamily = { id: 'custom', layer, label: `configured ${layer} signal` };
    for (const name of userSignals[layer].packages) addPackage(name, family);
    for (const call of userSignals[layer].calls) addPattern(callsByLast, call, family, `calls \`{call}\` (configured ${layer} signal)`);
  }
  const tables = { packages, packagePrefixes, callsByLast };
  tableCache.set(userSignals, tables);
  return tables;
}

/** The family a module specifier belongs to, if any. Subpaths (`pg/lib/x`) count as the package. */
export function packageFamily(tables: SignalTables, specifier: string): SignalFamily | undefined {
  const direct = tables.packages.get(specifier);
  if (direct) return direct;
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  const pkg = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const byPkg = tables.packages.get(pkg);
  if (byPkg) return byPkg;
  for (const [prefix, family] of tables.packagePrefixes) if (specifier.startsWith(prefix)) return family;
  return undefined;
}

/** Matches a callee chain (e.g. ['app','listen']) against the patterns for its last segment. */
export function matchCall(tables: SignalTables, chain: string[], isNew: boolean): CallPattern | undefined {
  // Mocha's shared context (`this.db.sync()`) holds what hooks set up: match as if `this.` were not there.
  if (chain[0] === 'this' && chain.length > 2) chain = chain.slice(1);
  const candidates = tables.callsByLast.get(chain[chain.length - 1]);
  if (!candidates) return undefined;
  for (const p of candidates) {
    // `new X()` matches both `new X` and `X` patterns; a plain call never matches a `new` pattern.
    if (p.isNew && !isNew) continue;
    if (p.segments.length !== chain.length) continue;
    let ok = true;
    for (let i = 0; i < p.segments.length - 1; i++) {
      if (p.segments[i] !== '*' && p.segments[i] !== chain[i]) {
        ok = false;
        break;
      }
    }
    if (ok) return p;
  }
  return undefined;
}

/** Methods that send SQL to a database when given a statement (`db.query('SELECT …')`, `prisma.$executeRaw`). */
const SQL_METHODS = new Set(['query', 'execute', 'exec', 'unsafe', 'queryRaw', 'executeRaw', '$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', 'run', 'all', 'prepare']);
const SQL_STATEMENT = /^\s*(?:SELECT\s|INSERT\s+INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(?:TEMP(?:ORARY)?\s+)?(?:TABLE|INDEX|SCHEMA|DATABASE|EXTENSION|VIEW|TYPE)\s|DROP\s+(?:TABLE|SCHEMA|DATABASE|INDEX|VIEW|TYPE)\s|ALTER\s+TABLE\s|TRUNCATE\s|PRAGMA\s|SHOW\s)/i;

/**
 * A method call that runs a SQL statement against a live database: `x.query('SELECT 1')`, ``sql.unsafe(`DROP …`)``,
 * ``prisma.$queryRaw`SELECT …` ``. Returns the statement's first words, or undefined.
 */
/** Whether a call ending in `last` can run SQL (`db.query`, `knex.raw`…), before its argument is read. */
export function isSqlMethod(last: string): boolean {
  return SQL_METHODS.has(last);
}

export function sqlStatementCall(chain: readonly string[], firstArg: ts.Node | undefined): string | undefined {
  if (chain.length < 2 || !SQL_METHODS.has(chain[chain.length - 1]) || !firstArg) return undefined;
  let text: string | undefined;
  if (compiler.isStringLiteralLike(firstArg)) text = firstArg.text;
  else if (compiler.isTemplateExpression(firstArg)) text = firstArg.head.text;
  if (text === undefined || !SQL_STATEMENT.test(text)) return undefined;
  return text.trim().split(/\s+/).slice(0, 2).join(' ');
}

const HTTP_CLIENT_FACTORIES = new Set(['create', 'extend']);
const BASE_URL_KEYS = new Set(['prefixUrl', 'baseURL', 'baseUrl', 'prefixURL']);

/** Whether a call ending in `last` can make an HTTP client (`axios.create`, `ky.extend`), before its argument is read. */
export function isHttpClientFactory(last: string): boolean {
  return HTTP_CLIENT_FACTORIES.has(last);
}

/** An HTTP client bound to a server's address (`ky.extend({ prefixUrl })`, `axios.create({ baseURL })`): API tests of a running server. */
export function httpClientWithBase(chain: readonly string[], firstArg: ts.Node | undefined): boolean {
  if (chain.length < 2 || !HTTP_CLIENT_FACTORIES.has(chain[chain.length - 1]) || !firstArg || !compiler.isObjectLiteralExpression(firstArg)) return false;
  return firstArg.properties.some((p) => !!p.name && compiler.isIdentifier(p.name) && BASE_URL_KEYS.has(p.name.text));
}

/** Members of a database/broker library that open or configure a live client (`mongoose.connect`, `mysql.createPool`). */
const CONNECTING_MEMBERS = new Set([
  'connect', 'createConnection', 'createPool', 'createClient', 'createCluster', 'Pool', 'Client', 'Database', 'DatabaseSync',
  'open', 'initialize', 'authenticate', 'sync', 'launch', 'launchPersistentContext', 'connectOverCDP', 'remote', 'newPage', 'build', 'Kafka', 'Redis', 'Cluster', 'MongoClient', 'Sequelize', 'PrismaClient', 'DataSource',
]);

/** True when a call of `chain` (whose head is an import of a library) uses the library as a client, not for its types or helpers. */
export function callsLibraryClient(chain: readonly string[]): boolean {
  return chain.length === 1 || CONNECTING_MEMBERS.has(chain[chain.length - 1]);
}

/** A member of a library that opens or configures a live client (`connect`, `createPool`, `launch`). */
export function isConnectingMember(name: string): boolean {
  return CONNECTING_MEMBERS.has(name);
}

/**
 * True when an import binding of a database library can be its client: the module itself (default or namespace),
 * or a named export that opens or builds one (`Pool`, `createPool`, `knex`). A named utility (`isWhereEmpty` from an
 * ORM's internals) called directly is the library's code under test, not a connection.
 */
export function isClientBinding(imported: string): boolean {
  return imported === 'default' || imported === '*' || CONNECTING_MEMBERS.has(imported) || /^(?:create|connect|open|new)[A-Z]|^(?:knex|postgres|mysql|sql|db|drizzle|pool|client|mongoose)$/i.test(imported);
}

const IN_MEMORY_HTTP = new Set(['Request', 'Response', 'NextRequest', 'NextResponse', 'IncomingMessage', 'ServerResponse']);
const HTTP_MOCK_FACTORIES = new Set(['createRequest', 'createResponse', 'createMocks', 'mockRequest', 'mockResponse', 'getMockReq', 'getMockRes']);

/** Assertion methods that compare a value with an expected one. */
const EQUALITY_ASSERTIONS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'equal', 'equals', 'eql', 'strictEqual', 'deepEqual', 'toHaveStatus']);
/** Names of values that hold an HTTP response (`res`, `response`, `loginResponse`). */
const RESPONSE_NAME = /^(?:res|resp|response|[a-z]\w*Response|[a-z]\w*Res)$/;

/**
 * A call that is layer evidence beyond the call tables, read from its shape, its arguments or its parent: a status
 * check on an HTTP response (`expect(response.status).toBe(201)`), an awaited query through a shared client
 * (`await db.insert(…)`), a stub of such a client (`sinon.stub(db, 'query')`), a request built in memory
 * (`new Request(…)`) or an awaited bare call (`await createUser()`, which the classifier keeps only for unreadable
 * support helpers). Returns the hit's family, message and deduplication subject, or undefined. Called once per call
 * node by the analyzer's walk; each branch is a set lookup before any work.
 */
export function callSignal(node: ts.CallExpression | ts.NewExpression, chain: readonly string[], isNew: boolean): { family: SignalFamily; message: string; subject: string } | undefined {
  const last = chain[chain.length - 1];
  // A request or response built in memory is handed straight to a handler: the status the test reads is not a server's.
  if ((isNew && IN_MEMORY_HTTP.has(last)) || (!isNew && HTTP_MOCK_FACTORIES.has(last))) {
    return { family: FAMILIES.mocks, message: `builds an HTTP request or response in memory (\`${isNew ? 'new ' : ''}${chain.join('.')}()\`)`, subject: 'in-memory-http' };
  }
  if (chain.length === 1) return awaitedCall(node, chain, isNew);
  if (isNew) return undefined;
  if (EQUALITY_ASSERTIONS.has(last)) return statusCheck(node as ts.CallExpression, chain);
  if (STUBBING.has(last)) return stubTarget(node as ts.CallExpression, chain);
  return clientQuery(node as ts.CallExpression, chain);
}

/**
 * `await createUser()`: an awaited call of a bare name. The classifier keeps it only for a function imported from a
 * test-support module it cannot read (the file alone), in a file that replaces nothing.
 */
export function awaitedCall(node: ts.CallExpression | ts.NewExpression, chain: readonly string[], isNew: boolean): { family: SignalFamily; message: string; subject: string } | undefined {
  if (isNew || chain.length !== 1) return undefined;
  let p: ts.Node = node.parent;
  while (compiler.isParenthesizedExpression(p)) p = p.parent;
  if (!compiler.isAwaitExpression(p)) return undefined;
  return { family: FAMILIES.harness, message: `awaits \`${chain[0]}()\` from a test-support module`, subject: `awaited:${chain[0]}` };
}

/**
 * Names a shared database client or ORM handle goes by (`db`, `knex`, `sequelize`, `this.queryInterface`). An awaited
 * call through one runs a query, unless the file stubs that very object.
 */
const CLIENT_NAMES = new Set([
  'db', 'database', 'knex', 'sequelize', 'queryInterface', 'prisma', 'pool', 'connection', 'conn', 'dataSource', 'mongoose',
  'redis', 'em', 'entityManager', 'orm', 'kysely', 'drizzle', 'pg', 'mysql', 'sqlite',
]);
const STUBBING = new Set(['stub', 'spy', 'spyOn', 'replace', 'mock']);

/**
 * `await db.select()`, `await this.queryInterface.createTable()`, `await app.db.migrate()`: the subject names the client
 * and the chain's root (`client-query:db@app`), so the classifier can tell whether the file stubs or mocks either.
 */
function clientQuery(call: ts.CallExpression, chain: readonly string[]): { family: SignalFamily; message: string; subject: string } | undefined {
  const first = chain[0] === 'this' ? 1 : 0;
  let client: string | undefined;
  for (let i = first; i < chain.length - 1; i++) {
    if (CLIENT_NAMES.has(chain[i])) {
      client = chain[i];
      break;
    }
  }
  if (!client) return undefined;
  let p: ts.Node = call.parent;
  while (compiler.isParenthesizedExpression(p)) p = p.parent;
  if (!compiler.isAwaitExpression(p)) return undefined;
  return { family: FAMILIES.databaseClient, message: `runs a query through the shared client \`${client}\` (\`await ${chain.join('.')}()\`)`, subject: `client-query:${client}@${chain[first]}` };
}

/** `sinon.stub(db, 'query')`, `vi.spyOn(this.sequelize, …)`: the object whose methods are replaced. */
function stubTarget(call: ts.CallExpression, chain: readonly string[]): { family: SignalFamily; message: string; subject: string } | undefined {
  let target: ts.Expression | undefined = call.arguments[0];
  if (!target) return undefined;
  const names: string[] = [];
  while (target && (compiler.isPropertyAccessExpression(target) || compiler.isElementAccessExpression(target))) {
    if (compiler.isPropertyAccessExpression(target)) names.push(target.name.text);
    target = target.expression;
  }
  if (target && compiler.isIdentifier(target)) names.push(target.text);
  const clients = names.filter((n) => CLIENT_NAMES.has(n));
  if (clients.length === 0) return undefined;
  return { family: FAMILIES.mocks, message: `replaces methods of \`${clients[clients.length - 1]}\` with \`${chain.join('.')}()\``, subject: `stub:${clients.join(',')}` };
}

function statusCheck(call: ts.CallExpression, chain: readonly string[]): { family: SignalFamily; message: string; subject: string } | undefined {
  let actual: ts.Expression | undefined;
  let expected: ts.Expression | undefined;
  if (chain[0] === 'expect') {
    // expect(x).toBe(n), expect(x).to.equal(n): the inner `expect(...)` call holds the actual value.
    let inner: ts.Expression = call.expression;
    while (compiler.isPropertyAccessExpression(inner)) inner = inner.expression;
    if (!compiler.isCallExpression(inner)) return undefined;
    actual = inner.arguments[0];
    expected = call.arguments[0];
  } else if (chain[0] === 'assert' || chain[0] === 't') {
    actual = call.arguments[0];
    expected = call.arguments[1];
  } else return undefined;
  if (!actual || !expected || !compiler.isNumericLiteral(expected)) return undefined;
  const code = Number(expected.text);
  if (!(code >= 100 && code <= 599)) return undefined;
  while (compiler.isParenthesizedExpression(actual) || compiler.isAsExpression(actual) || compiler.isNonNullExpression(actual)) actual = actual.expression;
  if (!compiler.isPropertyAccessExpression(actual) || (actual.name.text !== 'status' && actual.name.text !== 'statusCode')) return undefined;
  // The response itself (`response.status`) or the one an HTTP error carries (`error.response.status`).
  let holder: ts.Expression = actual.expression;
  while (compiler.isParenthesizedExpression(holder) || compiler.isAsExpression(holder) || compiler.isNonNullExpression(holder)) holder = holder.expression;
  if (compiler.isPropertyAccessExpression(holder) && holder.name.text === 'response') {
    holder = holder.expression;
    while (compiler.isParenthesizedExpression(holder) || compiler.isAsExpression(holder)) holder = holder.expression;
    if (!compiler.isIdentifier(holder) || !/^(?:e|err|error|[a-z]\w*Error)$/.test(holder.text)) return undefined;
  } else if (!compiler.isIdentifier(holder) || !RESPONSE_NAME.test(holder.text)) return undefined;
  return { family: FAMILIES.httpResponse, message: `checks the status of an HTTP response (\`${actual.getText(call.getSourceFile())}\` is ${code})`, subject: 'http-status' };
}

/** Names that announce an end-to-end harness: `newE2EPage`, `createE2ePage`, `openBrowserPage`, `launchApp`. */
const E2E_HARNESS_NAME = /(?:^|[a-z])E2[Ee](?:[A-Z]|$)|^e2e[A-Z]|^(?:new|create|open|launch|get)(?:Test)?(?:Browser)?Page$|^(?:launch|close)(?:Test)?(?:Electron|Browser|Desktop)?(?:App|Application|Browser|Electron|Window)$|^(?:start|open)(?:Test)?(?:Electron|Browser)(?:App|Application)?$/;

export function isE2eHarnessName(name: string): boolean {
  return E2E_HARNESS_NAME.test(name);
}
