import { ts } from 'ts-morph';
import { compiler } from './compiler';
import type { Layer } from './types';

const LAYER_WORDS: Record<string, Layer> = {
  unit: 'unit',
  integration: 'integration',
  int: 'integration',
  e2e: 'e2e',
  'end-to-end': 'e2e',
};

const ANNOTATION = /@layer\s+([A-Za-z0-9-]+)/;
const TAG = /(?:^|[\s([{,])@(unit|integration|e2e)(?![\w-])/i;

/** Parses `@layer <name>` inside a comment's text. Unknown names return `undefined`. */
export function parseLayerAnnotation(comment: string): Layer | undefined {
  const m = ANNOTATION.exec(comment);
  return m ? LAYER_WORDS[m[1].toLowerCase()] : undefined;
}

/** `@layer` annotation in the comments directly above a statement. */
export function leadingLayerAnnotation(text: string, statement: ts.Node): { layer: Layer; comment: string } | undefined {
  const ranges = compiler.getLeadingCommentRanges(text, statement.pos);
  if (!ranges) return undefined;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const comment = text.slice(ranges[i].pos, ranges[i].end);
    const layer = parseLayerAnnotation(comment);
    if (layer) return { layer, comment: comment.trim() };
  }
  return undefined;
}

/**
 * File-level annotation: an `@layer` comment before the first statement, when that statement is not a
 * test or suite (whose own annotation it would be) or when a blank line separates them.
 */
export function fileLayerAnnotation(text: string, sf: ts.SourceFile, firstIsTestCall: boolean): { layer: Layer; comment: string } | undefined {
  const first = sf.statements[0];
  const pos = first ? first.pos : 0;
  const ranges = compiler.getLeadingCommentRanges(text, pos);
  if (!ranges) return undefined;
  for (const r of ranges) {
    const comment = text.slice(r.pos, r.end);
    const layer = parseLayerAnnotation(comment);
    if (!layer) continue;
    const between = text.slice(r.end, first ? first.getStart(sf) : text.length);
    if (!firstIsTestCall || /\n\s*\n/.test(between) || !first) return { layer, comment: comment.trim() };
  }
  return undefined;
}

/** `@e2e`-style tag in a title. */
export function titleTag(title: string): Layer | undefined {
  const m = TAG.exec(title);
  return m ? LAYER_WORDS[m[1].toLowerCase()] : undefined;
}

/** Playwright `{ tag: '@e2e' }` or `{ tag: ['@slow', '@integration'] }`. */
export function optionsTag(options: ts.ObjectLiteralExpression | undefined): Layer | undefined {
  if (!options) return undefined;
  for (const p of options.properties) {
    if (!compiler.isPropertyAssignment(p) || !compiler.isIdentifier(p.name) || p.name.text !== 'tag') continue;
    const values = compiler.isArrayLiteralExpression(p.initializer) ? p.initializer.elements : [p.initializer];
    for (const v of values) {
      if (compiler.isStringLiteralLike(v)) {
        const layer = titleTag(v.text);
        if (layer) return layer;
      }
    }
  }
  return undefined;
}

export interface SuppressionDirectives {
  /** Rule ids disabled for the whole file; `*` for all. */
  file: Set<string>;
  /** 1-based line → rule ids disabled on it; `*` for all. */
  lines: Map<number, Set<string>>;
}

const DIRECTIVE = /test-layers-disable(-next-line|-line)?(?:[ \t]+([^*\n]*?))?[ \t]*(?:\*\/|$)/gm;

function ruleIds(list: string | undefined): string[] {
  const withoutReason = (list ?? '').split(/\s--\s|^--\s?/)[0];
  const ids = withoutReason.split(',').map((s) => s.trim()).filter(Boolean);
  return ids.length === 0 ? ['*'] : ids;
}

/** Finds `test-layers-disable…` comments. Only text inside comments counts. */
export function parseSuppressions(text: string, sf: ts.SourceFile): SuppressionDirectives {
  const result: SuppressionDirectives = { file: new Set(), lines: new Map() };
  if (!text.includes('test-layers-disable')) return result;
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    if (!isInsideComment(text, m.index)) continue;
    const ids = ruleIds(m[2]);
    const line = sf.getLineAndCharacterOfPosition(m.index).line + 1;
    if (m[1] === undefined) {
      for (const id of ids) result.file.add(id);
      continue;
    }
    const target = m[1] === '-next-line' ? line + 1 : line;
    const set = result.lines.get(target) ?? new Set<string>();
    for (const id of ids) set.add(id);
    result.lines.set(target, set);
  }
  return result;
}

/** True when the offset lies inside a line or block comment (a cheap line-local check). */
export function isInsideComment(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  const before = text.slice(lineStart, index);
  if (before.includes('//')) return true;
  const open = text.lastIndexOf('/*', index);
  return open !== -1 && text.lastIndexOf('*/', index) < open;
}

export function isSuppressed(s: SuppressionDirectives, ruleId: string, line: number): boolean {
  if (s.file.has('*') || s.file.has(ruleId)) return true;
  const l = s.lines.get(line);
  return !!l && (l.has('*') || l.has(ruleId));
}
