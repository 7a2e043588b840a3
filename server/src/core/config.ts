import type { Layer, Severity } from './types';

/** Extra signals a user adds for one layer: package names (or prefixes ending in `/`) and call patterns like `page.goto` or `*.listen`. */
export interface SignalExtension {
  packages?: string[];
  calls?: string[];
}

export type RuleSetting = Severity | [Severity, Record<string, unknown>];

/** The contents of `test-layers.config.json`; every key is optional. */
export interface UserConfig {
  include?: string[];
  exclude?: string[];
  layers?: Partial<Record<Layer, { paths?: string[] }>>;
  signals?: Partial<Record<Layer, SignalExtension>>;
  rules?: Record<string, RuleSetting>;
  maxFileSize?: number;
  timeBudgetMs?: number;
  /** Pyramid health thresholds (see report/health.ts for the defaults). */
  pyramid?: {
    minTests?: number;
    minUnitShare?: number;
    maxE2eShare?: number;
    failOn?: ('pyramid' | 'top-heavy' | 'diamond' | 'hourglass' | 'inverted' | 'too-few-tests' | 'e2e-only')[];
  };
}

/** Fully resolved configuration the core works with. */
export interface Config {
  include: string[];
  exclude: string[];
  layerPaths: Record<Layer, string[]>;
  signals: Record<Layer, Required<SignalExtension>>;
  rules: Record<string, { severity: Severity; options: Record<string, unknown> }>;
  maxFileSize: number;
  timeBudgetMs: number;
}

export const TEST_FILE_EXTENSIONS = ['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts'];
const EXT = `{${TEST_FILE_EXTENSIONS.join(',')}}`;

export const DEFAULT_INCLUDE = [
  `**/*.{test,spec,cy,e2e,e2e-spec,int,itest,integration}.${EXT}`,
  `**/__tests__/**/*.${EXT}`,
  `**/{test,tests,e2e,cypress/e2e,integration}/**/*.${EXT}`,
];

export const DEFAULT_EXCLUDE = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/*.d.ts',
  '**/fixtures/**',
  '**/__fixtures__/**',
  '**/__mocks__/**',
  '**/__snapshots__/**',
];

export const DEFAULT_LAYER_PATHS: Record<Layer, string[]> = {
  unit: ['**/unit/**', '**/*.unit.*'],
  integration: ['**/integration/**', '**/*.int.*', '**/*.integration.*', '**/*.itest.*'],
  e2e: ['**/e2e/**', '**/*.e2e.*', '**/*.e2e-spec.*', '**/*.cy.*', '**/cypress/**', '**/playwright/**'],
};

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
export const DEFAULT_TIME_BUDGET_MS = 1000;

/** Merges a user config over the defaults; globs in `layers`, `include`, `exclude` replace, signal lists add. */
export function resolveConfig(user: UserConfig = {}, ruleDefaults: Record<string, Severity> = {}): Config {
  const signals = {} as Config['signals'];
  for (const layer of ['unit', 'integration', 'e2e'] as Layer[]) {
    signals[layer] = {
      packages: [...(user.signals?.[layer]?.packages ?? [])],
      calls: [...(user.signals?.[layer]?.calls ?? [])],
    };
  }
  const rules: Config['rules'] = {};
  for (const [id, severity] of Object.entries(ruleDefaults)) rules[id] = { severity, options: {} };
  for (const [id, setting] of Object.entries(user.rules ?? {})) {
    const [severity, options] = Array.isArray(setting) ? setting : [setting, {}];
    rules[id] = { severity, options: options ?? {} };
  }
  return {
    include: user.include ?? DEFAULT_INCLUDE,
    exclude: user.exclude ?? DEFAULT_EXCLUDE,
    layerPaths: {
      unit: user.layers?.unit?.paths ?? DEFAULT_LAYER_PATHS.unit,
      integration: user.layers?.integration?.paths ?? DEFAULT_LAYER_PATHS.integration,
      e2e: user.layers?.e2e?.paths ?? DEFAULT_LAYER_PATHS.e2e,
    },
    signals,
    rules,
    maxFileSize: user.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    timeBudgetMs: user.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS,
  };
}
