/**
 * Seeded fuzzer for the analyzer core: real test files (examples/ and the corpus templates) are mutated and
 * truncated, every variant goes through `analyze()`, and every report is checked for well-formedness.
 * Used by `fuzz.test.ts` (bounded, part of `npm test`) and `fuzz-main.ts` (`npm run fuzz`, long runs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, configFrom } from '../../server/src/analyzer';
import type { Config } from '../../server/src/core/config';
import { LAYERS, type FileReport, type Range, type Span } from '../../server/src/core/types';
import { CORPUS_KINDS, generateFile, rng } from '../../bench/corpus';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface Source {
  name: string;
  text: string;
}

/** Test files of examples/ plus one small generated file per corpus template and seed. */
export function fuzzSources(seed: number): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(full);
      else if (/\.(?:[cm]?[jt]sx?)$/.test(e.name)) out.push({ name: path.relative(REPO_ROOT, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(REPO_ROOT, 'examples'));
  CORPUS_KINDS.forEach((kind, i) => {
    const f = generateFile(seed, 50_000 + i, { kind, lines: 30 });
    out.push({ name: f.relPath, text: f.text });
  });
  return out;
}

/** Fragments that stress the parser and the recognisers: test-call shapes, annotations, odd characters. */
const TOKENS = [
  '{', '}', '(', ')', '[', ']', '=>', ',', ';', '.', '...', '?.', '!', '`', "'", '"', '${', '/*', '*/', '//', '\n', '\r\n', '\t',
  'async ', 'await ', 'function ', 'return ', 'new ', 'yield ', 'class X {', 'import x from "pg";', "require('supertest')",
  'describe(', 'it(', 'test(', 'test.only(', 'it.skip(', 'describe.each([[1]])(', 'test.describe(', 'beforeEach(', 'afterAll(() => {',
  'it("t", async () => {', "test('t', async ({ page }) => {", '() => {}', 'function () {}', '.only', '.skip', '.each`a|b`',
  'page.waitForTimeout(1000)', 'cy.wait(500)', 'browser.pause(10)', 'await new Promise(r => setTimeout(r, 100))', 'jest.useFakeTimers()',
  'vi.mock("pg")', 'app.listen(3000)', 'fetch("https://example.com")', 'Math.random()', 'Date.now()', 'debugger;', 'page.pause()',
  '// @layer e2e\n', '/* @layer unit */', '// test-layers-disable-next-line\n', '/* test-layers-disable fixed-sleep */', '@e2e', '{ tag: "@integration" }',
  '\u0000', '\uFEFF', '\u2028', '\uD800', '\uDFFF', '😀', 'é', '\u200B', '<div>', '</div>', '<>', 'as any', ': string', '<T,>', 'enum E {', 'declare ',
  '#!/usr/bin/env node\n', '@decorator ', 'label: ', 'with (x) {', 'goto', '0x', '1e', '1_000', '/re/g', '/[/', 'this.retries(3)', 'done()', 'done',
];

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** One random edit of `text`; `others` supplies material for splices. */
export function mutate(r: Rand, text: string, others: readonly Source[]): string {
  const n = text.length;
  const at = int(r, 0, n);
  switch (int(r, 0, 11)) {
    case 0: // truncate
      return text.slice(0, at);
    case 1: // drop a range
      return text.slice(0, at) + text.slice(Math.min(n, at + int(r, 1, 200)));
    case 2: // insert a token
      return text.slice(0, at) + TOKENS[int(r, 0, TOKENS.length - 1)] + text.slice(at);
    case 3: { // duplicate a range
      const end = Math.min(n, at + int(r, 1, 400));
      return text.slice(0, end) + text.slice(at, end) + text.slice(end);
    }
    case 4: { // swap two lines
      const lines = text.split('\n');
      const a = int(r, 0, lines.length - 1);
      const b = int(r, 0, lines.length - 1);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 5: { // splice a piece of another file
      const other = others[int(r, 0, others.length - 1)].text;
      const from = int(r, 0, other.length);
      return text.slice(0, at) + other.slice(from, from + int(r, 1, 600)) + text.slice(at);
    }
    case 6: // delete every occurrence of one bracket kind
      return text.split(['}', ')', ']', '{', '(', "'"][int(r, 0, 5)]).join('');
    case 7: { // replace one character with a random code unit
      const code = r() < 0.5 ? int(r, 0, 127) : int(r, 0, 0xffff);
      return text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1);
    }
    case 8: // truncate to the start of a random line (a half-saved file)
      return text.slice(0, text.lastIndexOf('\n', at) + 1);
    case 9: { // rename call heads to other test-framework names
      const heads = ['describe', 'it', 'test', 'context', 'suite', 'beforeEach', 'afterAll', 'test.describe', 'it.only', 'xit', 'fit', 'specify'];
      return text.replace(/\b(describe|it|test|beforeEach|beforeAll|afterEach|afterAll)\(/g, (m) => (r() < 0.3 ? heads[int(r, 0, heads.length - 1)] + '(' : m));
    }
    case 10: // wrap the whole file in more nesting
      return `describe('wrapped', () => {\n${text}\n});\n`.repeat(1) + (r() < 0.3 ? '}'.repeat(int(r, 1, 5)) : '');
    default: { // CRLF / CR line endings
      return r() < 0.5 ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, '\r');
    }
  }
}

export interface FuzzFailure {
  seed: number;
  iteration: number;
  source: string;
  problem: string;
  /** The variant text, kept so the case can be turned into a regression test. */
  text: string;
}

const CONFIDENCES = new Set(['high', 'medium', 'low']);
const SEVERITIES = new Set(['info', 'warning', 'error']);
const ERROR_KINDS = new Set(['syntax', 'binary', 'too-large', 'encoding', 'unreadable', 'internal', 'timeout']);

/** Problems with a report, or [] when it is well-formed for `text`. */
export function reportProblems(report: FileReport, text: string): string[] {
  const problems: string[] = [];
  const lines = text.split(/\r\n|\r|\n|\u2028|\u2029/).length;
  const spanOk = (s: Span, what: string) => {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length)) {
      problems.push(`${what}: span ${s.start}-${s.end} outside the text (length ${text.length})`);
    }
  };
  const rangeOk = (r: Range, what: string) => {
    const ok = [r.line, r.column, r.endLine, r.endColumn].every((v) => Number.isInteger(v) && v >= 1)
      && r.line <= lines && r.endLine <= lines && (r.line < r.endLine || (r.line === r.endLine && r.column <= r.endColumn));
    if (!ok) problems.push(`${what}: range ${JSON.stringify(r)} outside the text (${lines} lines)`);
  };
  if (!Array.isArray(report.tests) || !Array.isArray(report.findings) || !Array.isArray(report.errors) || !Array.isArray(report.suites)) {
    return ['report is missing tests, suites, findings or errors'];
  }
  report.tests.forEach((t, i) => {
    const what = `test ${i} "${t.fullName}"`;
    if (typeof t.name !== 'string' || typeof t.fullName !== 'string') problems.push(`${what}: name is not a string`);
    if (!LAYERS.includes(t.layer)) problems.push(`${what}: layer ${String(t.layer)}`);
    if (t.declaredLayer !== null && !LAYERS.includes(t.declaredLayer)) problems.push(`${what}: declaredLayer ${String(t.declaredLayer)}`);
    if (!CONFIDENCES.has(t.confidence)) problems.push(`${what}: confidence ${String(t.confidence)}`);
    if (!Array.isArray(t.evidence) || t.evidence.length === 0) problems.push(`${what}: no evidence`);
    for (const e of t.evidence ?? []) {
      if (typeof e.message !== 'string' || !e.message || !Number.isInteger(e.line) || e.line < 1 || e.line > lines) problems.push(`${what}: evidence ${JSON.stringify(e)}`);
    }
    spanOk(t.span, what);
    spanOk(t.titleSpan, `${what} title`);
    rangeOk(t.range, what);
    rangeOk(t.titleRange, `${what} title`);
  });
  report.suites.forEach((s, i) => {
    spanOk(s.span, `suite ${i}`);
    rangeOk(s.range, `suite ${i}`);
    for (const t of s.tests) if (!Number.isInteger(t) || t < 0 || t >= report.tests.length) problems.push(`suite ${i}: test index ${t}`);
  });
  let previous = -1;
  report.findings.forEach((f, i) => {
    const what = `finding ${i} ${f.ruleId}`;
    if (!SEVERITIES.has(f.severity)) problems.push(`${what}: severity ${String(f.severity)}`);
    if (typeof f.message !== 'string' || !f.message || /\{\w+\}/.test(f.message)) problems.push(`${what}: message ${JSON.stringify(f.message)}`);
    spanOk(f.span, what);
    rangeOk(f.range, what);
    if (f.span.start < previous) problems.push(`${what}: findings not sorted by position`);
    previous = f.span.start;
    for (const fix of f.fixes ?? []) for (const e of fix.edits) spanOk(e, `${what} fix`);
  });
  for (const e of report.errors) {
    if (!ERROR_KINDS.has(e.kind) || typeof e.message !== 'string') problems.push(`error entry ${JSON.stringify(e)}`);
  }
  return problems;
}

export interface FuzzOptions {
  seed: number;
  iterations: number;
  /** Per-variant CPU-time budget in ms (CPU, not wall, so a busy machine does not fail the run); a slower analysis is a failure. */
  budgetMs: number;
  config?: Config;
  /** Stop after this many failures. */
  maxFailures?: number;
  onProgress?: (done: number) => void;
}

export interface FuzzResult {
  variants: number;
  failures: FuzzFailure[];
  slowestMs: number;
  slowestSource: string;
  totalMs: number;
}

/** Runs `iterations` variants; each applies 1–4 mutations to one source. Same seed → same variants. */
export function runFuzz(options: FuzzOptions): FuzzResult {
  const sources = fuzzSources(options.seed);
  const config = options.config ?? configFrom();
  const r = rng(options.seed);
  const failures: FuzzFailure[] = [];
  let slowestMs = 0;
  let slowestSource = '';
  const started = performance.now();
  let i = 0;
  for (; i < options.iterations; i++) {
    const source = sources[i % sources.length];
    let text = source.text;
    const edits = int(r, 1, 4);
    for (let k = 0; k < edits; k++) text = mutate(r, text, sources);
    const cpu0 = process.cpuUsage();
    let problems: string[];
    try {
      const report = analyze(source.name, text, config);
      problems = reportProblems(report, text);
    } catch (e) {
      problems = [`analyze threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`];
    }
    const cpu = process.cpuUsage(cpu0);
    const ms = (cpu.user + cpu.system) / 1000;
    if (ms > slowestMs) {
      slowestMs = ms;
      slowestSource = source.name;
    }
    if (ms > options.budgetMs) problems.push(`took ${ms.toFixed(0)} ms CPU (budget ${options.budgetMs} ms)`);
    if (problems.length > 0) {
      failures.push({ seed: options.seed, iteration: i, source: source.name, problem: problems.slice(0, 3).join('; '), text });
      if (failures.length >= (options.maxFailures ?? 20)) {
        i++;
        break;
      }
    }
    if (options.onProgress && i % 1000 === 999) options.onProgress(i + 1);
  }
  return { variants: i, failures, slowestMs, slowestSource, totalMs: performance.now() - started };
}
