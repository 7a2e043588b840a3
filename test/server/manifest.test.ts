import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClientCommands, ServerCommands } from '../../server/src/shared/protocol';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/shared/settings';
import { RUNNER_KINDS } from '../../server/src/core/runners';
import { REPO } from './lsp-client';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const settings: Record<string, { default: unknown; scope: string; markdownDescription?: string; enum?: string[] }> = pkg.contributes.configuration.properties;

/** Rows of the first table after a `## <title>` heading, as arrays of trimmed cells. */
function tableAfter(title: string): string[][] {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has a "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1)
    .map((l) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
}

const code = (cell: string) => /^`(.*)`$/.exec(cell)?.[1];

test('README settings table lists every setting with its default and scope (and nothing else)', () => {
  const rows = tableAfter('Settings');
  const documented = new Map(rows.map((r) => [code(r[0]), r]));
  assert.deepEqual([...documented.keys()].sort(), Object.keys(settings).sort());
  for (const [key, schema] of Object.entries(settings)) {
    const row = documented.get(key)!;
    assert.equal(code(row[1]), JSON.stringify(schema.default), `default of ${key}`);
    assert.equal(row[2], schema.scope, `scope of ${key}`);
  }
});

test('every setting declares a scope and a markdown description; executable ones are restricted when untrusted', () => {
  const scopes = new Set(['application', 'machine', 'window', 'resource', 'language-overridable', 'machine-overridable']);
  for (const [key, schema] of Object.entries(settings)) {
    assert.match(key, /^testLayers\.(enable|[a-zA-Z]+\.[a-zA-Z]+)$/);
    assert.ok(scopes.has(schema.scope), `${key} scope`);
    assert.ok((schema.markdownDescription ?? '').length > 20, `${key} description`);
  }
  assert.equal(pkg.contributes.configuration.title, 'Test Layers');
  const untrusted = pkg.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.deepEqual(untrusted.restrictedConfigurations.sort(), ['testLayers.run.command', 'testLayers.run.nodePath']);
  assert.equal(settings['testLayers.run.nodePath'].scope, 'machine-overridable');
  assert.equal(settings['testLayers.run.command'].scope, 'machine-overridable');
});

test('the typed settings mirror matches the manifest defaults', () => {
  const flat: Record<string, unknown> = {};
  const walk = (prefix: string, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
    } else flat[prefix] = value;
  };
  walk('testLayers', DEFAULT_SETTINGS);
  assert.deepEqual(Object.keys(flat).sort(), Object.keys(settings).sort());
  for (const [key, schema] of Object.entries(settings)) assert.deepEqual(flat[key], schema.default, key);
  assert.deepEqual(normalizeSettings(null), DEFAULT_SETTINGS);
  assert.deepEqual(settings['testLayers.run.runner'].enum, ['auto', ...RUNNER_KINDS]);
});

test('README commands table lists every palette command with its title (and nothing else)', () => {
  const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'testLayers.never').map((m: { command: string }) => m.command));
  const visible = pkg.contributes.commands.filter((c: { command: string }) => !hidden.has(c.command));
  const rows = tableAfter('Commands');
  assert.deepEqual(
    rows.map((r) => [r[0], code(r[1])]),
    visible.map((c: { category: string; title: string; command: string }) => [`${c.category}: ${c.title}`, c.command]),
  );
  for (const c of pkg.contributes.commands) {
    assert.equal(c.category, 'Test Layers');
    assert.match(c.command, /^testLayers\.[a-z]+[A-Za-z0-9]*$/);
  }
});

test('every client command in the protocol is contributed, internal ones hidden; server commands are not contributed', () => {
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  assert.deepEqual([...contributed].sort(), Object.values(ClientCommands).sort());
  for (const id of Object.values(ServerCommands)) assert.ok(!contributed.has(id), `${id} must stay internal`);
  const never = pkg.contributes.menus.commandPalette.find((m: { command: string }) => m.command === ClientCommands.showTestDetails);
  assert.equal(never?.when, 'testLayers.never');
});

test('the manifest declares the grammar, the config schema, the activation and the engine', () => {
  assert.equal(pkg.engines.vscode, '^1.100.0');
  assert.equal(pkg.main, './dist/extension.js');
  assert.ok(fs.existsSync(path.join(REPO, pkg.icon)));
  for (const g of pkg.contributes.grammars) assert.ok(fs.existsSync(path.join(REPO, g.path)), g.path);
  for (const v of pkg.contributes.jsonValidation) assert.ok(fs.existsSync(path.join(REPO, v.url)), v.url);
  assert.ok(pkg.activationEvents.includes('onLanguage:typescript'));
  assert.equal(pkg.bin['test-layers-lsp'], 'bin/test-layers-lsp.js');
});

test('the injection grammar highlights @layer annotations and disable comments', () => {
  const grammar = JSON.parse(fs.readFileSync(path.join(REPO, 'syntaxes/test-layers-annotations.tmLanguage.json'), 'utf8'));
  const layer = new RegExp(grammar.repository['layer-annotation'].match);
  assert.deepEqual([...(layer.exec('// @layer integration') ?? [])].slice(1), ['@layer', 'integration']);
  assert.equal(layer.exec('// @layer integrations'), null);
  const disable = new RegExp(grammar.repository['disable-directive'].match);
  assert.deepEqual([...(disable.exec('// test-layers-disable-next-line fixed-sleep, real-network -- waits for a rate limit') ?? [])].slice(1), [
    'test-layers-disable-next-line',
    'fixed-sleep, real-network',
    '--',
    'waits for a rate limit',
  ]);
  assert.deepEqual([...(disable.exec('/* test-layers-disable focused-test */') ?? [])].slice(1, 3), ['test-layers-disable', 'focused-test']);
});

// The .vsix content is an allow-list: bundles, grammar, schema, rule docs, README, license, icon, manifest.
test('vsce ls lists exactly the allow-list', { timeout: 60_000 }, () => {
  const vsce = path.join(REPO, 'node_modules/@vscode/vsce/vsce');
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' });
  const files = out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
  const allowed = [
    /^package\.json$/,
    /^README\.md$/,
    /^LICENSE$/,
    /^images\/icon\.png$/,
    /^dist\/(extension|server|scan-worker)\.js$/,
    /^schema\/test-layers\.config\.schema\.json$/,
    /^syntaxes\/test-layers-annotations\.tmLanguage\.json$/,
    /^docs\/rules\/[a-z-]+\.md$/,
  ];
  for (const f of files) assert.ok(allowed.some((r) => r.test(f)), `${f} is not on the allow-list`);
  for (const needed of ['package.json', 'README.md', 'LICENSE', 'images/icon.png', 'dist/extension.js', 'dist/server.js', 'dist/scan-worker.js', 'schema/test-layers.config.schema.json']) {
    assert.ok(files.includes(needed), `${needed} missing from the package`);
  }
});
