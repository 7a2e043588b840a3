import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, LspTestClient, type Diagnostic, type TextEdit } from './lsp-client';

const USERS = `import { describe, it, expect } from 'vitest';
import { Pool } from 'pg';

describe('UserRepository', () => {
  it('creates a user', async () => {
    const pool = new Pool();
    await pool.query('select 1');
    await new Promise((r) => setTimeout(r, 500));
    expect(1).toBe(1);
  });

  it.skip('is skipped', () => {
    expect(1 + 1).toBe(2);
  });
});
`;

const MATH = `import { test, expect } from 'vitest';
import { add } from './math';

test.only('adds', () => {
  expect(add(1, 2)).toBe(3);
});

test('subtracts', () => {
  expect(add(1, -2)).toBe(-1);
});
`;

interface CodeLens {
  range: { start: { line: number } };
  command?: { title: string; command: string; arguments?: unknown[] };
}
interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: Diagnostic[];
  edit?: { changes: Record<string, TextEdit[]> };
}

describe('language server over stdio', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({
      files: {
        'package.json': '{ "name": "ws", "devDependencies": { "vitest": "1.0.0" } }',
        'src/users.test.ts': USERS,
        'src/math.test.ts': MATH,
        'e2e/login.spec.ts': "import { test } from '@playwright/test';\ntest('logs in', async ({ page }) => { await page.goto('/'); });\n",
        '.hidden/ignored.test.ts': "import { test } from 'vitest';\ntest('hidden', () => {});\n",
        'node_modules/pkg/x.test.ts': "import { test } from 'vitest';\ntest('dep', () => {});\n",
      },
    });
  });
  after(async () => {
    assert.equal(await client.stop(), 0, 'the server exits with 0 after shutdown + exit');
  });

  test('initialize advertises the server commands; the crash command only with TEST_LAYERS_ALLOW_CRASH=1', () => {
    const commands = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    assert.deepEqual(commands, ['testLayers.server.setLayer', 'testLayers.server.reanalyzeWorkspace']);
  });

  test('publishes diagnostics with rule code, doc link, source and tags', async () => {
    const uri = client.open('src/users.test.ts', USERS);
    const diagnostics = await client.diagnosticsFor(uri);
    const sleep = diagnostics.find((d) => d.code === 'fixed-sleep');
    assert.ok(sleep, 'fixed-sleep reported');
    assert.equal(sleep.source, 'test-layers');
    assert.equal(sleep.severity, 2);
    assert.match(sleep.codeDescription!.href, /docs\/rules\/fixed-sleep\.md$/);
    assert.deepEqual(sleep.range, { start: { line: 7, character: 10 }, end: { line: 7, character: 48 } });
    const skipped = diagnostics.find((d) => d.code === 'skipped-test');
    assert.ok(skipped);
    assert.equal(skipped.severity, 3);
    assert.deepEqual(skipped.tags, [1], 'skipped code is marked unnecessary');
    // Findings with another end (where a leaked pool is declared) carry it as related information.
    const related = diagnostics.find((d) => d.relatedInformation && d.relatedInformation.length > 0);
    if (related) {
      assert.equal(related.relatedInformation![0].location.uri, uri);
      assert.ok(related.relatedInformation![0].message.length > 0);
    }
    const configRequests = client.configurationRequests.filter((r) => r.section === 'testLayers');
    assert.ok(configRequests.some((r) => r.scopeUri === uri), 'settings are asked for with the document as scope');
  });

  test('hover on a test title shows layer, confidence, evidence with lines and findings', async () => {
    const uri = client.uri('src/users.test.ts');
    const hover = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 4, character: 10 },
    });
    assert.ok(hover);
    assert.equal(hover.contents.kind, 'markdown');
    const text = hover.contents.value;
    assert.match(text, /\*\*Integration test\*\* · confidence high/);
    assert.match(text, /line 6: opens a database connection with `new Pool\(\)`/);
    assert.match(text, /fixed-sleep/);
    const suite = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 12 } });
    assert.match(suite.contents.value, /\*\*Suite\*\* · 2 tests · Unit 1 · Integration 1/);
    const nothing = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
    assert.equal(nothing, null);
  });

  test('code lenses: summary per top-level suite with run actions, and one per test', async () => {
    const uri = client.uri('src/users.test.ts');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const titles = lenses.map((l) => `${l.range.start.line}:${l.command?.title}`);
    assert.deepEqual(titles.slice(0, 3), ['3:Unit 1 · Integration 1', '3:▶ Run Unit', '3:▶ Run Integration']);
    assert.match(titles[3], /^4:Integration — .*new Pool\(\)/);
    assert.match(titles[4], /^11:Unit — /);
    assert.equal(titles.length, 5);
    const run = lenses[2].command!;
    assert.equal(run.command, 'testLayers.runIntegrationTestsInFile');
    assert.deepEqual(run.arguments, [uri, 'integration', ['UserRepository creates a user']]);
    assert.equal(lenses[1].command!.command, 'testLayers.runUnitTestsInFile');
    assert.equal(lenses[3].command!.command, 'testLayers.showTestDetails');
  });

  test('code actions: the rule fix applies, disable-next-line is indented, set layer writes the annotation', async () => {
    const uri = client.open('src/math.test.ts', MATH);
    const diagnostics = await client.diagnosticsFor(uri);
    const focused = diagnostics.find((d) => d.code === 'focused-test');
    assert.ok(focused, 'focused-test reported');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: focused.range,
      context: { diagnostics: [focused] },
    });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    const fixed = applyEdits(MATH, fix.edit!.changes[uri]);
    assert.match(fixed, /^test\('adds'/m);
    assert.ok(!fixed.includes('.only'));

    const disable = actions.find((a) => a.title === 'Disable focused-test for this line');
    assert.ok(disable);
    const disabled = applyEdits(MATH, disable.edit!.changes[uri]);
    assert.ok(disabled.includes("// test-layers-disable-next-line focused-test -- <reason>\ntest.only('adds'"));

    // Applying the fix in the editor clears the diagnostic.
    const version = client.change(uri, fixed);
    const after = await client.diagnosticsFor(uri, version);
    assert.ok(!after.some((d) => d.code === 'focused-test'));

    const setLayer = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 8, character: 4 }, end: { line: 8, character: 4 } },
      context: { diagnostics: [] },
    });
    const e2e = setLayer.find((a) => a.title.startsWith('Set layer of this test: E2E'));
    assert.ok(e2e, `set-layer action among ${setLayer.map((a) => a.title).join(', ')}`);
    const annotated = applyEdits(fixed, e2e.edit!.changes[uri]);
    assert.ok(annotated.includes("// @layer e2e\ntest('subtracts'"));
  });

  test('code actions come from the analysis when the request carries no diagnostics yet (just after opening)', async () => {
    const uri = client.uri('src/users.test.ts');
    const sleep = (await client.diagnosticsFor(uri)).find((d) => d.code === 'fixed-sleep')!;
    // As VS Code asks before it has applied the diagnostics the server just published.
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: sleep.range.start, end: sleep.range.start },
      context: { diagnostics: [] },
    });
    const disable = actions.find((a) => a.title === 'Disable fixed-sleep for this line');
    assert.ok(disable, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(disable.diagnostics?.[0].code, 'fixed-sleep');
    assert.deepEqual(disable.diagnostics?.[0].range, sleep.range);
    // A range that touches no finding gets no quick fix.
    const elsewhere = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(elsewhere.map((a) => a.title), []);
  });

  test('disable-next-line keeps the indentation of the flagged line', async () => {
    const uri = client.uri('src/users.test.ts');
    const sleep = (await client.diagnosticsFor(uri)).find((d) => d.code === 'fixed-sleep')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: sleep.range, context: { diagnostics: [sleep] } });
    const disable = actions.find((a) => a.title === 'Disable fixed-sleep for this line')!;
    const text = applyEdits(USERS, disable.edit!.changes[uri]);
    assert.ok(text.includes('    // test-layers-disable-next-line fixed-sleep -- <reason>\n    await new Promise'));
    // The inserted comment really suppresses the finding.
    const version = client.change(uri, text.replace('<reason>', 'waits for a third-party rate limit'));
    assert.ok(!(await client.diagnosticsFor(uri, version)).some((d) => d.code === 'fixed-sleep'));
    client.change(uri, USERS);
  });

  test('executeCommand testLayers.server.setLayer applies the edit through workspace/applyEdit', async () => {
    const uri = client.uri('src/math.test.ts');
    const before = client.appliedEdits.length;
    const result = await client.request<{ applied: boolean }>('workspace/executeCommand', {
      command: 'testLayers.server.setLayer',
      arguments: [uri, { line: 3, character: 2 }, 'integration'],
    });
    assert.deepEqual(result, { applied: true });
    const edit = client.appliedEdits[before] as { edit: { changes: Record<string, TextEdit[]> } };
    assert.equal(edit.edit.changes[uri][0].newText, '// @layer integration\n');
    assert.equal(edit.edit.changes[uri][0].range.start.line, 3);
  });

  test('testLayers/testsOfLayer and the pyramid report cover the scanned workspace', async () => {
    const report = await client.request<{ files: number; tests: number; layers: Record<string, number>; topFiles: { path: string }[]; scanning: boolean }>(
      'testLayers/pyramidReport',
      { waitForScan: true },
    );
    assert.equal(report.files, 3, 'node_modules and files.exclude folders are not scanned');
    assert.equal(report.layers.e2e, 1);
    assert.equal(report.scanning, false);
    const e2e = await client.request<{ files: { path: string; framework: string; fullNames: string[] }[] }>('testLayers/testsOfLayer', { layer: 'e2e' });
    assert.deepEqual(
      e2e.files.map((f) => [f.path.slice(client.root.length + 1), f.framework, f.fullNames]),
      [['e2e/login.spec.ts', 'playwright', ['logs in']]],
    );
    const inFile = await client.request<{ files: { fullNames: string[] }[] }>('testLayers/testsOfLayer', { layer: 'integration', uri: client.uri('src/users.test.ts') });
    assert.deepEqual(inFile.files[0].fullNames, ['UserRepository creates a user']);
  });

  test('rapid changes publish diagnostics for the final version only', async () => {
    const uri = client.uri('src/users.test.ts');
    const seen = client.publishedFor(uri).length;
    let text = USERS;
    let version = 0;
    for (let i = 0; i < 8; i++) {
      text = text.replace('setTimeout(r, 500)', `setTimeout(r, ${501 + i})`).replace(/setTimeout\(r, \d+\)/, `setTimeout(r, ${501 + i})`);
      version = client.change(uri, text);
    }
    const final = await client.diagnosticsFor(uri, version);
    assert.match(final.find((d) => d.code === 'fixed-sleep')!.message, /508 ms/);
    const published = client.publishedFor(uri).slice(seen);
    assert.deepEqual(published.map((p) => p.version), [version], 'stale versions never published');
  });

  test('a file with syntax errors keeps the last good lenses and diagnostics', async () => {
    const uri = client.uri('src/users.test.ts');
    const good = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const goodDiagnostics = client.publishedFor(uri).at(-1)!.diagnostics;
    const seen = client.publishedFor(uri).length;
    const broken = USERS.replace("describe('UserRepository', () => {", "describe('UserRepository', () => { it('x', () => { const = ;");
    const version = client.change(uri, broken);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command?.title), good.map((l) => l.command?.title));
    assert.equal(client.publishedFor(uri).length, seen, 'nothing republished while the file does not parse');
    assert.ok(goodDiagnostics.length > 0);
    const status = await client.waitFor(
      () => client.notifications.find((n) => n.method === 'testLayers/status' && (n.params as { uri: string; state: string }).uri === uri && (n.params as { state: string }).state === 'syntax-error'),
      'syntax-error status',
    );
    assert.ok(status);
    assert.ok(version > 0);
    const fixedVersion = client.change(uri, USERS);
    await client.diagnosticsFor(uri, fixedVersion);
  });

  test('a 2 MB file gets one informational diagnostic and the server stays responsive', async () => {
    const big = `import { test } from 'vitest';\n${"test('t', () => { expect(1).toBe(1); });\n".repeat(52000)}`;
    assert.ok(big.length > 2_000_000);
    const uri = client.open('src/big.test.ts', big);
    const diagnostics = await client.diagnosticsFor(uri);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, 3);
    assert.equal(diagnostics[0].code, 'file-skipped');
    assert.match(diagnostics[0].message, /2 MB, over the 1 MB limit/);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses, []);
    const hover = await client.request('textDocument/hover', { textDocument: { uri: client.uri('src/users.test.ts') }, position: { line: 4, character: 10 } });
    assert.ok(hover);
    client.close(uri);
  });

  test('settings are pulled per resource and re-read on didChangeConfiguration', async () => {
    const uri = client.uri('src/users.test.ts');
    client.settings = { codeLens: { perTest: false }, rules: { customizations: { 'fixed-sleep': 'error', 'skipped-test': 'off' } } };
    const refreshes = client.codeLensRefreshes;
    const seen = client.publishedFor(uri).length;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor(() => client.publishedFor(uri).length > seen, 'diagnostics after the settings change');
    const diagnostics = client.publishedFor(uri).at(-1)!.diagnostics;
    assert.equal(diagnostics.find((d) => d.code === 'fixed-sleep')?.severity, 1);
    assert.ok(!diagnostics.some((d) => d.code === 'skipped-test'));
    await client.waitFor(() => client.codeLensRefreshes > refreshes, 'a code lens refresh');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['Unit 1 · Integration 1', '▶ Run Unit', '▶ Run Integration']);
    client.settings = { enable: false };
    const seenDisabled = client.publishedFor(uri).length;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor(() => client.publishedFor(uri).slice(seenDisabled).some((p) => p.diagnostics.length === 0), 'cleared diagnostics when disabled');
    client.settings = {};
    client.notify('workspace/didChangeConfiguration', { settings: null });
  });

  test('evidence follows local helpers, and an edited helper open in the editor counts with its buffer text', async () => {
    const helper = "import { Pool } from 'pg';\nexport async function loadUsers() {\n  const pool = new Pool();\n  await pool.query('select 1');\n  return pool;\n}\n";
    const testText = "import { test, expect } from 'vitest';\nimport { loadUsers } from './helpers';\n\ntest('boots the app', async () => {\n  const app = await loadUsers();\n  expect(app).toBeDefined();\n});\n";
    client.write('src/helpers.ts', helper);
    const uri = client.open('src/app.test.ts', testText);
    await client.diagnosticsFor(uri);
    const lensTitle = async () => (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).find((l) => l.range.start.line === 3 && l.command?.command === 'testLayers.showTestDetails')?.command?.title;
    assert.match((await lensTitle()) ?? '', /^Integration — calls loadUsers \(helpers\.ts:2\)/);
    // The helper is opened and stripped of its database in the editor, unsaved.
    const helperUri = client.open('src/helpers.ts', 'export async function loadUsers() {\n  return { ok: true };\n}\n');
    await client.diagnosticsFor(helperUri);
    await client.diagnosticsFor(uri, client.change(uri, testText + '\n'));
    assert.match((await lensTitle()) ?? '', /^Unit — /);
    client.close(helperUri);
    client.close(uri);
  });

  test('closing a document clears its diagnostics and nothing is published for it afterwards', async () => {
    const uri = client.uri('src/math.test.ts');
    await client.diagnosticsFor(uri, client.change(uri, MATH));
    const before = client.publishedFor(uri).length;
    client.close(uri);
    const cleared = await client.waitFor(() => client.publishedFor(uri).length > before && client.publishedFor(uri).at(-1), 'cleared diagnostics');
    assert.deepEqual(cleared.diagnostics, []);
    assert.equal(cleared.version, undefined);
    const count = client.publishedFor(uri).length;
    // A request round trip later, still nothing new for the closed file.
    await client.request('testLayers/pyramidReport', {});
    await client.request('textDocument/hover', { textDocument: { uri: client.uri('src/users.test.ts') }, position: { line: 0, character: 0 } });
    assert.equal(client.publishedFor(uri).length, count);
  });
});
