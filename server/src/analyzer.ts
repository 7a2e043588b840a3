import { analyzeFile } from './core/analyze';
import type { WorkspaceContext } from './core/classify';
import { resolveConfig, type Config, type UserConfig } from './core/config';
import type { Severity, FileReport } from './core/types';
import { allRules } from './rules/index';

/** Default severities of every rule, for config resolution. */
export function ruleDefaults(): Record<string, Severity> {
  return Object.fromEntries(allRules.map((r) => [r.id, r.meta.defaultSeverity]));
}

/** Resolves a user config with every rule's default severity filled in. */
export function configFrom(user: UserConfig = {}): Config {
  return resolveConfig(user, ruleDefaults());
}

/** The one entry point the CLI, the language server and the tests call: text + path + config in, a report out. */
export function analyze(path: string, text: string, config: Config = configFrom(), options: AnalyzeOptions = {}): FileReport {
  try {
    return analyzeFile({ path, text, config, rules: allRules, workspace: options.workspace });
  } catch (e) {
    // Last line of defence: one file's failure becomes an errors entry; the CLI run and the server go on.
    const message = `analysis failed: ${e instanceof Error ? e.message : String(e)}`;
    return { path, framework: 'unknown', declaredLayer: null, tests: [], suites: [], findings: [], errors: [{ kind: 'internal', message }], durationMs: 0 };
  }
}

export interface AnalyzeOptions {
  /** Follow the local helpers the file imports: the shared helper index and the file's absolute path. */
  workspace?: WorkspaceContext;
}
