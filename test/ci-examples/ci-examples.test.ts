import { test, describe, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../server/src/cli/main';

// The pipeline examples in docs/ci parse as YAML, chain the stages lint → unit → integration → e2e, and every
// `test-layers` invocation in them is accepted by the real CLI (no unknown subcommand, flag or value).

const repo = path.resolve(__dirname, '..', '..', '..');
const read = (name: string) => parse(fs.readFileSync(path.join(repo, 'docs', 'ci', name), 'utf8'), { strict: true, uniqueKeys: true });

/** Splits a shell line into words (quotes removed) and stops at operators; enough for the examples' commands. */
function shellWords(line: string): string[][] {
  const commands: string[][] = [[]];
  const re = /\s*(?:(&&|\|\||[;|]|>>?)|"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"';|&>]+))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) && m[0].length > 0) {
    if (m[1]) {
      commands.push(m[1].startsWith('>') ? ['>'] : []);
      continue;
    }
    commands[commands.length - 1].push(m[2] ?? m[3] ?? m[4]);
  }
  return commands.filter((c) => c.length > 0 && c[0] !== '>');
}

/** The argument lists given to test-layers (`npx test-layers …` or `test-layers …`) in some shell text. */
function invocations(script: string): string[][] {
  const out: string[][] = [];
  for (const line of script.split('\n')) {
    for (const words of shellWords(line.replace(/#.*$/, ''))) {
      const at = words[0] === 'npx' ? 1 : 0;
      if (words[at] === 'test-layers') out.push(words.slice(at + 1));
    }
  }
  return out;
}

const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-ci-examples-'));
fs.writeFileSync(path.join(sandbox, 'test-layers.config.json'), '{}');
after(() => fs.rmSync(sandbox, { recursive: true, force: true }));

async function accepted(args: string[]): Promise<void> {
  let stderr = '';
  const code = await runCli(args, { cwd: sandbox, stdout: () => {}, stderr: (s) => (stderr += s), isTTY: false });
  assert.notEqual(code, 2, `test-layers ${args.join(' ')} is rejected: ${stderr}`);
  assert.doesNotMatch(stderr, /unknown|Unknown/, `test-layers ${args.join(' ')}`);
}

describe('docs/ci/github-actions.yml', () => {
  const workflow = read('github-actions.yml');
  const jobs = workflow.jobs as Record<string, { needs?: string | string[]; steps: { run?: string; uses?: string; with?: Record<string, unknown> }[]; permissions?: Record<string, string> }>;

  test('jobs run lint → unit → integration → e2e, each needing the one before', () => {
    assert.deepEqual(Object.keys(jobs), ['lint', 'unit', 'integration', 'e2e']);
    assert.equal(jobs.lint.needs, undefined);
    assert.equal(jobs.unit.needs, 'lint');
    assert.equal(jobs.integration.needs, 'unit');
    assert.equal(jobs.e2e.needs, 'integration');
  });

  test('each test job runs its own layer with test-layers run', () => {
    for (const layer of ['unit', 'integration', 'e2e']) {
      const runs = jobs[layer].steps.flatMap((s) => invocations(s.run ?? '')).filter((a) => a[0] === 'run');
      assert.equal(runs.length, 1, layer);
      assert.equal(runs[0][runs[0].indexOf('--layer') + 1], layer);
    }
  });

  test('lint uploads the SARIF it writes and puts the markdown summary in the job summary', () => {
    const steps = jobs.lint.steps;
    const sarif = steps.flatMap((s) => invocations(s.run ?? '')).find((a) => a.includes('sarif'))!;
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.equal(upload.with?.sarif_file, sarif[sarif.indexOf('--output') + 1]);
    assert.equal(jobs.lint.permissions?.['security-events'], 'write');
    assert.ok(steps.some((s) => /test-layers --format markdown .*>> "\$GITHUB_STEP_SUMMARY"/.test(s.run ?? '')));
    assert.ok(steps.some((s) => invocations(s.run ?? '').some((a) => a.includes('--format') && a.includes('github'))));
  });

  test('every test-layers invocation uses existing subcommands and flags', async () => {
    const all = Object.values(jobs).flatMap((j) => j.steps.flatMap((s) => invocations(s.run ?? '')));
    assert.ok(all.length >= 8, `found ${all.length}`);
    for (const args of all) await accepted(args);
  });
});

describe('docs/ci/gitlab-ci.yml', () => {
  const pipeline = read('gitlab-ci.yml') as Record<string, any>;
  const jobs = Object.entries(pipeline).filter(([, v]) => v && typeof v === 'object' && 'stage' in v) as [string, { stage: string; script: string[]; artifacts?: any }][];

  test('stages run lint → unit → integration → e2e, one job each', () => {
    assert.deepEqual(pipeline.stages, ['lint', 'unit', 'integration', 'e2e']);
    assert.deepEqual(jobs.map(([, j]) => j.stage), ['lint', 'unit', 'integration', 'e2e']);
    for (const [, j] of jobs.slice(1)) {
      const run = j.script.flatMap(invocations).find((a) => a[0] === 'run')!;
      assert.equal(run[run.indexOf('--layer') + 1], j.stage);
    }
  });

  test('lint keeps SARIF, markdown and a JUnit report that GitLab displays, and posts the summary', () => {
    const [, lint] = jobs[0];
    const outputs = lint.script.flatMap(invocations).filter((a) => a.includes('--output')).map((a) => a[a.indexOf('--output') + 1]);
    assert.deepEqual(outputs, ['test-layers.junit.xml', 'test-layers.sarif', 'test-layers.md']);
    assert.equal(lint.artifacts.reports.junit, 'test-layers.junit.xml');
    for (const o of outputs) assert.ok(lint.artifacts.paths.includes(o), o);
    assert.ok(lint.script.some((l) => l.includes('body@test-layers.md')));
  });

  test('every test-layers invocation uses existing subcommands and flags', async () => {
    const all = [...(pipeline.default?.before_script ?? []), ...jobs.flatMap(([, j]) => j.script)].flatMap(invocations);
    assert.ok(all.length >= 7, `found ${all.length}`);
    for (const args of all) await accepted(args);
  });
});

describe('the checker itself', () => {
  test('finds invocations after operators and ignores redirections and comments', () => {
    assert.deepEqual(invocations('npm ci && npx test-layers --format markdown >> "$GITHUB_STEP_SUMMARY" # test-layers --nope'), [['--format', 'markdown']]);
    assert.deepEqual(invocations("test-layers run --layer 'unit' | tee log"), [['run', '--layer', 'unit']]);
  });

  test('rejects an unknown flag or subcommand value', async () => {
    await assert.rejects(accepted(['run', '--layer', 'unit', '--shard', '1/2']));
    await assert.rejects(accepted(['--format', 'gitlab']));
    await assert.rejects(accepted(['list', '--layer', 'smoke']));
  });
});
