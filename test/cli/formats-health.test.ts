import { test, describe, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { parseConfigText } from '../../server/src/config/load-config';
import {
  assessShape, DEFAULT_PYRAMID_THRESHOLDS, formatHealthMarkdown, HealthBuilder, packageNamer, pyramidThresholds,
} from '../../server/src/report/health';
import type { JsonFile } from '../../server/src/report/json';

const counts = (unit: number, integration: number, e2e: number) => ({ unit, integration, e2e });

describe('assessShape', () => {
  test('each shape with its counts in the reason', () => {
    assert.equal(assessShape(counts(70, 20, 10)).shape, 'pyramid');
    assert.equal(assessShape(counts(10, 10, 0)).shape, 'pyramid', 'half unit is enough');
    assert.equal(assessShape(counts(2, 3, 4)).shape, 'too-few-tests');
    const inverted = assessShape(counts(5, 10, 30));
    assert.deepEqual([inverted.shape, inverted.healthy], ['inverted', false]);
    assert.match(inverted.reason, /more e2e tests \(30\) than unit tests \(5\)/);
    const hourglass = assessShape(counts(60, 5, 35));
    assert.equal(hourglass.shape, 'hourglass');
    assert.match(hourglass.reason, /fewer integration tests \(5\) than e2e tests \(35\), and e2e is 35%/);
    assert.equal(assessShape(counts(100, 5, 10)).shape, 'pyramid', 'few integration but few e2e too: not an hourglass');
    assert.equal(assessShape(counts(20, 50, 10)).shape, 'diamond');
    assert.equal(assessShape(counts(50, 25, 25)).shape, 'top-heavy', '25% e2e');
    assert.equal(assessShape(counts(40, 40, 20)).shape, 'top-heavy', '40% unit');
  });

  test('thresholds are configurable', () => {
    const strict = pyramidThresholds({ maxE2eShare: 0.05, minTests: 3 });
    assert.equal(assessShape(counts(70, 20, 10), strict).shape, 'top-heavy');
    assert.equal(assessShape(counts(70, 5, 10), strict).shape, 'hourglass');
    assert.equal(assessShape(counts(2, 1, 0), strict).shape, 'pyramid');
    assert.deepEqual(pyramidThresholds(), DEFAULT_PYRAMID_THRESHOLDS);
  });
});

const file = (p: string, layers: string[]): JsonFile => ({
  path: p, framework: 'jest', findings: [], errors: [],
  tests: layers.map((layer, i) => ({ name: `t${i}`, fullName: `t${i}`, kind: 'test', line: i + 1, endLine: i + 1, layer: layer as 'unit', declaredLayer: null, confidence: 'high', evidence: [] })),
});

describe('HealthBuilder', () => {
  test('judges every package and the total; failing lists the packages with a failing shape', () => {
    const h = new HealthBuilder();
    h.add(file('web/a.test.ts', [...Array(3).fill('unit'), ...Array(12).fill('e2e')]), 'web');
    h.add(file('api/a.test.ts', [...Array(30).fill('unit'), ...Array(10).fill('integration'), 'e2e']), 'api');
    h.add(file('api/empty.test.ts', []), 'docs');
    const report = h.build();
    assert.deepEqual(report.packages.map((p) => [p.package, p.shape, p.tests]), [['api', 'pyramid', 41], ['web', 'inverted', 15]]);
    // The total (33 / 10 / 13) is an hourglass too: a monorepo cannot hide it behind healthy packages.
    assert.deepEqual(report.failing, ['web', '(all packages)']);
    assert.deepEqual(report.counts, counts(33, 10, 13));
    assert.equal(report.shape, 'hourglass');
    const md = formatHealthMarkdown(report);
    assert.match(md, /\| `web` \| 3 \(20%\) \| 0 \(0%\) \| 12 \(80%\) \| ❌ inverted \| more e2e tests \(12\) than unit tests \(3\)/);
    assert.match(md, /\| \*\*all\*\* \| 33 /);
    assert.match(md, /fail `--fail-on-shape` \(inverted, hourglass\): `web`/);
  });

  test('a package of e2e tests only is judged in the total, not on its own', () => {
    const h = new HealthBuilder();
    h.add(file('apps/web/a.test.ts', Array(40).fill('unit')), 'apps/web');
    h.add(file('apps/web-e2e/a.spec.ts', Array(5).fill('e2e')), 'apps/web-e2e');
    const report = h.build();
    assert.deepEqual(report.packages.map((p) => p.shape), ['pyramid', 'e2e-only']);
    assert.deepEqual([report.shape, report.failing], ['pyramid', []]);
  });

  test('packageNamer names the nearest package.json folder relative to the working folder', () => {
    const tree = new Set(['/w/package.json', '/w/packages/a/package.json']);
    const name = packageNamer('/w', (p) => tree.has(p));
    assert.equal(name('/w/packages/a/src/x.test.ts'), 'packages/a');
    assert.equal(name('/w/test/y.test.ts'), '.');
    assert.equal(name('/elsewhere/z.test.ts'), '.');
  });
});

describe('--fail-on-shape and the pyramid config', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-layers-health-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'package.json'), '{}');
  fs.mkdirSync(path.join(dir, 'web'));
  fs.writeFileSync(path.join(dir, 'web', 'package.json'), '{}');
  const e2e = Array.from({ length: 11 }, (_, i) => `test('page ${i}', async ({ page }) => { await page.goto('/p${i}'); });`).join('\n');
  fs.writeFileSync(path.join(dir, 'web', 'pages.spec.ts'), `import { test } from '@playwright/test';\n${e2e}\n`);
  fs.writeFileSync(path.join(dir, 'web', 'unit.test.ts'), `test('adds', () => { expect(1 + 1).toBe(2); });\n`);

  async function cli(args: string[], config: object) {
    fs.writeFileSync(path.join(dir, 'test-layers.config.json'), JSON.stringify(config));
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { cwd: dir, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
    return { code, stdout, stderr };
  }

  test('an inverted package fails the gate only when asked', async () => {
    assert.equal((await cli(['.'], {})).code, 0);
    const gated = await cli(['--fail-on-shape', '.'], {});
    assert.equal(gated.code, 1);
    assert.match(gated.stderr, /pyramid shape gate failed for web/);
    assert.match(gated.stdout, /Pyramid: web is inverted: more e2e tests \(11\) than unit tests \(1\)/);
  });

  test('config thresholds and failOn apply; the JSON summary and markdown show the health', async () => {
    assert.equal((await cli(['--fail-on-shape', '.'], { pyramid: { failOn: ['hourglass'] } })).code, 0);
    assert.equal((await cli(['--fail-on-shape', '.'], { pyramid: { minTests: 100 } })).code, 0, 'too few tests to judge');
    const json = JSON.parse((await cli(['--format', 'json', '.'], { pyramid: { maxE2eShare: 0.1 } })).stdout);
    assert.equal(json.summary.health.thresholds.maxE2eShare, 0.1);
    assert.deepEqual(json.summary.health.packages.map((p: { package: string; shape: string }) => [p.package, p.shape]), [['web', 'inverted']]);
    const md = (await cli(['--format', 'markdown', '.'], {})).stdout;
    assert.match(md, /### Pyramid health by package/);
    const gh = await cli(['--format', 'github', '--fail-on-shape', '.'], {});
    assert.match(gh.stdout, /^::error title=pyramid-shape%3A inverted::web: more e2e tests \(11\) than unit tests \(1\)/m);
  });

  test('the schema validates the pyramid section', () => {
    assert.equal(parseConfigText('{ "pyramid": { "minTests": 5, "minUnitShare": 0.6, "maxE2eShare": 0.1, "failOn": ["inverted", "diamond"] } }').problems.length, 0);
    for (const bad of ['{ "pyramid": { "maxE2eShare": 2 } }', '{ "pyramid": { "failOn": ["square"] } }', '{ "pyramid": { "shape": 1 } }']) {
      assert.ok(parseConfigText(bad).problems.length > 0, bad);
    }
    const invalid = cli(['--fail-on-shape', '.'], { pyramid: { minUnitShare: -1 } });
    return invalid.then((r) => assert.equal(r.code, 2));
  });
});
