import { ts } from 'ts-morph';

/**
 * What the analyzer may ask of a workspace. Paths are absolute with `/` separators. Pure over this interface:
 * the CLI and the language server pass a host over the real file system (or open documents), tests pass an in-memory one.
 */
export interface WorkspaceHost {
  fileExists(path: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  directoryExists?(path: string): boolean;
  /** Names of the sub-folders of a folder; needed to find the packages of a monorepo. */
  getDirectories?(path: string): string[];
}

/** Where a module specifier leads: a local source file, or an installed package known by name only. */
export type ResolvedModule = { kind: 'file'; path: string } | { kind: 'package'; name: string };

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
const MAX_WORKSPACE_PACKAGES = 2000;

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** Joins and normalises `/` paths (`.` and `..` segments), as the core has no `node:path`. */
export function joinPath(dir: string, rel: string): string {
  const full = rel.startsWith('/') ? rel : `${dir}/${rel}`;
  const out: string[] = [];
  for (const seg of full.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/** Package name of a bare specifier (`@scope/name/sub` → `@scope/name`), or undefined for a path. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || /^[a-zA-Z]:/.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

interface ConfigEntry {
  options: ts.CompilerOptions;
  cache: ts.ModuleResolutionCache;
}

/**
 * Resolves import specifiers the way the TypeScript compiler does (Bundler resolution: relative paths, `.js` → `.ts`,
 * tsconfig/jsconfig `paths` and `baseUrl` with `extends`, package.json `imports` and `exports`), and maps workspace
 * packages of a monorepo (npm/yarn `workspaces`, `pnpm-workspace.yaml`) to their folders as if they were linked
 * into node_modules. Everything it learns about the workspace is cached; `invalidate` forgets it.
 */
export class ModuleResolver {
  private readonly configByDir = new Map<string, string | null>();
  private readonly configs = new Map<string, ConfigEntry>();
  private readonly workspaceByDir = new Map<string, Map<string, string> | null>();
  private readonly resolved = new Map<string, ResolvedModule | undefined>();
  private readonly tsHost: ts.ModuleResolutionHost;
  /** Workspace packages seen so far, name → folder, for the virtual node_modules. */
  private readonly packages = new Map<string, string>();

  constructor(private readonly host: WorkspaceHost) {
    this.tsHost = {
      fileExists: (p) => host.fileExists(this.unvirtual(p)),
      readFile: (p) => host.readFile(this.unvirtual(p)),
      directoryExists: (p) => {
        // The virtual node_modules folders exist as soon as workspace packages are known.
        if (this.packages.size > 0 && (p.endsWith('/node_modules') || /\/node_modules\/@[^/]+$/.test(p))) return true;
        const real = this.unvirtual(p);
        if (host.directoryExists) return host.directoryExists(real);
        return true;
      },
      realpath: (p) => this.unvirtual(p),
      getCurrentDirectory: () => '/',
    };
  }

  /** Forgets cached configuration and resolutions (after a tsconfig or package.json changed). */
  invalidate(): void {
    this.configByDir.clear();
    this.configs.clear();
    this.workspaceByDir.clear();
    this.resolved.clear();
    this.packages.clear();
  }

  /** Resolves `specifier` imported from the file at `fromFile`. */
  resolve(specifier: string, fromFile: string): ResolvedModule | undefined {
    const dir = dirname(fromFile);
    const key = `${dir}\0${specifier}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const result = this.resolveUncached(specifier, fromFile);
    this.resolved.set(key, result);
    return result;
  }

  private resolveUncached(specifier: string, fromFile: string): ResolvedModule | undefined {
    if (specifier.startsWith('node:')) return { kind: 'package', name: specifier };
    const dir = dirname(fromFile);
    // Relative paths are most imports: a direct look-up answers them without the compiler's machinery.
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      const direct = this.relativeSource(joinPath(dir, specifier));
      if (direct) return { kind: 'file', path: direct };
    }
    const workspace = this.workspaceFor(dir);
    const config = this.configFor(dir);
    const attempt = (mode: ts.ResolutionMode) =>
      ts.resolveModuleName(specifier, fromFile, config.options, this.tsHost, config.cache, undefined, mode).resolvedModule;
    const found = attempt(ts.ModuleKind.ESNext) ?? attempt(ts.ModuleKind.CommonJS);
    const name = packageNameOf(specifier);
    if (found) {
      const file = this.unvirtual(found.resolvedFileName);
      if (!file.includes('/node_modules/')) {
        const source = this.sourceFor(file);
        if (source) return { kind: 'file', path: source };
      }
    }
    if (specifier.startsWith('#')) {
      const source = this.packageImportSource(specifier, dir);
      if (source) return { kind: 'file', path: source };
    }
    // Workspace packages whose entry points at build output: fall back to the package's source folder.
    if (name && workspace?.has(name)) {
      const source = this.packageSourceEntry(workspace.get(name)!, specifier.slice(name.length));
      if (source) return { kind: 'file', path: source };
    }
    if (!found && !name) return undefined;
    return name ? { kind: 'package', name } : undefined;
  }

  /**
   * package.json `imports` that point at build output (`"#src/*": "./lib/*"`) stand for the sources the output is
   * built from: try the target under `src/` with source extensions.
   */
  private packageImportSource(specifier: string, dir: string): string | undefined {
    const pkgPath = this.findUp(dir, ['package.json']);
    if (!pkgPath) return undefined;
    let imports: Record<string, unknown> | undefined;
    try {
      imports = (JSON.parse(this.host.readFile(pkgPath) ?? '{}') as { imports?: Record<string, unknown> }).imports;
    } catch {
      return undefined;
    }
    if (!imports) return undefined;
    const pkgDir = dirname(pkgPath);
    for (const [key, value] of Object.entries(imports)) {
      const target = typeof value === 'string' ? value : pickCondition(value);
      if (!target) continue;
      let mapped: string | undefined;
      if (key.includes('*')) {
        const [pre, post] = key.split('*');
        if (specifier.startsWith(pre) && specifier.endsWith(post) && specifier.length >= pre.length + post.length) {
          mapped = target.replace('*', specifier.slice(pre.length, specifier.length - post.length));
        }
      } else if (key === specifier) mapped = target;
      if (!mapped) continue;
      const rel = mapped.replace(/^\.\//, '');
      const stem = rel.replace(/\.[cm]?jsx?$/, '').replace(/\.d\.[cm]?ts$/, '');
      const stems = [stem, stem.replace(/^(?:lib|dist|build|out|esm|cjs)\//, 'src/')];
      for (const st of stems) {
        for (const ext of SOURCE_EXTENSIONS) {
          const p = joinPath(pkgDir, st + ext);
          if (this.host.fileExists(p)) return p;
        }
        for (const ext of SOURCE_EXTENSIONS) {
          const p = joinPath(pkgDir, `${st}/index${ext}`);
          if (this.host.fileExists(p)) return p;
        }
      }
    }
    return undefined;
  }

  private relativeSource(base: string): string | undefined {
    const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
    const hadJsExtension = stem !== base;
    if (!hadJsExtension && /\.(?:[cm]?tsx?)$/.test(base) && this.host.fileExists(base)) return base;
    for (const ext of SOURCE_EXTENSIONS) if (this.host.fileExists(stem + ext)) return stem + ext;
    if (!hadJsExtension) for (const ext of SOURCE_EXTENSIONS) if (this.host.fileExists(`${base}/index${ext}`)) return `${base}/index${ext}`;
    return undefined;
  }

  /** A resolved `.d.ts` stands for its source when the source sits beside it. */
  private sourceFor(file: string): string | undefined {
    if (!file.endsWith('.d.ts') && !file.endsWith('.d.mts') && !file.endsWith('.d.cts')) return file;
    const base = file.replace(/\.d\.[mc]?ts$/, '');
    for (const ext of SOURCE_EXTENSIONS) if (this.host.fileExists(base + ext)) return base + ext;
    return undefined;
  }

  private packageSourceEntry(pkgDir: string, subpath: string): string | undefined {
    const rest = subpath.replace(/^\//, '').replace(/\.[cm]?js$/, '');
    const candidates = rest
      ? [`src/${rest}`, rest, `src/${rest}/index`, `${rest}/index`]
      : ['src/index', 'index', 'lib/index', 'src/main'];
    for (const c of candidates) {
      for (const ext of SOURCE_EXTENSIONS) {
        const p = joinPath(pkgDir, c + ext);
        if (this.host.fileExists(p)) return p;
      }
    }
    return undefined;
  }

  /** Maps `<any>/node_modules/<workspace package>/rest` onto the package's folder. */
  private unvirtual(p: string): string {
    const at = p.lastIndexOf('/node_modules/');
    if (at < 0 || this.packages.size === 0) return p;
    const rest = p.slice(at + '/node_modules/'.length);
    const parts = rest.split('/');
    const name = rest.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const dir = this.packages.get(name);
    if (!dir) return p;
    const tail = rest.slice(name.length);
    return dir + tail;
  }

  private findUp(dir: string, names: string[]): string | undefined {
    for (let d = dir; ; d = dirname(d)) {
      for (const n of names) {
        const p = d === '/' ? `/${n}` : `${d}/${n}`;
        if (this.host.fileExists(p)) return p;
      }
      if (d === '/' || d === dirname(d)) return undefined;
    }
  }

  private configFor(dir: string): ConfigEntry {
    let configPath = this.configByDir.get(dir);
    if (configPath === undefined) {
      configPath = this.findUp(dir, CONFIG_NAMES) ?? null;
      this.configByDir.set(dir, configPath);
    }
    const key = configPath ?? '';
    let entry = this.configs.get(key);
    if (!entry) {
      const options = configPath ? this.readCompilerOptions(configPath) : {};
      const merged: ts.CompilerOptions = {
        ...options,
        // Bundler resolution understands `paths`, package `imports`/`exports` and `.js` → `.ts`, whatever the project builds with.
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        module: ts.ModuleKind.ESNext,
        allowJs: true,
        resolvePackageJsonExports: true,
        resolvePackageJsonImports: true,
        allowImportingTsExtensions: true,
        noDtsResolution: false,
        traceResolution: false,
      };
      entry = { options: merged, cache: ts.createModuleResolutionCache('/', (s) => s, merged) };
      this.configs.set(key, entry);
    }
    return entry;
  }

  private readCompilerOptions(configPath: string): ts.CompilerOptions {
    try {
      const read = ts.readConfigFile(configPath, (p) => this.host.readFile(p));
      if (read.error || !read.config) return {};
      const parseHost: ts.ParseConfigHost = {
        useCaseSensitiveFileNames: true,
        readDirectory: () => [],
        fileExists: (p) => this.host.fileExists(p),
        readFile: (p) => this.host.readFile(p),
      };
      // Only the options matter here; `include`/`files` would need a directory listing.
      const config = { ...read.config, files: [], include: [] };
      return ts.parseJsonConfigFileContent(config, parseHost, dirname(configPath), undefined, configPath).options;
    } catch {
      return {};
    }
  }

  /** The workspace packages (name → folder) of the monorepo that holds `dir`, if any. */
  private workspaceFor(dir: string): Map<string, string> | undefined {
    if (this.workspaceByDir.has(dir)) return this.workspaceByDir.get(dir) ?? undefined;
    let result: Map<string, string> | null = null;
    for (let d = dir; ; d = dirname(d)) {
      const cached = this.workspaceByDir.get(d);
      if (cached !== undefined) {
        result = cached;
        break;
      }
      const globs = this.workspaceGlobs(d);
      if (globs) {
        result = this.expandWorkspace(d, globs);
        this.workspaceByDir.set(d, result);
        break;
      }
      if (d === '/' || d === dirname(d)) break;
    }
    this.workspaceByDir.set(dir, result);
    return result ?? undefined;
  }

  private workspaceGlobs(d: string): string[] | undefined {
    const base = d === '/' ? '' : d;
    const pnpm = this.host.readFile(`${base}/pnpm-workspace.yaml`);
    if (pnpm !== undefined) return parsePnpmPackages(pnpm);
    const pkgText = this.host.readFile(`${base}/package.json`);
    if (pkgText === undefined) return undefined;
    try {
      const pkg = JSON.parse(pkgText) as { workspaces?: string[] | { packages?: string[] } };
      const ws = Array.isArray(pkg.workspaces) ? pkg.workspaces : pkg.workspaces?.packages;
      return Array.isArray(ws) ? ws.filter((g): g is string => typeof g === 'string') : undefined;
    } catch {
      return undefined;
    }
  }

  private expandWorkspace(root: string, globs: string[]): Map<string, string> {
    const map = new Map<string, string>();
    const list = this.host.getDirectories?.bind(this.host);
    const addPackage = (dir: string) => {
      const text = this.host.readFile(`${dir}/package.json`);
      if (text === undefined) return;
      try {
        const name = (JSON.parse(text) as { name?: unknown }).name;
        if (typeof name === 'string' && !map.has(name)) map.set(name, dir);
      } catch {
        // A broken package.json only hides that package.
      }
    };
    const expand = (dir: string, segments: string[], depth: number) => {
      if (map.size >= MAX_WORKSPACE_PACKAGES || depth > 6) return;
      if (segments.length === 0) {
        addPackage(dir);
        return;
      }
      const [head, ...rest] = segments;
      if (head === '**') {
        expand(dir, rest, depth);
        if (!list) return;
        for (const sub of list(dir)) if (sub !== 'node_modules' && !sub.startsWith('.')) expand(`${dir}/${sub}`, segments, depth + 1);
      } else if (head.includes('*')) {
        if (!list) return;
        const re = new RegExp('^' + head.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
        for (const sub of list(dir)) if (sub !== 'node_modules' && re.test(sub)) expand(`${dir}/${sub}`, rest, depth + 1);
      } else {
        expand(`${dir}/${head}`, rest, depth + 1);
      }
    };
    for (const glob of globs) {
      if (glob.startsWith('!')) continue;
      expand(root === '/' ? '' : root, glob.replace(/^\.\//, '').replace(/\/$/, '').split('/').filter(Boolean), 0);
    }
    for (const [name, dir] of map) this.packages.set(name, dir);
    return map;
  }
}

/** The `packages:` list of a pnpm-workspace.yaml (the only part we need; no YAML library in the core). */
export function parsePnpmPackages(text: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      const inline = /\[(.*)\]/.exec(line);
      if (inline) {
        for (const item of inline[1].split(',')) {
          const v = item.trim().replace(/^['"]|['"]$/g, '');
          if (v) out.push(v);
        }
        inPackages = false;
      }
      continue;
    }
    if (!inPackages) continue;
    const m = /^\s*-\s*(.+?)\s*$/.exec(line);
    if (m) out.push(m[1].replace(/^['"]|['"]$/g, ''));
    else if (/^\S/.test(line)) inPackages = false;
  }
  return out;
}

/** The first string target of a conditional package.json entry, preferring source-like conditions. */
function pickCondition(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  for (const c of ['source', 'development', 'import', 'require', 'node', 'default']) {
    const t = pickCondition(v[c]);
    if (t) return t;
  }
  return undefined;
}
