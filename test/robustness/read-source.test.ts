import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeSource, readSource } from '../../server/src/node/read-source';
import { rng } from '../../bench/corpus';

const MB = 1024 * 1024;

test('random bytes never throw and never decode into text with NULs', () => {
  const r = rng(99);
  for (let i = 0; i < 2000; i++) {
    const bytes = new Uint8Array(Math.floor(r() * 300));
    for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(r() * 256);
    const read = decodeSource(bytes, MB);
    if ('text' in read) assert.ok(!read.text.includes('\0'));
    else assert.ok(['binary', 'encoding'].includes(read.error.kind), read.error.kind);
  }
});

test('binary, UTF-16 and invalid UTF-8 are skipped with a reason; a UTF-8 BOM is dropped', () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  assert.equal(('error' in decodeSource(png, MB) && decodeSource(png, MB)) ? (decodeSource(png, MB) as { error: { kind: string } }).error.kind : '', 'binary');
  const utf16 = Buffer.from('\ufeffit("a", () => {});', 'utf16le');
  assert.equal((decodeSource(utf16, MB) as { error: { kind: string } }).error.kind, 'encoding');
  const latin1 = Buffer.from('it("café", () => {});', 'latin1');
  assert.equal((decodeSource(latin1, MB) as { error: { kind: string } }).error.kind, 'encoding');
  const overlong = Uint8Array.from([0x69, 0x74, 0xc0, 0xaf]);
  assert.equal((decodeSource(overlong, MB) as { error: { kind: string } }).error.kind, 'encoding');
  const bom = Buffer.from('\ufeffit("a", () => {});', 'utf8');
  assert.equal((decodeSource(bom, MB) as { text: string }).text, 'it("a", () => {});');
});

test('readSource on missing files, folders, empty and oversized files reports errors and never throws', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-read-'));
  try {
    assert.equal((readSource(path.join(dir, 'gone.test.ts'), MB) as { error: { kind: string } }).error.kind, 'unreadable');
    assert.equal((readSource(dir, MB) as { error: { kind: string } }).error.kind, 'unreadable');
    fs.writeFileSync(path.join(dir, 'empty.test.ts'), '');
    assert.equal((readSource(path.join(dir, 'empty.test.ts'), MB) as { text: string }).text, '');
    fs.writeFileSync(path.join(dir, 'big.test.ts'), Buffer.alloc(2 * MB, 0x61));
    assert.equal((readSource(path.join(dir, 'big.test.ts'), MB) as { error: { kind: string } }).error.kind, 'too-large');
    fs.writeFileSync(path.join(dir, 'bin.test.ts'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    assert.equal((readSource(path.join(dir, 'bin.test.ts'), MB) as { error: { kind: string } }).error.kind, 'binary');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
