import { test, describe, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { escapeData, escapeProperty, formatGithubFile } from '../../server/src/report/github';
import { escapeXmlAttribute, JunitBuilder } from '../../server/src/report/junit';
import type { JsonFile } from '../../server/src/report/json';

// --format github and --format junit, checked against their formats: the workflow-command grammar with the
// toolkit's escaping, and XML well-formedness with a small strict parser.

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-formats-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'test-layers.config.json'), '{}');
// A file name with the property separators, a suite name with `%`, a test name with a line break and XML specials.
const WEIRD = 'we,ird:name.test.js';
fs.writeFileSync(
  path.join(dir, WEIRD),
  `describe('s%25 <&>', () => {\n  it.only('a,b:c\\nd', async () => { await new Promise((r) => setTimeout(r, 100)); });\n  it.skip('x <&> "q" \\u0001', () => {});\n});\n`,
);
fs.writeFileSync(path.join(dir, 'clean.test.js'), `test('adds', () => { expect(1 + 1).toBe(2); });\n`);

// ---- GitHub workflow commands ----

const unescapeProperty = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
const unescapeData = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');

interface Annotation {
  kind: string;
  props: Record<string, string>;
  message: string;
}

/** Parses one workflow command line strictly: `::kind k=v,k=v::message`, no raw separators inside values. */
function parseCommand(line: string): Annotation {
  const m = /^::(error|warning|notice)(?: ([^:]*))?::([^\r\n]*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${JSON.stringify(line)}`);
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    assert.ok(eq > 0, pair);
    const key = pair.slice(0, eq);
    assert.ok(['file', 'line', 'col', 'endLine', 'endColumn', 'title'].includes(key), `unknown property ${key}`);
    assert.ok(!(key in props), `duplicate ${key}`);
    props[key] = unescapeProperty(pair.slice(eq + 1));
  }
  return { kind: m[1], props, message: unescapeData(m[3]) };
}

describe('--format github', () => {
  test('escaping follows the Actions toolkit: data %, CR, LF; properties also : and ,', () => {
    assert.equal(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext%3A a%2Cb');
    for (const s of ['%0A', 'a%2Cb', '::error::x', 'line\nbreak,comma:colon%']) {
      assert.equal(unescapeProperty(escapeProperty(s)), s);
      assert.equal(unescapeData(escapeData(s)), s);
    }
  });

  test('one annotation per finding, with position, rule as title and the severity as command', async () => {
    const { code, stdout, stderr } = await cli(['--format', 'github', '.'], dir);
    assert.equal(code, 1, stderr);
    const lines = stdout.trimEnd().split('\n');
    const annotations = lines.map(parseCommand);
    const byRule = new Map(annotations.map((a) => [a.props.title, a]));
    assert.deepEqual([...byRule.keys()].sort(), ['fixed-sleep', 'focused-test', 'skipped-test']);
    const focused = byRule.get('focused-test')!;
    assert.equal(focused.kind, 'error');
    assert.deepEqual(focused.props, { file: WEIRD, line: '2', col: '6', endLine: '2', endColumn: '10', title: 'focused-test' });
    assert.ok(focused.message.includes("'a,b:c\nd'"), focused.message);
    assert.ok(focused.message.endsWith('(test: s%25 <&> a,b:c\nd)'), focused.message);
    assert.equal(byRule.get('fixed-sleep')!.kind, 'warning');
    assert.equal(byRule.get('skipped-test')!.kind, 'notice');
  });

  test('multi-line findings carry no columns, and analysis errors become warnings', () => {
    const file: JsonFile = {
      path: './src/a.test.ts', framework: 'jest', tests: [],
      findings: [{ ruleId: 'r', severity: 'warning', message: 'm', line: 3, column: 5, endLine: 6, endColumn: 2, test: null }],
      errors: [{ kind: 'syntax', message: "')' expected.", line: 9, column: 4 }],
    };
    assert.equal(formatGithubFile(file), [
      '::warning file=src/a.test.ts,line=9,col=4,title=test-layers%3A syntax::\')\' expected.',
      '::warning file=src/a.test.ts,line=3,endLine=6,title=r::m',
      '',
    ].join('\n'));
  });
});

// ---- JUnit XML ----

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10)));
}

function checkCharData(s: string, where: string): void {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<') assert.fail(`raw < in ${where}`);
    if (s[i] === '&') {
      ENTITY.lastIndex = i;
      assert.ok(ENTITY.test(s), `bad entity in ${where}: ${s.slice(i, i + 10)}`);
    }
  }
}

/** A strict well-formedness check for the subset JUnit uses (declaration, elements, attributes, text), returning the tree. */
function parseXml(xml: string): XmlElement {
  assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(xml), 'character not allowed in XML 1.0');
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(xml), 'lone surrogate');
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  assert.ok(decl, 'XML declaration');
  let pos = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/y;
  while (pos < xml.length) {
    const next = xml.indexOf('<', pos);
    const text = xml.slice(pos, next === -1 ? xml.length : next);
    checkCharData(text, 'text');
    if (stack.length > 0) stack[stack.length - 1].text += decode(text);
    else assert.match(text, /^\s*$/, 'text outside the root element');
    if (next === -1) break;
    tag.lastIndex = next;
    const m = tag.exec(xml);
    assert.ok(m, `malformed tag at ${next}: ${xml.slice(next, next + 40)}`);
    pos = tag.lastIndex;
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      assert.equal(stack.pop()?.name, name, `mismatched </${name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      assert.ok(!(a[1] in attrs), `duplicate attribute ${a[1]}`);
      checkCharData(a[2], `attribute ${a[1]}`);
      attrs[a[1]] = decode(a[2]);
    }
    const el: XmlElement = { name, attrs, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(el);
    else {
      assert.equal(root, undefined, 'one root element');
      root = el;
    }
    if (!selfClose) stack.push(el);
  }
  assert.equal(stack.length, 0, 'unclosed elements');
  assert.ok(root);
  return root;
}

describe('--format junit', () => {
  test('the strict parser rejects what is not XML', () => {
    const bad = ['<a>', '<a></b>', '<a x="1" x="2"/>', '<a>&nope;</a>', '<a>\u0001</a>', '<a b="<"/>', '<a/><b/>'];
    for (const b of bad) assert.throws(() => parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n${b}`), b);
  });

  test('one testsuite per file, findings as failures by severity, valid XML with escaping', async () => {
    const { code, stdout } = await cli(['--format', 'junit', '.'], dir);
    assert.equal(code, 1);
    const root = parseXml(stdout);
    assert.equal(root.name, 'testsuites');
    assert.deepEqual(root.children.map((s) => s.attrs.name), ['clean.test.js', WEIRD]);
    const [clean, weird] = root.children;
    assert.deepEqual(clean.children.map((c) => [c.name, c.attrs.name, c.children.length]), [['testcase', 'no findings', 0]]);
    assert.equal(weird.attrs.tests, '3');
    assert.equal(weird.attrs.failures, '2');
    assert.deepEqual(root.attrs, { name: 'test-layers', tests: '4', failures: '2', errors: '0' });
    const failures = weird.children.flatMap((c) => c.children.filter((x) => x.name === 'failure'));
    assert.deepEqual(failures.map((f) => f.attrs.type).sort(), ['error', 'warning']);
    const focused = weird.children.find((c) => c.attrs.name.startsWith('focused-test'))!;
    assert.equal(focused.attrs.classname, WEIRD);
    assert.equal(focused.attrs.name, 'focused-test at 2:6 in "s%25 <&> a,b:c\nd"', 'line break kept in the attribute');
    assert.ok(focused.children[0].attrs.message.includes("'a,b:c\nd'"));
    assert.match(focused.children[0].text, /^we,ird:name\.test\.js:2:6: /);
    const skipped = weird.children.find((c) => c.attrs.name.startsWith('skipped-test'))!;
    assert.equal(skipped.children[0].name, 'system-out', 'info findings pass and are kept as output');
    assert.ok(skipped.attrs.name.includes('x <&> "q" '), 'the control character is dropped, the rest kept');
  });

  test('analysis errors are <error> elements; characters XML cannot carry are dropped', () => {
    const junit = new JunitBuilder();
    junit.add({ path: 'bad.test.ts', framework: 'unknown', tests: [], findings: [], errors: [{ kind: 'syntax', message: 'Unexpected \u0000 token "<"', line: 1, column: 2 }] });
    const root = parseXml(junit.build());
    assert.deepEqual(root.attrs, { name: 'test-layers', tests: '1', failures: '0', errors: '1' });
    const error = root.children[0].children[0].children[0];
    assert.equal(error.name, 'error');
    assert.equal(error.attrs.message, 'Unexpected  token "<"');
    assert.equal(escapeXmlAttribute('a\tb\r\n"\'&<>'), 'a&#9;b&#13;&#10;&quot;&apos;&amp;&lt;&gt;');
    assert.equal(new JunitBuilder().build(), '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="test-layers" tests="0" failures="0" errors="0">\n</testsuites>\n');
  });
});

describe('existing formats still work', () => {
  test('json keeps version 1 and adds summary.health', async () => {
    const { stdout } = await cli(['--format', 'json', '--fail-on', 'never', '.'], dir);
    const report = JSON.parse(stdout);
    assert.equal(report.version, 1);
    assert.deepEqual(Object.keys(report.summary).sort(), ['errors', 'files', 'findings', 'health', 'layers', 'tests']);
    assert.equal(report.summary.health.shape, 'too-few-tests');
  });

  test('unknown --format is a usage error', async () => {
    const { code, stderr } = await cli(['--format', 'xml', '.'], dir);
    assert.equal(code, 2);
    assert.match(stderr, /github, junit/);
  });
});
