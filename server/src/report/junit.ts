import type { JsonFile } from './json';

/**
 * JUnit XML for the CI systems that display it (GitLab, Jenkins, Azure, CircleCI): one testsuite per analyzed file,
 * one testcase per finding. Errors and warnings are failures (type = severity); info findings pass and are kept in
 * system-out; a file without findings has one passing testcase, so clean files show too.
 */

/** Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped. */
function xmlSafe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

export function escapeXmlText(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their line breaks and tabs, which parsers would otherwise normalize to spaces. */
export function escapeXmlAttribute(s: string): string {
  return escapeXmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXmlAttribute(String(v))}"`)
    .join('');

/** Builds the report file by file; only the XML strings of the suites are kept. */
export class JunitBuilder {
  private readonly suites: string[] = [];
  private tests = 0;
  private failures = 0;
  private errors = 0;

  add(file: JsonFile): void {
    const path = file.path.replace(/\\/g, '/');
    const cases: string[] = [];
    let failures = 0;
    for (const e of file.errors) {
      cases.push(`    <testcase${attrs({ classname: path, name: `analysis: ${e.kind}` })}>\n      <error${attrs({ message: e.message, type: e.kind })}>${escapeXmlText(`${path}${e.line ? `:${e.line}:${e.column ?? 1}` : ''}: ${e.message}`)}</error>\n    </testcase>`);
    }
    for (const f of file.findings) {
      const where = `${path}:${f.line}:${f.column}`;
      const name = `${f.ruleId} at ${f.line}:${f.column}${f.test ? ` in "${f.test}"` : ''}`;
      const body = `${where}: ${f.message}${f.test ? `\nTest: ${f.test}` : ''}\nRule: ${f.ruleId} (${f.severity})`;
      if (f.severity === 'info') {
        cases.push(`    <testcase${attrs({ classname: path, name })}>\n      <system-out>${escapeXmlText(body)}</system-out>\n    </testcase>`);
      } else {
        failures++;
        cases.push(`    <testcase${attrs({ classname: path, name })}>\n      <failure${attrs({ message: f.message, type: f.severity })}>${escapeXmlText(body)}</failure>\n    </testcase>`);
      }
    }
    if (cases.length === 0) cases.push(`    <testcase${attrs({ classname: path, name: 'no findings' })}/>`);
    this.tests += cases.length;
    this.failures += failures;
    this.errors += file.errors.length;
    this.suites.push(`  <testsuite${attrs({ name: path, tests: cases.length, failures, errors: file.errors.length, skipped: 0 })}>\n${cases.join('\n')}\n  </testsuite>`);
  }

  build(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: 'test-layers', tests: this.tests, failures: this.failures, errors: this.errors })}>\n${this.suites.join('\n')}${this.suites.length ? '\n' : ''}</testsuites>\n`;
  }
}
