import * as fs from 'node:fs';
import type { AnalysisError } from '../core/types';

export type SourceRead = { text: string } | { error: AnalysisError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes file bytes for analysis, or says why the file is skipped (binary, not UTF-8). */
export function decodeSource(bytes: Uint8Array, maxFileSize: number): SourceRead {
  if (bytes.length > maxFileSize) {
    return { error: { kind: 'too-large', message: `file is ${formatBytes(bytes.length)}, over the ${formatBytes(maxFileSize)} limit (maxFileSize); skipped` } };
  }
  const head = bytes.subarray(0, 8000);
  const hasUtf16Bom = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (hasUtf16Bom) return { error: { kind: 'encoding', message: 'file is UTF-16 encoded; only UTF-8 is analyzed; skipped' } };
  if (head.includes(0)) return { error: { kind: 'binary', message: 'file looks binary (contains NUL bytes); skipped' } };
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { error: { kind: 'encoding', message: 'file is not valid UTF-8; skipped' } };
  }
}

/** Reads a file for analysis, never throwing: unreadable, too large, binary and non-UTF-8 files become errors. */
export function readSource(path: string, maxFileSize: number): SourceRead {
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile()) return { error: { kind: 'unreadable', message: 'not a regular file; skipped' } };
    if (stat.size > maxFileSize) {
      return { error: { kind: 'too-large', message: `file is ${formatBytes(stat.size)}, over the ${formatBytes(maxFileSize)} limit (maxFileSize); skipped` } };
    }
    return decodeSource(fs.readFileSync(path), maxFileSize);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    return { error: { kind: 'unreadable', message: `cannot read file: ${reason}` } };
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}
