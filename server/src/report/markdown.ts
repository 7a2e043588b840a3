import type { PyramidData } from './pyramid';
import { share } from './pyramid';

const bar = (n: number, max: number, width = 20) => '█'.repeat(max === 0 ? 0 : Math.max(n > 0 ? 1 : 0, Math.round((n / max) * width)));

/** A markdown summary for CI job summaries and pull-request comments. */
export function formatMarkdown(data: PyramidData): string {
  const { unit, integration, e2e } = data.layers;
  const max = Math.max(unit, integration, e2e);
  const out: string[] = [];
  out.push('## Test Layers report', '');
  out.push(`${data.tests} tests in ${data.files} files.`, '');
  out.push('### Pyramid', '');
  out.push('| layer | tests | share | |', '|---|---:|---:|---|');
  out.push(`| E2E | ${e2e} | ${share(e2e, data.tests)} | ${bar(e2e, max)} |`);
  out.push(`| Integration | ${integration} | ${share(integration, data.tests)} | ${bar(integration, max)} |`);
  out.push(`| Unit | ${unit} | ${share(unit, data.tests)} | ${bar(unit, max)} |`);
  out.push('');
  if (data.byFolder.length > 0) {
    out.push('### By folder', '', '| folder | unit | integration | e2e |', '|---|---:|---:|---:|');
    for (const f of data.byFolder) out.push(`| \`${f.folder}\` | ${f.unit} | ${f.integration} | ${f.e2e} |`);
    out.push('');
  }
  out.push('### Findings by flaky cause', '');
  if (data.findingsByCause.length === 0) out.push('No findings.', '');
  else {
    out.push('| cause | findings | rules |', '|---|---:|---|');
    for (const c of data.findingsByCause) {
      out.push(`| ${c.cause} | ${c.count} | ${Object.entries(c.rules).map(([r, n]) => `\`${r}\` ${n}`).join(', ')} |`);
    }
    out.push('');
  }
  if (data.topFiles.length > 0) {
    out.push('### Files with most findings', '', '| file | findings | tests |', '|---|---:|---:|');
    for (const f of data.topFiles) out.push(`| \`${f.path}\` | ${f.findings} | ${f.tests} |`);
    out.push('');
  }
  return out.join('\n');
}
