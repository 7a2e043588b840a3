import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { IN_PROCESS_FIRST } from '../../server/src/node/parallel';
import { generateFile } from '../../bench/corpus';

function project(count: number): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-scale-'));
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = generateFile(11, i, { lines: 40 + (i % 5) * 30, broken: i % 13 === 5 });
    const name = path.join(dir, 'tests', `f${String(i).padStart(3, '0')}.test.ts`);
    fs.mkdirSync(path.dirname(name), { recursive: true });
    fs.writeFileSync(name, f.text);
    files.push(name);
  }
  return { dir, files };
}

async function cli(argv: string[], cwd: string, onWrite?: (chunk: string) => void) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    stdout: (s) => {
      stdout += s;
      onWrite?.(s);
    },
    stderr: (s) => (stderr += s),
    isTTY: false,
  });
  return { code, stdout, stderr };
}

test('files deleted or renamed while the CLI runs are reported and the run goes on (in-process)', async () => {
  const { dir, files } = project(6);
  try {
    let acted = false;
    const r = await cli(['tests', '--format', 'json', '--fail-on', 'never', '--jobs', '1'], dir, (chunk) => {
      if (!acted && chunk.includes('"path"')) {
        acted = true;
        fs.rmSync(files[2]);
        fs.renameSync(files[3], files[3].replace('.test.ts', '-renamed.test.ts'));
      }
    });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { path: string; errors: { kind: string; message: string }[] }[] };
    assert.deepEqual(report.files.map((f) => path.basename(f.path)), files.map((f) => path.basename(f)));
    for (const i of [2, 3]) {
      assert.equal(report.files[i].errors[0]?.kind, 'unreadable', JSON.stringify(report.files[i].errors));
      assert.match(report.files[i].errors[0].message, /does not exist/);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with 2 worker threads the JSON output is byte-identical to the in-process run, in scan order', { timeout: 600_000 }, async () => {
  const { dir } = project(IN_PROCESS_FIRST + 36);
  try {
    const one = await cli(['tests', '--format', 'json', '--fail-on', 'never', '--jobs', '1'], dir);
    const two = await cli(['tests', '--format', 'json', '--fail-on', 'never', '--jobs', '2'], dir);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    assert.equal(two.stdout, one.stdout);
    const text1 = await cli(['tests', '--fail-on', 'never', '--jobs', '1', '--no-color'], dir);
    const text2 = await cli(['tests', '--fail-on', 'never', '--jobs', '2', '--no-color'], dir);
    assert.equal(text2.stdout, text1.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('files vanishing under 2 worker threads never stop the run; every scanned file is reported once', { timeout: 600_000 }, async () => {
  const { dir, files } = project(IN_PROCESS_FIRST + 30);
  try {
    let writes = 0;
    const r = await cli(['tests', '--format', 'json', '--fail-on', 'never', '--jobs', '2'], dir, () => {
      writes++;
      if (writes === IN_PROCESS_FIRST) for (const f of files.slice(IN_PROCESS_FIRST + 5)) fs.rmSync(f, { force: true });
    });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { path: string }[] };
    assert.deepEqual(report.files.map((f) => path.basename(f.path)), files.map((f) => path.basename(f)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--jobs rejects nonsense with exit 2', async () => {
  for (const bad of ['0', '-1', 'two', '1.5']) {
    const r = await cli(['.', '--jobs', bad], os.tmpdir());
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--jobs/);
  }
});
