import type { JsonFile, JsonSummary } from './json';

export interface TextStyle {
  color: boolean;
}

const codes = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4, green: 32, cyan: 36 } as const;

function paint(style: TextStyle, code: keyof typeof codes, s: string): string {
  return style.color ? `\u001b[${codes[code]}m${s}\u001b[0m` : s;
}

/** One file's block in ESLint's "stylish" layout: path, then `line:col  severity  message  rule`. */
export function formatTextFile(file: JsonFile, style: TextStyle, quiet: boolean): string {
  const findings = quiet ? file.findings.filter((f) => f.severity === 'error') : file.findings;
  if (findings.length === 0 && file.errors.length === 0) return '';
  const lines = [paint(style, 'underline', file.path)];
  const rows: string[][] = [];
  for (const e of file.errors) rows.push([`${e.line ?? 0}:${e.column ?? 0}`, 'error', `${e.kind === 'syntax' ? 'Syntax error: ' : ''}${e.message}`, e.kind]);
  for (const f of findings) rows.push([`${f.line}:${f.column}`, f.severity, f.message, f.ruleId]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [pos, sev, msg, rule] of rows) {
    const color = sev === 'error' ? 'red' : sev === 'warning' ? 'yellow' : 'blue';
    lines.push(`  ${paint(style, 'gray', pos.padEnd(w0))}  ${paint(style, color, sev.padEnd(w1))}  ${msg}  ${paint(style, 'gray', rule)}`);
  }
  return lines.join('\n') + '\n';
}

/** The closing lines: totals by severity and the layer mix. */
export function formatTextSummary(summary: JsonSummary, severities: { error: number; warning: number; info: number }, style: TextStyle): string {
  const total = severities.error + severities.warning + severities.info;
  const { unit, integration, e2e } = summary.layers;
  const lines: string[] = [];
  if (total > 0) {
    const color = severities.error > 0 ? 'red' : severities.warning > 0 ? 'yellow' : 'blue';
    lines.push(paint(style, color, `✖ ${total} finding${total === 1 ? '' : 's'} (${severities.error} error${severities.error === 1 ? '' : 's'}, ${severities.warning} warning${severities.warning === 1 ? '' : 's'}, ${severities.info} info)`));
  } else {
    lines.push(paint(style, 'green', '✔ no findings'));
  }
  lines.push(`Layers: Unit ${unit} · Integration ${integration} · E2E ${e2e}  (${summary.tests} test${summary.tests === 1 ? '' : 's'} in ${summary.files} file${summary.files === 1 ? '' : 's'}${summary.errors ? `, ${summary.errors} file error${summary.errors === 1 ? '' : 's'}` : ''})`);
  return lines.join('\n') + '\n';
}
