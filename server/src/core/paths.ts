import { Minimatch } from 'minimatch';
import type { Layer } from './types';

const compiled = new Map<string, Minimatch>();

function matcher(glob: string): Minimatch {
  let m = compiled.get(glob);
  if (!m) {
    m = new Minimatch(glob, { dot: true, nocase: false });
    compiled.set(glob, m);
  }
  return m;
}

/** Forward slashes, so globs behave the same on every platform. */
export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/');
}

/** True when the path matches one of the globs. Globs without a slash match the base name. */
export function matchesAny(path: string, globs: readonly string[]): string | undefined {
  const p = normalizePath(path);
  for (const g of globs) {
    if (matcher(g).match(p)) return g;
    if (!g.includes('/') && matcher(g).match(p.slice(p.lastIndexOf('/') + 1))) return g;
  }
  return undefined;
}

/** The layer a path glob declares, checked e2e → integration → unit so the most specific folder wins. */
export function declaredLayerFromPath(path: string, layerPaths: Record<Layer, string[]>): { layer: Layer; glob: string } | undefined {
  for (const layer of ['e2e', 'integration', 'unit'] as Layer[]) {
    const glob = matchesAny(path, layerPaths[layer]);
    if (glob) return { layer, glob };
  }
  return undefined;
}
