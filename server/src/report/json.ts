import type { FileReport, Layer } from '../core/types';

/** One file in the CLI's JSON contract (DESIGN §5): 1-based lines and columns, no internal offsets. */
export interface JsonFile {
  path: string;
  framework: string;
  tests: {
    name: string;
    fullName: string;
    kind: 'test';
    line: number;
    endLine: number;
    layer: Layer;
    declaredLayer: Layer | null;
    confidence: string;
    evidence: { signal: string; message: string; line: number }[];
  }[];
  findings: {
    ruleId: string;
    severity: string;
    message: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    test: string | null;
    related?: { message: string; line: number; column: number; endLine: number; endColumn: number }[];
    fix?: { description: string; safe: boolean };
  }[];
  errors: { kind: string; message: string; line?: number; column?: number }[];
}

export interface JsonSummary {
  files: number;
  tests: number;
  layers: Record<Layer, number>;
  findings: Record<string, number>;
  errors: number;
}

export interface JsonReport {
  version: 1;
  files: JsonFile[];
  summary: JsonSummary;
}

export function toJsonFile(report: FileReport, displayPath: string): JsonFile {
  return {
    path: displayPath,
    framework: report.framework,
    tests: report.tests.map((t) => ({
      name: t.name,
      fullName: t.fullName,
      kind: 'test',
      line: t.range.line,
      endLine: t.range.endLine,
      layer: t.layer,
      declaredLayer: t.declaredLayer,
      confidence: t.confidence,
      evidence: t.evidence.map((e) => ({ signal: e.signal, message: e.message, line: e.line })),
    })),
    findings: report.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      line: f.range.line,
      column: f.range.column,
      endLine: f.range.endLine,
      endColumn: f.range.endColumn,
      test: f.test,
      ...(f.related.length > 0 ? { related: f.related.map((r) => ({ message: r.message, ...r.range })) } : {}),
      ...(f.fixes.length > 0 ? { fix: { description: f.fixes[0].description, safe: f.fixes[0].safe } } : {}),
    })),
    errors: report.errors.map((e) => ({ ...e })),
  };
}

/** Running totals, so reports can be streamed file by file without keeping them. */
export class SummaryBuilder {
  readonly summary: JsonSummary = { files: 0, tests: 0, layers: { unit: 0, integration: 0, e2e: 0 }, findings: {}, errors: 0 };
  readonly severities = { error: 0, warning: 0, info: 0 };

  add(file: JsonFile): void {
    this.summary.files++;
    this.summary.tests += file.tests.length;
    for (const t of file.tests) this.summary.layers[t.layer]++;
    for (const f of file.findings) {
      this.summary.findings[f.ruleId] = (this.summary.findings[f.ruleId] ?? 0) + 1;
      this.severities[f.severity as 'error' | 'warning' | 'info']++;
    }
    this.summary.errors += file.errors.length;
  }
}
