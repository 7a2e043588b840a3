import { ts } from 'ts-morph';
import type { AnalysisError } from './types';
import { compiler } from './compiler';

/** Script kind from the file extension; unknown extensions parse as TSX, the most permissive grammar. */
export function scriptKindFor(path: string): ts.ScriptKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return ts.ScriptKind.TS;
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.TSX;
}

/**
 * JSDoc comments are not parsed into nodes: nothing reads them (layer annotations are read from comment text), and
 * skipping them makes parsing real suites about 3 % faster.
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

export interface ParsedSource {
  sourceFile: ts.SourceFile;
  syntaxErrors: AnalysisError[];
}

/**
 * Parses with the TypeScript compiler that ts-morph bundles; the parser recovers from errors, which are returned.
 * With `linkParents: false` the caller sets `parent` itself, in a walk that reaches every node before anything reads
 * its parent (the analyzer's walk does; `test/core/parents.test.ts` and every rule table case check it).
 */
export function parseSource(path: string, text: string, options: { linkParents?: boolean } = {}): ParsedSource {
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = ts.createSourceFile(path, text, PARSE_OPTIONS, false, scriptKindFor(path));
    if (options.linkParents !== false) setParentPointers(sourceFile);
    else if (unlinkedParent) markUnlinked(sourceFile);
    // TypeScript computes line starts on first use, one character at a time; every analysis needs them.
    (sourceFile as { lineMap?: readonly number[] }).lineMap = lineStarts(text);
  } catch (e) {
    // The parser recurses per nesting level; code nested thousands of levels deep overflows the stack.
    // Analyze an empty file instead and say why, so one pathological file never takes the run down.
    if (!(e instanceof RangeError)) throw e;
    return {
      sourceFile: ts.createSourceFile(path, '', ts.ScriptTarget.Latest, true, scriptKindFor(path)),
      syntaxErrors: [{ kind: 'internal', message: 'code is nested too deeply for the TypeScript parser (stack overflow); file not analyzed' }],
    };
  }
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const syntaxErrors: AnalysisError[] = [];
  for (const d of diagnostics.slice(0, 20)) {
    const pos = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
    syntaxErrors.push({
      kind: 'syntax',
      message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
      line: pos.line + 1,
      column: pos.character + 1,
    });
  }
  if (diagnostics.length > 20) {
    syntaxErrors.push({ kind: 'syntax', message: `${diagnostics.length - 20} more syntax errors` });
  }
  return { sourceFile, syntaxErrors };
}

/**
 * Offsets at which lines start, as TypeScript's `computeLineStarts` gives them. Text with only `\n` breaks (nearly
 * all) is split with `indexOf`, several times faster; `\r`, U+2028 and U+2029 are left to TypeScript.
 */
export function lineStarts(text: string): number[] {
  if (text.indexOf('\r') >= 0 || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0) return computeLineStarts(text);
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Sets `parent` on every node, JSDoc included — what `createSourceFile(..., setParentNodes: true)` does, at about a
 * third of its cost (TypeScript's version gathers each node's children into arrays first). Iterative, so nesting depth
 * cannot overflow the stack.
 */
export function setParentPointers(root: ts.Node): void {
  // One callback for the whole walk (a closure per node would be most of what this function allocates).
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    parentStack = stack;
    parentNode = node;
    compiler.forEachChild(node, linkChild);
    // Only some kinds carry JSDoc; reading `jsDoc` on every node (absent on most shapes) is a slow property miss.
    let mayHaveDocs = jsDocKinds[node.kind];
    if (mayHaveDocs === undefined) mayHaveDocs = jsDocKinds[node.kind] = canHaveJSDoc(node);
    if (mayHaveDocs) {
      const docs = (node as { jsDoc?: ts.Node[] }).jsDoc;
      if (docs) {
        for (const doc of docs) {
          (doc as { parent: ts.Node }).parent = node;
          stack.push(doc);
        }
      }
    }
  }
  parentStack = undefined;
  parentNode = undefined;
}

// Internal to TypeScript (not in its typings), as is `SourceFile.lineMap` that holds its result.
const computeLineStarts: (text: string) => number[] = (ts as unknown as { computeLineStarts: (text: string) => number[] }).computeLineStarts;

/** For tests: a parent that throws when read, set on every node the caller is to link itself. */
let unlinkedParent: object | undefined;

/** Makes parents not yet linked by the caller's walk throw when used (`test/core/parents.test.ts`). */
export function checkUnlinkedParents(on: boolean): void {
  unlinkedParent = on
    ? new Proxy({}, {
      get: (_target, property) => {
        const reader = (new Error().stack ?? '').split('\n').slice(2).filter((l) => !l.includes('typescript.js')).slice(0, 3).map((l) => l.trim()).join(' < ');
        throw new Error(`read \`${String(property)}\` of a parent not linked yet, at ${reader}`);
      },
    })
    : undefined;
}

function markUnlinked(root: ts.Node): void {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    compiler.forEachChild(node, (child) => {
      (child as { parent: unknown }).parent = unlinkedParent;
      stack.push(child);
      return undefined;
    });
  }
}

/** Whether nodes of a kind can carry JSDoc, filled on first sight (TypeScript decides it from the kind alone). */
const jsDocKinds: (boolean | undefined)[] = [];
// Internal to TypeScript (not in its typings); without it every kind is checked, as before.
const canHaveJSDoc: (node: ts.Node) => boolean = (ts as unknown as { canHaveJSDoc?: (node: ts.Node) => boolean }).canHaveJSDoc ?? (() => true);

let parentStack: ts.Node[] | undefined;
let parentNode: ts.Node | undefined;
function linkChild(child: ts.Node): undefined {
  (child as { parent: ts.Node | undefined }).parent = parentNode;
  parentStack!.push(child);
  return undefined;
}
