import { analyzeFile } from './core/analyze';
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
export function analyze(path: string, text: string, config: Config = configFrom()): FileReport {
  return analyzeFile({ path, text, config, rules: allRules });
}
