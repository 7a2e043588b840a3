import { ts } from 'ts-morph';
import { compiler } from './compiler';
import { collectImports, calleeChain, type ImportTable } from './frameworks';
import { parseSource } from './parse';
import { FAMILIES, matchCall, packageFamily, sqlStatementCall, httpClientWithBase, callsLibraryClient, isClientBinding, type SignalFamily, type SignalTables } from './signals';
import { ModuleResolver, type ResolvedModule, type WorkspaceHost } from './resolve';

/** One link of an evidence chain: a helper that was called, or the signal at its end. */
export interface ChainLink {
  name: string;
  path: string;
  line: number;
}

/** A layer signal reached through helpers, with the chain that leads to it. */
export interface HelperHit {
  family: SignalFamily;
  /** What the signal itself does, e.g. "opens a database connection with `new Pool()`". */
  message: string;
  /** From the helper the test uses down to the signal (last link). */
  chain: ChainLink[];
  /** The test uses a value the helper module created when loaded (`export const db = new Pool()`), not a function it calls. */
  viaValue?: boolean;
}

/** A unit of helper code whose signals are known: a function, a class, an exported value or a `test.extend` fixture. */
interface Unit {
  name: string;
  line: number;
  hits: { family: SignalFamily; message: string; subject: string; line: number }[];
  /** Other top-level units of the same module it refers to. */
  locals: Set<string>;
  /** Import bindings it uses: local name → members read from it ('' for the binding itself). */
  uses: Map<string, Set<string>>;
  /** Import bindings it calls or constructs (only calls of packages count as signals). */
  called: Set<string>;
  /** For fixtures: the fixtures its function destructures. */
  fixtureDeps: string[];
  /** A value computed at module load rather than a function, class or fixture. */
  isValue?: boolean;
}

interface ModuleInfo {
  path: string;
  hash: number;
  tables: SignalTables;
  imports: ImportTable;
  units: Map<string, Unit>;
  /** Exported name → local unit or binding name. */
  exports: Map<string, string>;
  /** `export * from` specifiers. */
  starExports: string[];
  /** `test.extend({...})` results: local name → fixture name → unit; and the base it extends. */
  fixtures: Map<string, { base: string | undefined; units: Map<string, Unit> }>;
}

/**
 * Test-support code: folders and file names that hold harnesses, fixtures and helpers rather than the code under test.
 * Only these are followed: the code under test may well write files or open sockets deep inside, yet a unit test of it
 * is still a unit test; what makes a test integration is the harness it sets up.
 */
const SUPPORT_DIR = /\/_{0,2}(?:tests?|specs?|e2e|integration|integration[-_]?tests?|e2e[-_]?tests?|test[-_]?(?:utils?|helpers?|support|setup|harness|kit)|testing|helpers?|fixtures?|support|setup|harness|playwright|cypress|utils[-_]?test)_{0,2}\//i;
const SUPPORT_FILE = /(?:^|[-_.\/])(?:test|tests|spec|fixtures?|helpers?|harness|setup|support|seed|factory|factories|testkit|test[-_]?utils?)(?:[-_.]|$)|(?:Test|Helper|Fixture|Harness)s?\.[cm]?[jt]sx?$/i;

/** True for modules that look like test support (helpers, fixtures, harnesses) rather than product code. */
export function isTestSupportPath(path: string): boolean {
  return SUPPORT_DIR.test(path) || SUPPORT_FILE.test(path.slice(path.lastIndexOf('/') + 1));
}

/** True for a module specifier that goes through a test-support folder (`#src/helpers/users.js`, `../fixtures`). */
export function isTestSupportDir(specifier: string): boolean {
  return SUPPORT_DIR.test(`/${specifier}/`);
}

/** How far helpers are followed from the test. */
export const MAX_HELPER_DEPTH = 5;
const MAX_HITS_PER_UNIT = 12;

/** FNV-1a over the text: the content key of the module cache. */
export function contentHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) ^ text.length;
}

/**
 * Per-module summaries of what local helpers do when called, shared by every analysis in a process (CLI run or
 * language server). Modules are parsed once per content; the graph walk from a test to its helpers is cheap and
 * runs per analysis, so an edited helper is seen by its dependents on their next analysis.
 */
export class HelperIndex {
  readonly resolver: ModuleResolver;
  private readonly modules = new Map<string, ModuleInfo | null>();
  /** Files read during the current analysis (so one analysis reads each helper once). */
  private session: Map<string, ModuleInfo | null> | undefined;
  private memo = new Map<string, HelperHit[]>();

  constructor(readonly host: WorkspaceHost) {
    this.resolver = new ModuleResolver(host);
  }

  /** Drops everything cached about a file (the language server calls this when a file changes on disk). */
  invalidate(path?: string): void {
    if (path === undefined) {
      this.modules.clear();
      this.resolver.invalidate();
    } else {
      this.modules.delete(path);
      if (/(?:^|\/)(?:tsconfig[^/]*|jsconfig|package)\.json$|pnpm-workspace\.yaml$/.test(path)) this.resolver.invalidate();
    }
  }

  /** Starts one analysis: helper texts are re-read (and re-parsed only if changed) once per analysis. */
  begin(): void {
    this.session = new Map();
    this.memo = new Map();
  }

  end(): void {
    this.session = undefined;
    this.memo = new Map();
  }

  resolve(specifier: string, fromFile: string): ResolvedModule | undefined {
    return this.resolver.resolve(specifier, fromFile);
  }

  /** Signals produced by using `exported` of the module `specifier` imported from `fromFile` (`*` + member for namespaces). */
  hitsOfImport(specifier: string, exported: string, fromFile: string, tables: SignalTables): HelperHit[] {
    const target = this.resolve(specifier, fromFile);
    if (!target || target.kind !== 'file') return [];
    return this.exportHits(target.path, exported, tables, 0, new Set());
  }

  /** Signals of the fixtures a test destructures from a `test` exported by a local fixture module. */
  hitsOfFixtures(specifier: string, exported: string, fixtureNames: readonly string[], fromFile: string, tables: SignalTables): HelperHit[] {
    const target = this.resolve(specifier, fromFile);
    if (!target || target.kind !== 'file') return [];
    const out: HelperHit[] = [];
    for (const name of fixtureNames) out.push(...this.fixtureHits(target.path, exported, name, tables, 0, new Set()));
    return out;
  }

  /** True when the module's export is a `test.extend(...)` fixture set. */
  isFixtureTest(specifier: string, exported: string, fromFile: string, tables: SignalTables): boolean {
    const target = this.resolve(specifier, fromFile);
    if (!target || target.kind !== 'file') return false;
    const mod = this.module(target.path, tables);
    if (!mod) return false;
    const local = mod.exports.get(exported);
    return !!local && mod.fixtures.has(local);
  }

  private module(path: string, tables: SignalTables): ModuleInfo | undefined {
    const s = this.session;
    if (s?.has(path)) return s.get(path) ?? undefined;
    const text = this.host.readFile(path);
    let info: ModuleInfo | null = null;
    if (text !== undefined) {
      const hash = contentHash(text);
      const cached = this.modules.get(path);
      if (cached && cached.hash === hash && cached.tables === tables) info = cached;
      else {
        info = summarizeModule(path, text, hash, tables);
        this.modules.set(path, info);
      }
    }
    s?.set(path, info);
    return info ?? undefined;
  }

  private exportHits(path: string, exported: string, tables: SignalTables, depth: number, stack: Set<string>): HelperHit[] {
    if (!isTestSupportPath(path)) return [];
    const mod = this.module(path, tables);
    if (!mod || depth > MAX_HELPER_DEPTH) return [];
    const local = mod.exports.get(exported);
    if (local !== undefined) return this.localHits(mod, local, tables, depth, stack);
    for (const spec of mod.starExports) {
      const target = this.resolve(spec, path);
      if (target?.kind !== 'file') continue;
      const hits = this.exportHits(target.path, exported, tables, depth, stack);
      if (hits.length > 0) return hits;
    }
    return [];
  }

  /** Signals of a top-level name of `mod`: a unit of its own, or an import it passes on. */
  private localHits(mod: ModuleInfo, name: string, tables: SignalTables, depth: number, stack: Set<string>): HelperHit[] {
    const key = `${mod.path}#${name}`;
    const memo = this.memo.get(key);
    if (memo) return memo;
    if (stack.has(key) || depth > MAX_HELPER_DEPTH) return [];
    stack.add(key);
    let out: HelperHit[] = [];
    const unit = mod.units.get(name);
    if (unit) out = this.unitHits(mod, unit, tables, depth, stack);
    else {
      const b = mod.imports.bindings.get(name);
      if (b) {
        const target = this.resolve(b.module, mod.path);
        if (target?.kind === 'file' && b.imported !== '*') out = this.exportHits(target.path, b.imported === 'default' ? 'default' : b.imported, tables, depth + 1, stack);
      }
    }
    stack.delete(key);
    this.memo.set(key, out);
    return out;
  }

  private unitHits(mod: ModuleInfo, unit: Unit, tables: SignalTables, depth: number, stack: Set<string>): HelperHit[] {
    const head: ChainLink = { name: unit.name, path: mod.path, line: unit.line };
    const out: HelperHit[] = [];
    const seen = new Set<string>();
    const push = (h: HelperHit) => {
      const k = `${h.family.id}:${h.chain[h.chain.length - 1].name}`;
      if (seen.has(k) || out.length >= MAX_HITS_PER_UNIT) return;
      seen.add(k);
      out.push(h);
    };
    for (const h of unit.hits) push({ family: h.family, message: h.message, chain: [head, { name: h.subject, path: mod.path, line: h.line }], viaValue: unit.isValue });
    for (const b of unit.called) {
      const binding = mod.imports.bindings.get(b);
      const family = binding && packageFamily(tables, binding.module);
      if (family && family.layer !== 'unit') {
        push({ family, message: `uses \`${binding!.module}\` (${family.label})`, chain: [head, { name: binding!.module, path: mod.path, line: binding!.line }], viaValue: unit.isValue });
      }
    }
    for (const l of unit.locals) {
      for (const h of this.localHits(mod, l, tables, depth + 1, stack)) push({ ...h, chain: [head, ...h.chain], viaValue: unit.isValue || h.viaValue });
    }
    for (const [local, members] of unit.uses) {
      const b = mod.imports.bindings.get(local);
      if (!b || packageFamily(tables, b.module)) continue;
      const target = this.resolve(b.module, mod.path);
      if (target?.kind !== 'file') continue;
      const names = b.imported === '*' ? [...members].filter(Boolean) : [b.imported];
      for (const n of names) {
        for (const h of this.exportHits(target.path, n, tables, depth + 1, stack)) push({ ...h, chain: [head, ...h.chain] });
      }
    }
    for (const dep of unit.fixtureDeps) {
      const [owner] = unit.name.split('.');
      for (const h of this.fixtureHitsIn(mod, owner, dep, tables, depth + 1, stack)) push({ ...h, chain: [head, ...h.chain] });
    }
    return out;
  }

  private fixtureHits(path: string, exported: string, fixture: string, tables: SignalTables, depth: number, stack: Set<string>): HelperHit[] {
    if (!isTestSupportPath(path)) return [];
    const mod = this.module(path, tables);
    if (!mod || depth > MAX_HELPER_DEPTH) return [];
    const local = mod.exports.get(exported);
    if (local === undefined) {
      for (const spec of mod.starExports) {
        const target = this.resolve(spec, path);
        if (target?.kind !== 'file') continue;
        const hits = this.fixtureHits(target.path, exported, fixture, tables, depth, stack);
        if (hits.length > 0) return hits;
      }
      return [];
    }
    return this.fixtureHitsIn(mod, local, fixture, tables, depth, stack);
  }

  /** A fixture of the `test.extend` bound to `local`, or of the test it extends. */
  private fixtureHitsIn(mod: ModuleInfo, local: string, fixture: string, tables: SignalTables, depth: number, stack: Set<string>): HelperHit[] {
    const set = mod.fixtures.get(local);
    if (!set) {
      const b = mod.imports.bindings.get(local);
      if (!b || b.imported === '*') return [];
      const target = this.resolve(b.module, mod.path);
      return target?.kind === 'file' ? this.fixtureHits(target.path, b.imported, fixture, tables, depth + 1, stack) : [];
    }
    const unit = set.units.get(fixture);
    if (unit) {
      const key = `${mod.path}#${unit.name}`;
      if (stack.has(key)) return [];
      stack.add(key);
      const hits = this.unitHits(mod, unit, tables, depth, stack);
      stack.delete(key);
      return hits;
    }
    return set.base ? this.fixtureHitsIn(mod, set.base, fixture, tables, depth + 1, stack) : [];
  }
}

/** `extends Base` of a class: an expression node TypeScript files among type nodes. */
function isClassBase(node: ts.Node): boolean {
  const p = node.parent;
  return compiler.isExpressionWithTypeArguments(node) && !!p && compiler.isHeritageClause(p) && p.token === compiler.SyntaxKind.ExtendsKeyword && compiler.isClassLike(p.parent);
}

function newUnit(name: string, line: number): Unit {
  return { name, line, hits: [], locals: new Set(), uses: new Map(), called: new Set(), fixtureDeps: [] };
}

const TEST_API = new Set(['test', 'it', 'describe', 'expect', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll']);

/** Reads one helper module: its top-level units, what each does, what it exports. */
export function summarizeModule(path: string, text: string, hash: number, tables: SignalTables): ModuleInfo {
  const { sourceFile: sf } = parseSource(path, text);
  const imports = collectImports(sf);
  const units = new Map<string, Unit>();
  const exports = new Map<string, string>();
  const starExports: string[] = [];
  const fixtures = new Map<string, { base: string | undefined; units: Map<string, Unit> }>();
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const topNames = new Set<string>();
  const hasExport = (node: ts.Node) => !!compiler.canHaveModifiers(node) && !!compiler.getModifiers(node)?.some((m) => m.kind === compiler.SyntaxKind.ExportKeyword);
  const isDefault = (node: ts.Node) => !!compiler.canHaveModifiers(node) && !!compiler.getModifiers(node)?.some((m) => m.kind === compiler.SyntaxKind.DefaultKeyword);

  // Names first, so references between units are known while walking bodies.
  for (const stmt of sf.statements) {
    if ((compiler.isFunctionDeclaration(stmt) || compiler.isClassDeclaration(stmt)) && stmt.name) topNames.add(stmt.name.text);
    if (compiler.isVariableStatement(stmt)) for (const d of stmt.declarationList.declarations) if (compiler.isIdentifier(d.name)) topNames.add(d.name.text);
  }

  const importedFrom = (local: string, modules: string[]) => {
    const b = imports.bindings.get(local);
    return !!b && modules.includes(b.module);
  };

  const collect = (unit: Unit, body: ts.Node) => {
    const visit = (node: ts.Node): void => {
      // Types say nothing about behaviour, except the base class a helper class extends (its methods run too).
      if ((compiler.isTypeNode(node) && !isClassBase(node)) || compiler.isInterfaceDeclaration(node) || compiler.isTypeAliasDeclaration(node)) return;
      if (compiler.isCallExpression(node) || compiler.isNewExpression(node)) {
        const isNew = compiler.isNewExpression(node);
        const chain = calleeChain(node.expression);
        if (chain) {
          const headName = chain[0];
          // A named utility of a library called directly (`isWhereEmpty()`) is not a client; `electron.launch()` is.
          const binding = imports.bindings.get(headName);
          if (binding && callsLibraryClient(chain) && (chain.length > 1 || isClientBinding(binding.imported))) unit.called.add(headName);
          const pattern = matchCall(tables, chain, isNew);
          const childOk = !(pattern?.family === FAMILIES.childProcess && chain.length === 1 && !importedFrom(headName, ['child_process', 'node:child_process', 'execa']));
          if (pattern && childOk && pattern.family.layer !== 'unit' && unit.hits.length < MAX_HITS_PER_UNIT) {
            const textOf = (isNew ? 'new ' : '') + chain.join('.') + '()';
            if (!unit.hits.some((h) => h.subject === textOf)) {
              unit.hits.push({ family: pattern.family, message: pattern.template.replace('{call}', textOf), subject: textOf, line: lineOf(node) });
            }
          }
          const args = (node as ts.CallExpression).arguments;
          if (!isNew && httpClientWithBase(chain, args[0]) && !unit.hits.some((h) => h.subject === `http-client:${chain.join('.')}`)) {
            unit.hits.push({ family: FAMILIES.localHttp, message: `sends HTTP to a running server through a client with a base URL (\`${chain.join('.')}()\`)`, subject: `http-client:${chain.join('.')}`, line: lineOf(node) });
          }
          const sql = isNew ? undefined : sqlStatementCall(chain, args[0]);
          if (sql && !unit.hits.some((h) => h.subject === `sql:${chain.join('.')}`)) {
            unit.hits.push({ family: FAMILIES.databaseClient, message: `runs SQL on a database with \`${chain.join('.')}('${sql} …')\``, subject: `sql:${chain.join('.')}`, line: lineOf(node) });
          }
          const url = args?.[0];
          if (!isNew && url && compiler.isStringLiteralLike(url) && /^(?:https?|wss?):\/\/(?:localhost|127\.|0\.0\.0\.0|\[::1\])/i.test(url.text)) {
            unit.hits.push({ family: FAMILIES.localHttp, message: `calls a local server at \`${url.text}\``, subject: `url:${url.text}`, line: lineOf(node) });
          }
        }
      } else if (compiler.isIdentifier(node)) {
        const name = node.text;
        const p = node.parent;
        const isMemberName = p && compiler.isPropertyAccessExpression(p) && p.name === node;
        const isDeclName = p && (compiler.isVariableDeclaration(p) || compiler.isParameter(p) || compiler.isBindingElement(p) || compiler.isPropertyAssignment(p) || compiler.isFunctionDeclaration(p) || compiler.isMethodDeclaration(p)) && (p as { name?: ts.Node }).name === node;
        if (!isMemberName && !isDeclName) {
          if (imports.bindings.has(name) && !TEST_API.has(name)) {
            const members = unit.uses.get(name) ?? new Set<string>();
            members.add(p && compiler.isPropertyAccessExpression(p) && p.expression === node ? p.name.text : '');
            unit.uses.set(name, members);
          } else if (topNames.has(name) && name !== unit.name.split('.')[0]) unit.locals.add(name);
        }
      }
      compiler.forEachChild(node, visit);
    };
    visit(body);
  };

  const fixtureSet = (local: string, init: ts.Expression): boolean => {
    // `base.extend<T>({ name: async ({ dep }, use) => ..., other: [async (...) => ..., { scope }] })`
    let call = init;
    while (compiler.isAsExpression(call) || compiler.isSatisfiesExpression(call) || compiler.isParenthesizedExpression(call)) call = call.expression;
    if (!compiler.isCallExpression(call) || !compiler.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'extend') return false;
    const arg = call.arguments[0];
    if (!arg || !compiler.isObjectLiteralExpression(arg) || arg.properties.length === 0) return false;
    // Fixtures are functions (or `[fn, options]`); `ky.extend({ prefixUrl })` and friends are not fixture sets.
    const isFixture = (p: ts.ObjectLiteralElementLike) =>
      compiler.isMethodDeclaration(p) ||
      (compiler.isPropertyAssignment(p) && (compiler.isFunctionLike(p.initializer) || (compiler.isArrayLiteralExpression(p.initializer) && !!p.initializer.elements[0] && compiler.isFunctionLike(p.initializer.elements[0]))));
    if (!arg.properties.every(isFixture)) return false;
    const baseChain = calleeChain(call.expression.expression);
    const set = { base: baseChain?.[0], units: new Map<string, Unit>() };
    for (const prop of arg.properties) {
      const key = prop.name && (compiler.isIdentifier(prop.name) || compiler.isStringLiteral(prop.name)) ? prop.name.text : undefined;
      if (!key) continue;
      let fn: ts.Node | undefined = prop;
      if (compiler.isPropertyAssignment(prop)) {
        fn = prop.initializer;
        if (compiler.isArrayLiteralExpression(fn)) fn = fn.elements[0];
      }
      if (!fn) continue;
      const unit = newUnit(`${local}.${key}`, lineOf(prop));
      const params = compiler.isFunctionLike(fn) ? fn.parameters : compiler.isMethodDeclaration(prop) ? prop.parameters : undefined;
      const first = params?.[0];
      if (first && compiler.isObjectBindingPattern(first.name)) {
        for (const el of first.name.elements) {
          const dep = el.propertyName && compiler.isIdentifier(el.propertyName) ? el.propertyName.text : compiler.isIdentifier(el.name) ? el.name.text : undefined;
          if (dep) unit.fixtureDeps.push(dep);
        }
      }
      collect(unit, fn);
      set.units.set(key, unit);
    }
    fixtures.set(local, set);
    return true;
  };

  for (const stmt of sf.statements) {
    if (compiler.isFunctionDeclaration(stmt) || compiler.isClassDeclaration(stmt)) {
      const name = stmt.name?.text ?? 'default';
      const unit = newUnit(name, lineOf(stmt));
      collect(unit, stmt);
      units.set(name, unit);
      if (hasExport(stmt)) exports.set(isDefault(stmt) ? 'default' : name, name);
    } else if (compiler.isVariableStatement(stmt)) {
      const exported = hasExport(stmt);
      for (const d of stmt.declarationList.declarations) {
        if (compiler.isIdentifier(d.name)) {
          const name = d.name.text;
          if (d.initializer && fixtureSet(name, d.initializer)) {
            units.set(name, newUnit(name, lineOf(d)));
          } else {
            const unit = newUnit(name, lineOf(d));
            if (d.initializer) collect(unit, d.initializer);
            unit.isValue = !!d.initializer && !compiler.isFunctionLike(d.initializer) && !compiler.isClassExpression(d.initializer);
            units.set(name, unit);
          }
          if (exported) exports.set(name, name);
        } else if (compiler.isObjectBindingPattern(d.name) && exported) {
          for (const el of d.name.elements) if (compiler.isIdentifier(el.name)) exports.set(el.name.text, el.name.text);
        }
      }
    } else if (compiler.isExportAssignment(stmt)) {
      const e = stmt.expression;
      if (compiler.isIdentifier(e)) exports.set('default', e.text);
      else {
        const unit = newUnit('default', lineOf(stmt));
        collect(unit, e);
        units.set('default', unit);
        exports.set('default', 'default');
      }
    } else if (compiler.isExportDeclaration(stmt)) {
      const spec = stmt.moduleSpecifier && compiler.isStringLiteralLike(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
      if (!stmt.exportClause) {
        if (spec) starExports.push(spec);
      } else if (compiler.isNamedExports(stmt.exportClause)) {
        for (const el of stmt.exportClause.elements) {
          const from = (el.propertyName ?? el.name).text;
          if (spec) {
            // Re-export: a synthetic binding so the name resolves through the other module.
            const local = `${el.name.text}\0reexport`;
            imports.bindings.set(local, { local, imported: from, module: spec, line: lineOf(el), start: el.getStart(sf) });
            exports.set(el.name.text, local);
          } else exports.set(el.name.text, from);
        }
      } else if (compiler.isNamespaceExport(stmt.exportClause) && spec) {
        const local = `${stmt.exportClause.name.text}\0reexport`;
        imports.bindings.set(local, { local, imported: '*', module: spec, line: lineOf(stmt), start: stmt.getStart(sf) });
        exports.set(stmt.exportClause.name.text, local);
      }
    } else if (compiler.isExpressionStatement(stmt)) {
      commonJsExports(stmt.expression, units, exports, collect, lineOf);
    }
  }
  // A name imported and exported again (`import { a } from './x'; export { a }`) passes through `localHits`.
  return { path, hash, tables, imports, units, exports, starExports, fixtures };
}

/** `module.exports = {...}`, `module.exports = fn`, `exports.name = ...`, `module.exports.name = ...`. */
function commonJsExports(
  expr: ts.Expression,
  units: Map<string, Unit>,
  exports: Map<string, string>,
  collect: (unit: Unit, body: ts.Node) => void,
  lineOf: (node: ts.Node) => number,
): void {
  if (!compiler.isBinaryExpression(expr) || expr.operatorToken.kind !== compiler.SyntaxKind.EqualsToken) return;
  const target = calleeChain(expr.left);
  if (!target) return;
  const value = expr.right;
  const isModuleExports = target.length === 2 && target[0] === 'module' && target[1] === 'exports';
  const named = (target.length === 2 && target[0] === 'exports') || (target.length === 3 && target[0] === 'module' && target[1] === 'exports') ? target[target.length - 1] : undefined;
  if (named) {
    if (compiler.isIdentifier(value)) exports.set(named, value.text);
    else {
      const unit = newUnit(named, lineOf(expr));
      collect(unit, value);
      units.set(`exports.${named}`, unit);
      exports.set(named, `exports.${named}`);
    }
    return;
  }
  if (!isModuleExports) return;
  if (compiler.isObjectLiteralExpression(value)) {
    for (const prop of value.properties) {
      if (compiler.isShorthandPropertyAssignment(prop)) exports.set(prop.name.text, prop.name.text);
      else if (prop.name && (compiler.isIdentifier(prop.name) || compiler.isStringLiteral(prop.name))) {
        const key = prop.name.text;
        if (compiler.isPropertyAssignment(prop) && compiler.isIdentifier(prop.initializer)) exports.set(key, prop.initializer.text);
        else {
          const unit = newUnit(key, lineOf(prop));
          collect(unit, prop);
          units.set(`exports.${key}`, unit);
          exports.set(key, `exports.${key}`);
        }
      }
    }
    exports.set('default', 'module.exports');
    const whole = newUnit('module.exports', lineOf(expr));
    collect(whole, value);
    units.set('module.exports', whole);
  } else if (compiler.isIdentifier(value)) {
    exports.set('default', value.text);
  } else {
    const unit = newUnit('module.exports', lineOf(expr));
    collect(unit, value);
    units.set('module.exports', unit);
    exports.set('default', 'module.exports');
  }
}
