import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { Minimatch } from 'minimatch';
import { normalizePath } from '../core/paths';

export interface ScanOptions {
  /** Folder globs are relative to (the config file's folder). */
  root: string;
  include: string[];
  exclude: string[];
  /** Honour `.gitignore` files found while walking. Default true. */
  gitignore?: boolean;
}

interface Matchers {
  include: Minimatch[];
  exclude: Minimatch[];
}

const matcherCache = new Map<string, Matchers>();

function matchers(options: ScanOptions): Matchers {
  const key = JSON.stringify([options.include, options.exclude]);
  let m = matcherCache.get(key);
  if (!m) {
    const mk = (g: string) => new Minimatch(g, { dot: true });
    m = { include: options.include.map(mk), exclude: options.exclude.map(mk) };
    matcherCache.set(key, m);
  }
  return m;
}

/** Relative, forward-slash path used for glob matching. */
export function relativeForGlobs(root: string, file: string): string {
  const rel = normalizePath(path.relative(root, file));
  return rel.startsWith('../') ? normalizePath(path.resolve(file)) : rel;
}

export function isExcluded(rel: string, options: ScanOptions, isDir = false): boolean {
  const m = matchers(options);
  const probe = isDir ? `${rel}/` : rel;
  // A folder is excluded when `folder/**` patterns would match anything inside it.
  return m.exclude.some((x) => x.match(rel) || (isDir && (x.match(`${rel}/x`) || x.match(probe))));
}

export function isIncluded(rel: string, options: ScanOptions): boolean {
  return matchers(options).include.some((x) => x.match(rel));
}

/**
 * Yields test files under the given folders, in a stable order. Excludes and `.gitignore` are applied to
 * folders before descending, so `node_modules` is never read.
 */
export function* scanFiles(dirs: string[], options: ScanOptions): Generator<string> {
  const useGitignore = options.gitignore !== false;
  type Frame = { dir: string; ignores: { base: string; ig: Ignore }[] };
  for (const start of dirs) {
    const stack: Frame[] = [{ dir: path.resolve(start), ignores: useGitignore ? gitignoresAbove(path.resolve(start)) : [] }];
    while (stack.length > 0) {
      const { dir, ignores } = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      let local = ignores;
      if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
        const ig = readGitignore(path.join(dir, '.gitignore'));
        if (ig) local = [...ignores, { base: dir, ig }];
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: Frame[] = [];
      for (const e of entries) {
        const full = path.join(dir, e.name);
        const rel = relativeForGlobs(options.root, full);
        const isDir = e.isDirectory();
        if (!isDir && !e.isFile()) continue;
        if (isDir && (e.name === '.git' || e.name === 'node_modules')) continue;
        if (isExcluded(rel, options, isDir)) continue;
        if (local.some(({ base, ig }) => ig.ignores(normalizePath(path.relative(base, full)) + (isDir ? '/' : '')))) continue;
        if (isDir) subdirs.push({ dir: full, ignores: local });
        else if (isIncluded(rel, options)) yield full;
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
    }
  }
}

function readGitignore(file: string): Ignore | undefined {
  try {
    return ignore().add(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** `.gitignore` files in the folders above a scan start, up to the repository root. */
function gitignoresAbove(dir: string): { base: string; ig: Ignore }[] {
  const found: { base: string; ig: Ignore }[] = [];
  let cur = path.dirname(dir);
  for (let i = 0; i < 30; i++) {
    const file = path.join(cur, '.gitignore');
    if (fs.existsSync(file)) {
      const ig = readGitignore(file);
      if (ig) found.unshift({ base: cur, ig });
    }
    if (fs.existsSync(path.join(cur, '.git'))) break;
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  return found;
}
