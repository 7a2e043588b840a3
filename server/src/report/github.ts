import type { JsonFile } from './json';
import type { HealthReport } from './health';

/**
 * GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.
 * `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule>::message`, escaped as the Actions toolkit does.
 */

const COMMAND: Record<string, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** Message text: `%`, CR and LF are percent-encoded so a message stays one command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also encode `:` and `,`, which separate the properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(kind: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${kind}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

/** The annotations of one file: its findings, and its analysis errors as warnings. */
export function formatGithubFile(file: JsonFile): string {
  const path = file.path.replace(/\\/g, '/').replace(/^\.\//, '');
  let out = '';
  for (const e of file.errors) {
    out += command('warning', { file: path, line: e.line, col: e.column, title: `test-layers: ${e.kind}` }, e.message);
  }
  for (const f of file.findings) {
    const sameLine = f.endLine === f.line;
    out += command(
      COMMAND[f.severity] ?? 'warning',
      // GitHub shows columns only for single-line ranges.
      { file: path, line: f.line, col: sameLine ? f.column : undefined, endLine: f.endLine, endColumn: sameLine ? f.endColumn : undefined, title: f.ruleId },
      f.test ? `${f.message} (test: ${f.test})` : f.message,
    );
  }
  return out;
}

/** Annotations for packages whose pyramid shape fails the gate (not tied to a file). */
export function formatGithubHealth(health: HealthReport, failing: boolean): string {
  let out = '';
  for (const p of health.packages) {
    if (p.healthy) continue;
    const kind = failing && health.thresholds.failOn.includes(p.shape) ? 'error' : 'warning';
    out += command(kind, { title: `pyramid-shape: ${p.shape}` }, `${p.package}: ${p.reason}`);
  }
  return out;
}
