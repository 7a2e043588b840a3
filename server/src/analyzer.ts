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
  return analyzeFile({ path, text, config, rules: allRules, workspace: options.workspace });
}

export interface AnalyzeOptions {
  /** Follow the local helpers the file imports: the shared helper index and the file's absolute path. */
  workspace?: WorkspaceContext;
}
