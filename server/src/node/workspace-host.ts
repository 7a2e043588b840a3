import * as fs from 'node:fs';
import * as path from 'node:path';
import { HelperIndex } from '../core/helper-summaries';
import type { WorkspaceHost } from '../core/resolve';

export interface NodeWorkspaceHost extends WorkspaceHost {
  /** Text of open documents wins over the disk (language server). */
  setOverlay(file: string, text: string | undefined): void;
  /** Forgets what is known about a path (after a change on disk). */
  invalidate(file?: string): void;
}

/** Absolute path with `/` separators, the form the core works with. */
export function toHostPath(file: string): string {
  return path.resolve(file).split(path.sep).join('/');
}

/**
 * A workspace host over the real file system. `cacheStat` remembers existence checks and folder listings for the
 * life of the host: right for one CLI run; the language server invalidates on file events instead.
 */
export function createNodeWorkspaceHost(options: { cacheStat?: boolean } = {}): NodeWorkspaceHost {
  const overlay = new Map<string, string>();
  const stats = new Map<string, 'file' | 'dir' | null>();
  const dirs = new Map<string, string[]>();
  const stat = (p: string): 'file' | 'dir' | null => {
    if (options.cacheStat && stats.has(p)) return stats.get(p)!;
    let kind: 'file' | 'dir' | null = null;
    try {
      const s = fs.statSync(p);
      kind = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : null;
    } catch {
      kind = null;
    }
    if (options.cacheStat) stats.set(p, kind);
    return kind;
  };
  return {
    fileExists: (p) => overlay.has(p) || stat(p) === 'file',
    directoryExists: (p) => stat(p) === 'dir',
    readFile: (p) => {
      const open = overlay.get(p);
      if (open !== undefined) return open;
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    getDirectories: (p) => {
      const cached = dirs.get(p);
      if (cached) return cached;
      let names: string[] = [];
      try {
        names = fs.readdirSync(p, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
      } catch {
        names = [];
      }
      if (options.cacheStat) dirs.set(p, names);
      return names;
    },
    setOverlay: (file, text) => {
      if (text === undefined) overlay.delete(file);
      else overlay.set(file, text);
    },
    invalidate: (file) => {
      if (file === undefined) {
        stats.clear();
        dirs.clear();
      } else {
        stats.delete(file);
        dirs.delete(path.posix.dirname(file));
      }
    },
  };
}

/** A helper index over the real file system, shared by every analysis of a CLI run or a server session. */
export function createNodeHelperIndex(options: { cacheStat?: boolean } = {}): { host: NodeWorkspaceHost; index: HelperIndex } {
  const host = createNodeWorkspaceHost(options);
  return { host, index: new HelperIndex(host) };
}
