import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** File system path of a `file:` URI, or undefined for other schemes and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Same file whatever the URI spelling (clients encode `:` and `@` differently). */
export function uriKey(uri: string): string {
  return uriToPath(uri) ?? uri;
}
