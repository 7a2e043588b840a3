import { ts } from 'ts-morph';
import { compiler } from './compiler';
import type { ImportBinding } from './frameworks';
import { ensureParents, memoized, type Block, type FileModel } from './model';

/** How a name was declared. */
export type DeclarationKind = 'var' | 'let' | 'const' | 'using' | 'function' | 'class' | 'parameter' | 'import' | 'catch' | 'enum';

/** Where a declaration lives, seen from the test structure. `local` is inside a function that is not a test, hook or suite body. */
export type ScopeLevel = 'module' | 'suite' | 'test' | 'hook' | 'local';

/** How a reference changes its binding; `property` and `mutate` change the object the binding holds. */
export type WriteKind = 'assign' | 'compound' | 'update' | 'property' | 'mutate';

export interface Declaration {
  name: string;
  kind: DeclarationKind;
  /** The declared identifier. */
  id: ts.Identifier;
  /** The block whose body holds the declaration (the root block for module scope). */
  block: Block;
  level: ScopeLevel;
  /** `= …` of a variable declaration (absent for destructured names). */
  initializer?: ts.Expression;
  /** The function a function declaration or a `const f = () => …` stands for. */
  fn?: ts.FunctionLikeDeclaration;
  import?: ImportBinding;
  references: Reference[];
}

/** Who runs a piece of code: a test/hook/suite/root block, or a named local function (credited to the blocks that call it). */
export type Owner = Block | Declaration;

export interface Reference {
  id: ts.Identifier;
  name: string;
  /** Undefined for globals and names the file does not declare (`process`, `globalThis`, `console`). */
  decl: Declaration | undefined;
  read: boolean;
  write?: WriteKind;
  /** The whole access: `x = 1`, `x.a.b = 1`, `x.push(1)`; the identifier for plain reads. */
  node: ts.Node;
  /** Property names after the identifier for property writes and mutating calls (`process.env.X = …` → ['env', 'X']). */
  path: string[];
  owner: Owner;
}

export interface BlockAccess {
  reads: Reference[];
  writes: Reference[];
}

/** Per-file scope facts shared by the rules; built once, on first use. */
export interface FileScope {
  declarations: Declaration[];
  /** References to names the file never declares, by name (`process`, `globalThis`, `jest`, `sinon` …). */
  globals: Map<string, Reference[]>;
  referenceOf(id: ts.Node): Reference | undefined;
  /** The innermost block or named local function that runs this node. */
  ownerOf(node: ts.Node): Owner;
  /** Local functions an owner may call, transitively, including itself. */
  reachable(owner: Owner): ReadonlySet<Owner>;
  /** Blocks that run an owner: a block itself, or every block that reaches a local function. */
  blocksRunning(owner: Owner): readonly Block[];
  /** Reads and writes of a declaration per block, following local helper functions. */
  accessesByBlock(decl: Declaration): Map<Block, BlockAccess>;
}

/** Method names that change the collection they are called on. */
export const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'delete', 'clear', 'add']);

// The bundled compiler's namespace members are getters: read them once, not per node.
// SyntaxKind is a dictionary-mode enum object: copy the kinds used per node into plain constants.
const KindArrowFunction: ts.SyntaxKind = compiler.SyntaxKind.ArrowFunction;
const KindBindingElement: ts.SyntaxKind = compiler.SyntaxKind.BindingElement;
const KindBlock: ts.SyntaxKind = compiler.SyntaxKind.Block;
const KindBreakStatement: ts.SyntaxKind = compiler.SyntaxKind.BreakStatement;
const KindCallExpression: ts.SyntaxKind = compiler.SyntaxKind.CallExpression;
const KindCaseBlock: ts.SyntaxKind = compiler.SyntaxKind.CaseBlock;
const KindCatchClause: ts.SyntaxKind = compiler.SyntaxKind.CatchClause;
const KindClassDeclaration: ts.SyntaxKind = compiler.SyntaxKind.ClassDeclaration;
const KindClassExpression: ts.SyntaxKind = compiler.SyntaxKind.ClassExpression;
const KindConstructor: ts.SyntaxKind = compiler.SyntaxKind.Constructor;
const KindContinueStatement: ts.SyntaxKind = compiler.SyntaxKind.ContinueStatement;
const KindEnumDeclaration: ts.SyntaxKind = compiler.SyntaxKind.EnumDeclaration;
const KindEnumMember: ts.SyntaxKind = compiler.SyntaxKind.EnumMember;
const KindEqualsToken: ts.SyntaxKind = compiler.SyntaxKind.EqualsToken;
const KindExportSpecifier: ts.SyntaxKind = compiler.SyntaxKind.ExportSpecifier;
const KindFirstCompoundAssignment: ts.SyntaxKind = compiler.SyntaxKind.FirstCompoundAssignment;
const KindForInStatement: ts.SyntaxKind = compiler.SyntaxKind.ForInStatement;
const KindForOfStatement: ts.SyntaxKind = compiler.SyntaxKind.ForOfStatement;
const KindForStatement: ts.SyntaxKind = compiler.SyntaxKind.ForStatement;
const KindFunctionDeclaration: ts.SyntaxKind = compiler.SyntaxKind.FunctionDeclaration;
const KindFunctionExpression: ts.SyntaxKind = compiler.SyntaxKind.FunctionExpression;
const KindGetAccessor: ts.SyntaxKind = compiler.SyntaxKind.GetAccessor;
const KindIdentifier: ts.SyntaxKind = compiler.SyntaxKind.Identifier;
const KindImportClause: ts.SyntaxKind = compiler.SyntaxKind.ImportClause;
const KindImportDeclaration: ts.SyntaxKind = compiler.SyntaxKind.ImportDeclaration;
const KindImportEqualsDeclaration: ts.SyntaxKind = compiler.SyntaxKind.ImportEqualsDeclaration;
const KindImportSpecifier: ts.SyntaxKind = compiler.SyntaxKind.ImportSpecifier;
const KindInterfaceDeclaration: ts.SyntaxKind = compiler.SyntaxKind.InterfaceDeclaration;
const KindJsxAttribute: ts.SyntaxKind = compiler.SyntaxKind.JsxAttribute;
const KindLabeledStatement: ts.SyntaxKind = compiler.SyntaxKind.LabeledStatement;
const KindLastCompoundAssignment: ts.SyntaxKind = compiler.SyntaxKind.LastCompoundAssignment;
const KindMetaProperty: ts.SyntaxKind = compiler.SyntaxKind.MetaProperty;
const KindMethodDeclaration: ts.SyntaxKind = compiler.SyntaxKind.MethodDeclaration;
const KindMethodSignature: ts.SyntaxKind = compiler.SyntaxKind.MethodSignature;
const KindMinusMinusToken: ts.SyntaxKind = compiler.SyntaxKind.MinusMinusToken;
const KindModuleDeclaration: ts.SyntaxKind = compiler.SyntaxKind.ModuleDeclaration;
const KindNamespaceImport: ts.SyntaxKind = compiler.SyntaxKind.NamespaceImport;
const KindParameter: ts.SyntaxKind = compiler.SyntaxKind.Parameter;
const KindPlusPlusToken: ts.SyntaxKind = compiler.SyntaxKind.PlusPlusToken;
const KindPropertyAccessExpression: ts.SyntaxKind = compiler.SyntaxKind.PropertyAccessExpression;
const KindPropertyAssignment: ts.SyntaxKind = compiler.SyntaxKind.PropertyAssignment;
const KindPropertyDeclaration: ts.SyntaxKind = compiler.SyntaxKind.PropertyDeclaration;
const KindPropertySignature: ts.SyntaxKind = compiler.SyntaxKind.PropertySignature;
const KindQualifiedName: ts.SyntaxKind = compiler.SyntaxKind.QualifiedName;
const KindSetAccessor: ts.SyntaxKind = compiler.SyntaxKind.SetAccessor;
const KindTypeAliasDeclaration: ts.SyntaxKind = compiler.SyntaxKind.TypeAliasDeclaration;
const KindVariableDeclaration: ts.SyntaxKind = compiler.SyntaxKind.VariableDeclaration;
const KindVariableDeclarationList: ts.SyntaxKind = compiler.SyntaxKind.VariableDeclarationList;
const NodeFlags = ts.NodeFlags;
const {
  forEachChild,
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isBinaryExpression,
  isBlock: isBlockStatement,
  isCallExpression,
  isComputedPropertyName,
  isDeleteExpression,
  isElementAccessExpression,
  isForInStatement,
  isForOfStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isFunctionLike,
  isIdentifier,
  isMethodDeclaration,
  isNamespaceImport,
  isNewExpression,
  isNonNullExpression,
  isNumericLiteral,
  isObjectLiteralExpression,
  isOmittedExpression,
  isParenthesizedExpression,
  isPostfixUnaryExpression,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSpreadAssignment,
  isSpreadElement,
  isStatement,
  isStringLiteralLike,
  isTypeNode,
} = ts;

/** What the scope walk does with a node, by kind: a switch over small literal codes compiles to a jump table. */
const enum Role { Descend, Identifier, Import, ImportEquals, Skip, Variables, FunctionDeclaration, Class, Enum, Function, Block, BlockScope, Catch, Call }

const ROLE = buildRoleTable();

function buildRoleTable(): Uint8Array {
  const K = ts.SyntaxKind;
  const table = new Uint8Array(K.Count + 1);
  // Tokens, literals and type syntax hold no bindings.
  for (let k = 0; k <= K.Count; k++) if (k < K.FirstNode || isTypeNode({ kind: k } as ts.Node)) table[k] = Role.Skip;
  const set = (role: Role, ...kinds: ts.SyntaxKind[]) => { for (const k of kinds) table[k] = role; };
  set(Role.Descend, K.TemplateHead, K.TemplateMiddle, K.TemplateTail);
  set(Role.Skip, K.InterfaceDeclaration, K.TypeAliasDeclaration, K.ModuleDeclaration);
  set(Role.Identifier, K.Identifier);
  set(Role.Import, K.ImportDeclaration);
  set(Role.ImportEquals, K.ImportEqualsDeclaration);
  set(Role.Variables, K.VariableDeclarationList);
  set(Role.FunctionDeclaration, K.FunctionDeclaration);
  set(Role.Class, K.ClassDeclaration);
  set(Role.Enum, K.EnumDeclaration);
  set(Role.Function, K.ArrowFunction, K.FunctionExpression, K.MethodDeclaration, K.Constructor, K.GetAccessor, K.SetAccessor);
  set(Role.Block, K.Block);
  set(Role.BlockScope, K.ForStatement, K.ForInStatement, K.ForOfStatement, K.CaseBlock);
  set(Role.Catch, K.CatchClause);
  set(Role.Call, K.CallExpression);
  return table;
}

const SCOPE = {};

/** The scope analysis of a file, computed on first call and kept with the file's model. */
export function getScope(context: { sourceFile: ts.SourceFile; model: FileModel }): FileScope {
  return memoized(context.model, SCOPE, () => {
    // Built on first use, possibly from a rule's listener while the analyzer's walk is still linking parents.
    ensureParents(context.model, context.sourceFile);
    return buildScope(context.sourceFile, context.model);
  });
}

export function isBlock(owner: Owner): owner is Block {
  return 'kind' in owner && (owner.kind === 'root' || owner.kind === 'suite' || owner.kind === 'test' || owner.kind === 'hook');
}

interface LexicalScope {
  parent: LexicalScope | undefined;
  /** Created on the first declaration: most blocks and callbacks declare nothing. */
  names: Map<string, Declaration> | undefined;
  isFunction: boolean;
}

/** Builds the scope of a file without caching (for benchmarks; rules call `getScope`). */
export function buildScope(sf: ts.SourceFile, model: FileModel): FileScope {
  const declarations: Declaration[] = [];
  const pending: LazyReference[] = [];
  // Indexed by identifier only if a rule asks (most use the declarations' reference lists).
  let refById: Map<ts.Node, Reference> | undefined;
  const ownerByFn = new Map<ts.Node, Declaration>();
  const blockCallWithoutFn = new Map<ts.Node, Block>();
  for (const b of [...model.tests, ...model.hooks]) if (!b.fn) blockCallWithoutFn.set(b.call, b);

  let scope: LexicalScope = { parent: undefined, names: undefined, isFunction: true };
  const blockStack: Block[] = [model.root];
  const ownerStack: Owner[] = [model.root];
  const fnDepthStack: number[] = [0];
  let fnDepth = 0;

  const levelHere = (): ScopeLevel => {
    if (fnDepth > fnDepthStack[fnDepthStack.length - 1]) return 'local';
    const b = blockStack[blockStack.length - 1];
    return b.kind === 'root' ? 'module' : b.kind;
  };

  const declare = (id: ts.Identifier, kind: DeclarationKind, target: LexicalScope, extra: Partial<Declaration> = {}): Declaration => {
    const decl: Declaration = { name: id.text, kind, id, block: blockStack[blockStack.length - 1], level: levelHere(), references: [], ...extra };
    (target.names ??= new Map()).set(id.text, decl);
    declarations.push(decl);
    return decl;
  };
  const functionScope = () => {
    let s = scope;
    while (!s.isFunction && s.parent) s = s.parent;
    return s;
  };
  const declarePattern = (name: ts.BindingName, kind: DeclarationKind, target: LexicalScope, initializer?: ts.Expression) => {
    if (isIdentifier(name)) {
      const fn = initializer && (isArrowFunction(initializer) || isFunctionExpression(initializer)) ? initializer : undefined;
      const decl = declare(name, kind, target, { initializer, fn });
      if (fn) ownerByFn.set(fn, decl);
      return;
    }
    for (const el of name.elements) {
      if (isOmittedExpression(el)) continue;
      declarePattern(el.name, kind, target);
      if (el.initializer) walk(el.initializer);
    }
  };

  const addRef = (id: ts.Identifier) => {
    const ref = new LazyReference(id, ownerStack[ownerStack.length - 1], scope);
    pending.push(ref);
  };

  // Entering and leaving scopes inline (no callback per block): blocks are the most common nodes with a scope.
  const enterScope = (isFunction: boolean): LexicalScope => {
    const saved = scope;
    scope = { parent: saved, names: undefined, isFunction };
    return saved;
  };

  const walkFunction = (fn: ts.FunctionLikeDeclaration) => {
    const block = model.blockByFn.get(fn);
    if (block) {
      blockStack.push(block);
      ownerStack.push(block);
      fnDepthStack.push(fnDepth + 1);
    } else {
      const named = ownerByFn.get(fn);
      if (named) ownerStack.push(named);
    }
    fnDepth++;
    const saved = enterScope(true);
    if (isFunctionExpression(fn) && fn.name) declare(fn.name, 'function', scope, { fn });
    for (const p of fn.parameters) {
      declarePattern(p.name, 'parameter', scope);
      if (p.initializer) walk(p.initializer);
    }
    const body = fn.body;
    if (body && isBlockStatement(body)) {
      hoist(body.statements);
      for (const s of body.statements) walk(s);
    } else if (body) walk(body);
    scope = saved;
    fnDepth--;
    if (block) {
      blockStack.pop();
      ownerStack.pop();
      fnDepthStack.pop();
    } else if (ownerByFn.has(fn)) ownerStack.pop();
  };

  // Function declarations are visible before their statement; declare them when their block is entered.
  const hoist = (statements: ts.NodeArray<ts.Statement>) => {
    for (const s of statements) {
      if (isFunctionDeclaration(s) && s.name && !scope.names?.has(s.name.text)) {
        const decl = declare(s.name, 'function', scope, { fn: s });
        ownerByFn.set(s, decl);
      }
    }
  };

  const walk = (node: ts.Node): void => {
    switch (ROLE[node.kind]) {
      case Role.Identifier:
        if (isReferencePosition(node as ts.Identifier)) addRef(node as ts.Identifier);
        return;
      case Role.Import: {
        const clause = (node as ts.ImportDeclaration).importClause;
        if (!clause || clause.isTypeOnly) return;
        const imp = (id: ts.Identifier) => declare(id, 'import', scope, { import: model.imports.bindings.get(id.text) });
        if (clause.name) imp(clause.name);
        const nb = clause.namedBindings;
        if (nb && isNamespaceImport(nb)) imp(nb.name);
        else if (nb) for (const el of nb.elements) if (!el.isTypeOnly) imp(el.name);
        return;
      }
      case Role.ImportEquals:
        declare((node as ts.ImportEqualsDeclaration).name, 'import', scope, { import: model.imports.bindings.get((node as ts.ImportEqualsDeclaration).name.text) });
        return;
      case Role.Skip:
        return;
      case Role.Variables: {
        const list = node as ts.VariableDeclarationList;
        const flags = list.flags;
        const kind: DeclarationKind = flags & NodeFlags.Using ? 'using' : flags & NodeFlags.Const ? 'const' : flags & NodeFlags.Let ? 'let' : 'var';
        const target = kind === 'var' ? functionScope() : scope;
        for (const d of list.declarations) {
          // The initializer runs before the name is bound, but resolution happens at the end, so order does not matter.
          declarePattern(d.name, kind, target, d.initializer);
          if (d.initializer) walk(d.initializer);
        }
        return;
      }
      case Role.FunctionDeclaration: {
        const fn = node as ts.FunctionDeclaration;
        if (fn.name && !scope.names?.has(fn.name.text)) {
          const decl = declare(fn.name, 'function', scope, { fn });
          ownerByFn.set(fn, decl);
        }
        walkFunction(fn);
        return;
      }
      case Role.Class: {
        const cls = node as ts.ClassDeclaration;
        if (cls.name) declare(cls.name, 'class', scope);
        forEachChild(cls, (c) => (c === cls.name ? undefined : walk(c)));
        return;
      }
      case Role.Enum:
        declare((node as ts.EnumDeclaration).name, 'enum', scope);
        return;
      case Role.Function:
        if (isMethodDeclaration(node) && isComputedPropertyName(node.name)) walk(node.name.expression);
        walkFunction(node as ts.FunctionLikeDeclaration);
        return;
      case Role.Block: {
        const saved = enterScope(false);
        hoist((node as ts.Block).statements);
        for (const s of (node as ts.Block).statements) walk(s);
        scope = saved;
        return;
      }
      case Role.BlockScope: {
        const saved = enterScope(false);
        forEachChild(node, walk);
        scope = saved;
        return;
      }
      case Role.Catch: {
        const clause = node as ts.CatchClause;
        const saved = enterScope(false);
        if (clause.variableDeclaration) declarePattern(clause.variableDeclaration.name, 'catch', scope);
        walk(clause.block);
        scope = saved;
        return;
      }
      case Role.Call: {
        const block = blockCallWithoutFn.get(node);
        if (block) {
          // `afterAll(closeAll)`: the named function runs as the hook.
          const call = node as ts.CallExpression;
          walk(call.expression);
          ownerStack.push(block);
          for (const a of call.arguments) walk(a);
          ownerStack.pop();
          return;
        }
        break;
      }
    }
    forEachChild(node, walk);
  };

  hoist(sf.statements);
  for (const s of sf.statements) walk(s);

  // Resolve references through the lexical chain now that every declaration (hoisted or not) is known.
  const globals = new Map<string, Reference[]>();
  for (const ref of pending) {
    let found: Declaration | undefined;
    for (let cur: LexicalScope | undefined = ref.scope; cur && !found; cur = cur.parent) found = cur.names?.get(ref.name);
    ref.scope = undefined;
    if (found) {
      ref.decl = found;
      found.references.push(ref);
    } else {
      let list = globals.get(ref.name);
      if (!list) globals.set(ref.name, (list = []));
      list.push(ref);
    }
  }

  // Call graph: an owner that mentions a local function may run it.
  const callees = new Map<Owner, Set<Declaration>>();
  for (const d of declarations) {
    if (!d.fn) continue;
    for (const r of d.references) {
      if (r.owner === d) continue;
      let set = callees.get(r.owner);
      if (!set) callees.set(r.owner, (set = new Set()));
      set.add(d);
    }
  }
  const reachableCache = new Map<Owner, Set<Owner>>();
  const reachable = (owner: Owner): Set<Owner> => {
    let out = reachableCache.get(owner);
    if (out) return out;
    out = new Set<Owner>([owner]);
    const stack: Owner[] = [owner];
    while (stack.length) {
      const cur = stack.pop()!;
      for (const next of callees.get(cur) ?? []) if (!out.has(next)) {
        out.add(next);
        stack.push(next);
      }
    }
    reachableCache.set(owner, out);
    return out;
  };
  let runners: Map<Owner, Block[]> | undefined;
  const blocksRunning = (owner: Owner): readonly Block[] => {
    if (isBlock(owner)) return [owner];
    if (!runners) {
      runners = new Map();
      for (const b of [model.root, ...model.suites, ...model.tests, ...model.hooks]) {
        for (const o of reachable(b)) {
          if (isBlock(o)) continue;
          let list = runners.get(o);
          if (!list) runners.set(o, (list = []));
          list.push(b);
        }
      }
    }
    return runners.get(owner) ?? [];
  };

  const ownerOf = (node: ts.Node): Owner => {
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      const b = model.blockByFn.get(n);
      if (b) return b;
      const d = ownerByFn.get(n);
      if (d) return d;
      if (isCallExpression(n)) {
        const hook = blockCallWithoutFn.get(n);
        if (hook && n.arguments.some((a) => a.pos <= node.pos && node.end <= a.end)) return hook;
      }
    }
    return model.root;
  };

  const accessCache = new Map<Declaration, Map<Block, BlockAccess>>();
  const accessesByBlock = (decl: Declaration): Map<Block, BlockAccess> => {
    let out = accessCache.get(decl);
    if (out) return out;
    out = new Map();
    for (const r of decl.references) {
      for (const b of blocksRunning(r.owner)) {
        let a = out.get(b);
        if (!a) out.set(b, (a = { reads: [], writes: [] }));
        if (r.write) a.writes.push(r);
        if (r.read) a.reads.push(r);
      }
    }
    accessCache.set(decl, out);
    return out;
  };

  return {
    declarations,
    globals,
    referenceOf: (id) => {
      if (!refById) {
        refById = new Map();
        for (const ref of pending) refById.set(ref.id, ref);
      }
      return refById.get(id);
    },
    ownerOf,
    reachable,
    blocksRunning,
    accessesByBlock,
  };
}

/** A reference whose read/write classification is worked out on first use: most references are never asked. */
class LazyReference implements Reference {
  readonly name: string;
  decl: Declaration | undefined = undefined;
  private access: Access | undefined;
  /** The lexical scope the name is looked up from; dropped once resolved. */
  scope: LexicalScope | undefined;
  constructor(readonly id: ts.Identifier, readonly owner: Owner, scope: LexicalScope) {
    this.name = id.text;
    this.scope = scope;
  }
  private get resolved(): Access {
    return (this.access ??= classifyAccess(this.id));
  }
  get read(): boolean {
    return this.resolved.read;
  }
  get write(): WriteKind | undefined {
    return this.resolved.write;
  }
  get node(): ts.Node {
    return this.resolved.node;
  }
  get path(): string[] {
    return this.resolved.path;
  }
}

interface Access {
  read: boolean;
  write?: WriteKind;
  node: ts.Node;
  path: string[];
}

/** False for property names, declaration names, labels and keys: identifiers that do not refer to a binding. */
function isReferencePosition(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  switch (p.kind) {
    case KindPropertyAccessExpression:
      return (p as ts.PropertyAccessExpression).expression === id;
    case KindQualifiedName:
    case KindMethodDeclaration:
    case KindPropertyDeclaration:
    case KindPropertySignature:
    case KindMethodSignature:
    case KindGetAccessor:
    case KindSetAccessor:
    case KindEnumMember:
    case KindLabeledStatement:
    case KindBreakStatement:
    case KindContinueStatement:
    case KindJsxAttribute:
    case KindMetaProperty:
    case KindExportSpecifier:
    case KindImportSpecifier:
    case KindNamespaceImport:
    case KindImportClause:
      return false;
    case KindPropertyAssignment:
      return (p as ts.PropertyAssignment).initializer === id;
    case KindBindingElement:
      return false;
    case KindParameter:
    case KindVariableDeclaration:
    case KindFunctionDeclaration:
    case KindFunctionExpression:
    case KindClassDeclaration:
    case KindClassExpression:
      return (p as ts.NamedDeclaration).name !== id;
  }
  return true;
}

function skipParens(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && (isParenthesizedExpression(n.parent) || isNonNullExpression(n.parent) || isAsExpression(n.parent) || isSatisfiesExpression(n.parent))) n = n.parent;
  return n;
}

/** True when `node` is the target of an assignment, directly or inside a destructuring pattern. */
function isAssignmentTarget(node: ts.Node): 'assign' | 'compound' | undefined {
  let n = skipParens(node);
  for (;;) {
    const p = n.parent;
    if (!p) return undefined;
    if (isBinaryExpression(p) && p.left === n) {
      const op = p.operatorToken.kind;
      if (op === KindEqualsToken) return 'assign';
      if (op >= KindFirstCompoundAssignment && op <= KindLastCompoundAssignment) return 'compound';
      return undefined;
    }
    if ((isForOfStatement(p) || isForInStatement(p)) && p.initializer === n) return 'assign';
    // Walk out of destructuring targets: `[a, b] = …`, `({ a, b: c } = …)`, `[...rest] = …`.
    if (isArrayLiteralExpression(p) || isSpreadElement(p) || isSpreadAssignment(p) || isShorthandPropertyAssignment(p)
      || (isPropertyAssignment(p) && p.initializer === n) || isObjectLiteralExpression(p)) {
      n = p;
      continue;
    }
    if (isBinaryExpression(p) && p.operatorToken.kind === KindEqualsToken && p.right === n && isShorthandPropertyAssignment(p.parent)) {
      // Default value in `({ a = 1 } = obj)` is not a target.
      return undefined;
    }
    return undefined;
  }
}

/** The `=` expression an assignment target belongs to, through destructuring patterns. */
function assignmentOf(id: ts.Identifier): ts.BinaryExpression | undefined {
  for (let n: ts.Node = id; n.parent; n = n.parent) {
    if (isBinaryExpression(n.parent) && n.parent.operatorToken.kind === KindEqualsToken && n.parent.left === n) return n.parent;
    if (isStatement(n.parent) || isFunctionLike(n.parent)) return undefined;
  }
  return undefined;
}

function classifyAccess(id: ts.Identifier): Access {
  const target = isAssignmentTarget(id);
  if (target === 'assign') return { read: false, write: 'assign', node: assignmentOf(id) ?? id, path: [] };
  if (target === 'compound') return { read: true, write: 'compound', node: skipParens(id).parent, path: [] };
  const p = skipParens(id).parent;
  if (p && (isPrefixUnaryExpression(p) || isPostfixUnaryExpression(p)) && (p.operator === KindPlusPlusToken || p.operator === KindMinusMinusToken)) {
    return { read: true, write: 'update', node: p, path: [] };
  }
  // Property chains rooted at the identifier: `x.a.b = …`, `x[k]++`, `delete x.a`, `x.list.push(…)`.
  const path: string[] = [];
  let top: ts.Node = id;
  for (;;) {
    const up = skipParens(top).parent;
    if (up && isPropertyAccessExpression(up) && up.expression === skipParens(top)) {
      path.push(up.name.text);
      top = up;
    } else if (up && isElementAccessExpression(up) && up.expression === skipParens(top)) {
      const key = up.argumentExpression;
      path.push(isStringLiteralLike(key) || isNumericLiteral(key) ? key.text
        : isPropertyAccessExpression(key) && isIdentifier(key.expression) && key.expression.text === 'Symbol' ? `[Symbol.${key.name.text}]` : '[]');
      top = up;
    } else break;
  }
  if (path.length > 0) {
    const outer = skipParens(top).parent;
    if (isAssignmentTarget(top) || (outer && (isPrefixUnaryExpression(outer) || isPostfixUnaryExpression(outer))
      && (outer.operator === KindPlusPlusToken || outer.operator === KindMinusMinusToken))
      || (outer && isDeleteExpression(outer))) {
      return { read: false, write: 'property', node: outer!, path };
    }
    const method = path[path.length - 1];
    if (outer && isCallExpression(outer) && outer.expression === skipParens(top) && MUTATING_METHODS.has(method)) {
      return { read: false, write: 'mutate', node: outer, path };
    }
  }
  // `Object.assign(x, …)` mutates x.
  if (p && isCallExpression(p) && p.arguments[0] === skipParens(id) && isPropertyAccessExpression(p.expression)
    && isIdentifier(p.expression.expression) && p.expression.expression.text === 'Object' && p.expression.name.text === 'assign') {
    return { read: false, write: 'mutate', node: p, path: ['assign'] };
  }
  return { read: true, node: id, path };
}

/** The kind of shared object a declaration's initializer creates, if it is a plain collection or object. */
export function collectionKind(decl: Declaration): 'array' | 'object' | 'map' | 'set' | undefined {
  let init = decl.initializer;
  while (init && (isParenthesizedExpression(init) || isAsExpression(init) || isSatisfiesExpression(init))) init = init.expression;
  if (!init) return undefined;
  if (isArrayLiteralExpression(init)) return 'array';
  if (isObjectLiteralExpression(init)) return 'object';
  if (isNewExpression(init) && isIdentifier(init.expression)) {
    const n = init.expression.text;
    if (n === 'Map' || n === 'WeakMap') return 'map';
    if (n === 'Set' || n === 'WeakSet') return 'set';
    if (n === 'Array') return 'array';
  }
  return undefined;
}
