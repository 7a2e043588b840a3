/**
 * Typed mirror of the `testLayers.*` settings declared in package.json `contributes.configuration`.
 * The server pulls them per resource with `workspace/configuration` (section `testLayers`); the client imports
 * this module through the bundler. Keep the two in step (see CONTRIBUTING.md, "Add a setting").
 */

export const SETTINGS_SECTION = 'testLayers';

export type RuleSeverity = 'off' | 'info' | 'warning' | 'error';
export type RunnerOverride = 'auto' | 'jest' | 'vitest' | 'mocha' | 'node:test' | 'playwright' | 'cypress';
export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface Settings {
  enable: boolean;
  codeLens: {
    summary: boolean;
    perTest: boolean;
  };
  analysis: {
    /** Replace the config file's include globs when not empty. */
    include: string[];
    /** Added to the config file's exclude globs. */
    exclude: string[];
    /** null: the config file's value or the built-in default. */
    timeBudgetMs: number | null;
    /** null: the config file's value or the built-in default. */
    maxFileSize: number | null;
  };
  rules: {
    /** Rule id → severity, applied over the config file. */
    customizations: Record<string, RuleSeverity>;
  };
  run: {
    runner: RunnerOverride;
    /** Node executable for runners started through `node`; empty: `node` on PATH. */
    nodePath: string;
    /** Executable that replaces the detected runner's command; arguments stay an array. Empty: none. */
    command: string;
  };
  trace: {
    server: TraceLevel;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  codeLens: { summary: true, perTest: true },
  analysis: { include: [], exclude: [], timeBudgetMs: null, maxFileSize: null },
  rules: { customizations: {} },
  run: { runner: 'auto', nodePath: '', command: '' },
  trace: { server: 'off' },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const SEVERITY_VALUES: readonly string[] = ['off', 'info', 'warning', 'error'];
const RUNNER_VALUES: readonly string[] = ['auto', 'jest', 'vitest', 'mocha', 'node:test', 'playwright', 'cypress'];
const TRACE_VALUES: readonly string[] = ['off', 'messages', 'verbose'];

/**
 * Settings as received from any client, with wrong or missing values replaced by the defaults.
 * Clients other than VS Code send `null` or partial objects; nothing here may throw.
 */
export function normalizeSettings(raw: unknown): Settings {
  const r = isRecord(raw) ? raw : {};
  const group = (k: string) => (isRecord(r[k]) ? (r[k] as Record<string, unknown>) : {});
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
  const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const codeLens = group('codeLens');
  const analysis = group('analysis');
  const rules = group('rules');
  const run = group('run');
  const trace = group('trace');
  const customizations: Record<string, RuleSeverity> = {};
  if (isRecord(rules.customizations)) {
    for (const [id, sev] of Object.entries(rules.customizations)) {
      if (typeof sev === 'string' && SEVERITY_VALUES.includes(sev)) customizations[id] = sev as RuleSeverity;
    }
  }
  return {
    enable: bool(r.enable, DEFAULT_SETTINGS.enable),
    codeLens: {
      summary: bool(codeLens.summary, DEFAULT_SETTINGS.codeLens.summary),
      perTest: bool(codeLens.perTest, DEFAULT_SETTINGS.codeLens.perTest),
    },
    analysis: {
      include: strings(analysis.include),
      exclude: strings(analysis.exclude),
      timeBudgetMs: positive(analysis.timeBudgetMs),
      maxFileSize: positive(analysis.maxFileSize),
    },
    rules: { customizations },
    run: {
      runner: typeof run.runner === 'string' && RUNNER_VALUES.includes(run.runner) ? (run.runner as RunnerOverride) : 'auto',
      nodePath: str(run.nodePath),
      command: str(run.command),
    },
    trace: { server: typeof trace.server === 'string' && TRACE_VALUES.includes(trace.server) ? (trace.server as TraceLevel) : 'off' },
  };
}
