/** Pure conversions from an analyzed file to LSP diagnostics, hovers, code lenses and code actions. */
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  MarkupKind,
  type CodeLens,
  type Diagnostic,
  type Hover,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileReport, Finding, Layer, SuiteInfo, TestInfo } from '../core/types';
import { rulesById } from '../rules/index';
import { docsUrl } from '../rules/docs-url';
import { ClientCommands, LAYER_NAMES, LAYER_TITLES, RUN_IN_FILE_COMMANDS, type LayerCountsData } from '../shared/protocol';
import type { Settings } from '../shared/settings';

export const SOURCE = 'test-layers';
/** Code of the one informational diagnostic on a file the analyzer skipped (too large, binary). */
export const SKIPPED_CODE = 'file-skipped';

/** Rules whose flagged code does not run, so the editor may fade it. */
const UNNECESSARY_RULES = new Set(['skipped-test']);

/** One analysis result of an open document, with the text it was computed on. */
export interface AnalyzedFile {
  uri: string;
  version: number;
  /** The text the offsets in `report` refer to. */
  snapshot: TextDocument;
  report: FileReport;
  diagnostics: Diagnostic[];
}

function rangeOf(doc: TextDocument, start: number, end: number): LspRange {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function findingDiagnostic(uri: string, doc: TextDocument, f: Finding, index: number): Diagnostic {
  const d: Diagnostic = {
    range: rangeOf(doc, f.span.start, f.span.end),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: rulesById.get(f.ruleId)?.meta.docs.url ?? docsUrl(f.ruleId) },
    source: SOURCE,
    message: f.message,
    data: { index },
  };
  if (f.related.length > 0) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri, range: rangeOf(doc, r.span.start, r.span.end) }, message: r.message }));
  }
  if (UNNECESSARY_RULES.has(f.ruleId)) d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

export function reportDiagnostics(uri: string, doc: TextDocument, report: FileReport): Diagnostic[] {
  return report.findings.map((f, i) => findingDiagnostic(uri, doc, f, i));
}

/** The single diagnostic on a file that was not analyzed, so the user knows why nothing shows. */
export function skippedDiagnostic(doc: TextDocument, reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(lineText(doc, 0).length, 200) } },
    severity: DiagnosticSeverity.Information,
    code: SKIPPED_CODE,
    source: SOURCE,
    message: `Test Layers did not analyze this file: ${reason}.`,
  };
}

export function layerCounts(tests: readonly TestInfo[]): LayerCountsData {
  const counts: LayerCountsData = { unit: 0, integration: 0, e2e: 0 };
  for (const t of tests) counts[t.layer]++;
  return counts;
}

export function formatCounts(counts: LayerCountsData): string {
  const parts = LAYER_NAMES.filter((l) => counts[l] > 0).map((l) => `${LAYER_TITLES[l]} ${counts[l]}`);
  return parts.length > 0 ? parts.join(' · ') : 'No tests';
}

function plain(markdown: string): string {
  return markdown.replace(/`/g, '');
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

/** "real PostgreSQL (pg), supertest": the evidence that decided the layer, strongest first. */
export function evidenceSummary(test: TestInfo, max = 2): string {
  const deciding = test.evidence.filter((e) => e.layer === test.layer).sort((a, b) => b.weight - a.weight);
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const e of deciding) {
    const text = plain(e.message);
    if (seen.has(text)) continue;
    seen.add(text);
    parts.push(text);
    if (parts.length === max) break;
  }
  if (parts.length === 0) return test.layer === 'unit' ? 'no real dependency found' : 'declared';
  return truncate(parts.join(', '), 90);
}

function offsetIn(span: { start: number; end: number }, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** Innermost test whose call contains the offset. */
export function testAt(report: FileReport, offset: number): TestInfo | undefined {
  let best: TestInfo | undefined;
  for (const t of report.tests) {
    if (offsetIn(t.span, offset) && (!best || t.span.end - t.span.start < best.span.end - best.span.start)) best = t;
  }
  return best;
}

/** The test or suite whose head (callee to the end of the title) holds the offset. */
function titleAt(report: FileReport, offset: number): TestInfo | SuiteInfo | undefined {
  const blocks: (TestInfo | SuiteInfo)[] = [...report.tests, ...report.suites];
  return blocks.find((b) => offset >= b.span.start && offset <= b.titleSpan.end);
}

function findingLine(f: Finding): string {
  return `- ${f.severity} · line ${f.range.line} · [\`${f.ruleId}\`](${rulesById.get(f.ruleId)?.meta.docs.url ?? docsUrl(f.ruleId)}): ${f.message}`;
}

export function hoverAt(file: AnalyzedFile, offset: number): Hover | null {
  const report = file.report;
  const block = titleAt(report, offset);
  if (!block) return null;
  const lines: string[] = [];
  const inside = report.findings.filter((f) => f.span.start >= block.span.start && f.span.end <= block.span.end);
  if (block.kind === 'test') {
    lines.push(`**${LAYER_TITLES[block.layer]} test** · confidence ${block.confidence}`);
    if (block.declaredLayer) {
      const by = block.declaredBy ? ` by ${block.declaredBy.includes('`') ? block.declaredBy : `\`${block.declaredBy}\``}` : '';
      lines.push(
        block.declaredLayer === block.layer
          ? `Declared ${LAYER_TITLES[block.declaredLayer]}${by}.`
          : `Declared ${LAYER_TITLES[block.declaredLayer]}${by}, but the code says ${LAYER_TITLES[block.layer]}.`,
      );
    }
    if (block.evidence.length > 0) {
      lines.push('', 'Evidence:');
      for (const e of block.evidence) {
        const chain = e.chain && e.chain.length > 0 ? ` (via ${e.chain.map((c) => `\`${c.name}\` ${c.path}:${c.line}`).join(' → ')})` : '';
        lines.push(`- line ${e.line}: ${e.message}${chain} → ${LAYER_TITLES[e.layer]}`);
      }
    } else {
      lines.push('', 'No signal of a real dependency: a unit test.');
    }
  } else {
    const tests = block.tests.map((i) => report.tests[i]).filter(Boolean);
    lines.push(`**Suite** · ${tests.length} test${tests.length === 1 ? '' : 's'} · ${formatCounts(layerCounts(tests))}`);
    if (block.declaredLayer) lines.push(`Declared ${LAYER_TITLES[block.declaredLayer]}.`);
  }
  if (inside.length > 0) {
    lines.push('', 'Findings:');
    for (const f of inside.slice(0, 20)) lines.push(findingLine(f));
    if (inside.length > 20) lines.push(`- … and ${inside.length - 20} more`);
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: rangeOf(file.snapshot, block.titleSpan.start, block.titleSpan.end),
  };
}

/** Summary lenses per top-level suite (and the file for tests outside any), then one lens per test. */
export function codeLenses(file: AnalyzedFile, settings: Settings): CodeLens[] {
  const { report, snapshot: doc, uri } = file;
  const lenses: CodeLens[] = [];
  if (report.tests.length === 0) return lenses;
  if (settings.codeLens.summary) {
    const covered = new Set<number>();
    const groups: { range: LspRange; tests: TestInfo[] }[] = [];
    for (const suite of report.suites.filter((s) => s.depth === 0)) {
      const tests = suite.tests.map((i) => report.tests[i]).filter(Boolean);
      suite.tests.forEach((i) => covered.add(i));
      if (tests.length > 0) groups.push({ range: rangeOf(doc, suite.span.start, suite.span.start), tests });
    }
    const loose = report.tests.filter((_, i) => !covered.has(i));
    if (loose.length > 0) {
      const at = doc.positionAt(loose[0].span.start);
      const line = groups.length === 0 ? 0 : at.line;
      groups.unshift({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, tests: loose });
    }
    for (const g of groups) {
      const counts = layerCounts(g.tests);
      lenses.push({ range: g.range, command: { title: formatCounts(counts), command: ClientCommands.showPyramid, arguments: [] } });
      for (const layer of LAYER_NAMES) {
        if (counts[layer] === 0) continue;
        const fullNames = g.tests.filter((t) => t.layer === layer).map((t) => t.fullName);
        lenses.push({
          range: g.range,
          command: { title: `▶ Run ${LAYER_TITLES[layer]}`, command: RUN_IN_FILE_COMMANDS[layer], arguments: [uri, layer, fullNames] },
        });
      }
    }
  }
  if (settings.codeLens.perTest) {
    for (const t of report.tests) {
      const range = rangeOf(doc, t.span.start, t.span.start);
      const low = t.confidence === 'low' ? ' (low confidence)' : '';
      lenses.push({
        range,
        command: {
          title: `${LAYER_TITLES[t.layer]}${low} — ${evidenceSummary(t)}`,
          command: ClientCommands.showTestDetails,
          arguments: [uri, doc.positionAt(t.titleSpan.start).line, doc.positionAt(t.titleSpan.start).character],
        },
      });
    }
  }
  return lenses;
}

function lineStartOffset(doc: TextDocument, line: number): number {
  return doc.offsetAt({ line, character: 0 });
}

function indentOfLine(doc: TextDocument, line: number): string {
  const start = lineStartOffset(doc, line);
  const text = doc.getText().slice(start, doc.offsetAt({ line: line + 1, character: 0 }));
  return /^[ \t]*/.exec(text)?.[0] ?? '';
}

function lineText(doc: TextDocument, line: number): string {
  if (line < 0 || line >= doc.lineCount) return '';
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** `// test-layers-disable-next-line <id> -- <reason>` above the line, indented like it. */
export function disableNextLineEdit(doc: TextDocument, line: number, ruleId: string): LspTextEdit {
  const eol = doc.getText().includes('\r\n') ? '\r\n' : '\n';
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indentOfLine(doc, line)}// test-layers-disable-next-line ${ruleId} -- <reason>${eol}`,
  };
}

const LAYER_COMMENT = /^([ \t]*)\/\/\s*@layer\s+\S+\s*$/;

/** Writes (or replaces) the `// @layer <layer>` comment directly above the test. */
export function setLayerEdit(doc: TextDocument, test: TestInfo, layer: Layer): LspTextEdit {
  const line = doc.positionAt(test.span.start).line;
  const previous = lineText(doc, line - 1);
  const indent = indentOfLine(doc, line);
  if (LAYER_COMMENT.test(previous)) {
    return { range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: previous.length } }, newText: `${indent}// @layer ${layer}` };
  }
  const eol = doc.getText().includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// @layer ${layer}${eol}` };
}

/** Whether two ranges share a position (an empty range at a finding's edge counts, as the cursor there does). */
function touches(a: LspRange, b: LspRange): boolean {
  const before = (p: LspRange['start'], q: LspRange['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(a: LspRange, b: LspRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * Quick fixes for the diagnostics in the request (or, when it carries none of ours, the findings the range touches),
 * "disable for this line/file", and "set layer of this test".
 * `current` is the document as the client sees it now; fixes are only offered when the analysis is of that text.
 */
export function codeActions(file: AnalyzedFile, current: TextDocument, range: LspRange, diagnostics: Diagnostic[], only?: string[]): CodeAction[] {
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const fresh = file.version === current.version;
  const actions: CodeAction[] = [];
  const { uri, report } = file;
  let ours = diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string' && d.code !== SKIPPED_CODE);
  // Right after a file opens or changes, the client can ask before it holds the diagnostics just published: the
  // fixes then come from the analysis itself, for the findings the range touches.
  if (ours.length === 0 && fresh) {
    ours = report.findings.flatMap((f, i) => (touches(rangeOf(current, f.span.start, f.span.end), range) ? [findingDiagnostic(uri, current, f, i)] : []));
  }
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of ours) {
      const ruleId = d.code as string;
      const finding = fresh ? report.findings.find((f) => f.ruleId === ruleId && sameRange(rangeOf(current, f.span.start, f.span.end), d.range)) : undefined;
      finding?.fixes.forEach((fix, i) => {
        const action = CodeAction.create(fix.description, { changes: { [uri]: fix.edits.map((e) => ({ range: rangeOf(current, e.start, e.end), newText: e.newText })) } }, CodeActionKind.QuickFix);
        action.diagnostics = [d];
        if (i === 0 && fix.safe) action.isPreferred = true;
        actions.push(action);
      });
    }
    const seen = new Set<string>();
    for (const d of ours) {
      const ruleId = d.code as string;
      const key = `${ruleId}:${d.range.start.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const line = CodeAction.create(`Disable ${ruleId} for this line`, { changes: { [uri]: [disableNextLineEdit(current, d.range.start.line, ruleId)] } }, CodeActionKind.QuickFix);
      line.diagnostics = [d];
      actions.push(line);
    }
    for (const ruleId of new Set(ours.map((d) => d.code as string))) {
      const firstLine = lineText(current, 0);
      const at = firstLine.startsWith('#!') ? 1 : 0;
      const eol = current.getText().includes('\r\n') ? '\r\n' : '\n';
      const file = CodeAction.create(
        `Disable ${ruleId} for this file`,
        { changes: { [uri]: [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, newText: `/* test-layers-disable ${ruleId} -- <reason> */${eol}` }] } },
        CodeActionKind.QuickFix,
      );
      file.diagnostics = ours.filter((d) => d.code === ruleId);
      actions.push(file);
    }
  }
  if (fresh && wants(CodeActionKind.RefactorRewrite)) {
    const test = testAt(report, current.offsetAt(range.start));
    if (test) {
      for (const layer of LAYER_NAMES) {
        const title = `Set layer of this test: ${LAYER_TITLES[layer]}${layer === test.layer ? ' (inferred)' : ''}`;
        actions.push(CodeAction.create(title, { changes: { [uri]: [setLayerEdit(current, test, layer)] } }, CodeActionKind.RefactorRewrite));
      }
    }
  }
  return actions;
}
