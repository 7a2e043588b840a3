import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(repo, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

function importsOf(file: string): string[] {
  // Comments may quote code (`require('x')`); only code counts.
  const text = fs.readFileSync(path.join(repo, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const patterns = [
    /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1]));
}

// One direction of imports: core knows nothing of rules, LSP, CLI, fs or VS Code; rules only know core.
test('core imports only ts-morph, minimatch and itself', () => {
  for (const file of sources('server/src/core')) {
    for (const spec of importsOf(file)) {
      const ok = spec === 'ts-morph' || spec === 'minimatch' || (spec.startsWith('./') && !spec.includes('..'));
      assert.ok(ok, `${file} imports ${spec}`);
    }
  }
});

test('rules import only core and sibling rule helpers', () => {
  for (const file of sources('server/src/rules')) {
    for (const spec of importsOf(file)) {
      const ok = spec === 'ts-morph' || spec.startsWith('../core/') || spec.startsWith('./');
      assert.ok(ok, `${file} imports ${spec}`);
    }
  }
});

test('nothing on the server side imports vscode', () => {
  for (const file of sources('server/src')) assert.ok(!importsOf(file).includes('vscode'), `${file} imports vscode`);
});
