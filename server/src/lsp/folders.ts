import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config, UserConfig } from '../core/config';
import { DEFAULT_EXCLUDE } from '../core/config';
import { configFrom } from '../analyzer';
import { CONFIG_FILE_NAME, ConfigError, parseConfigText } from '../config/load-config';
import { rulesById } from '../rules/index';
import type { Settings } from '../shared/settings';
import { pathToUri, uriToPath } from './uris';

/** A workspace folder with the last good `test-layers.config.json` found at its root. */
export interface Folder {
  uri: string;
  name: string;
  /** Folder globs are relative to. */
  root: string;
  configFile: string;
  /** Last config that parsed and validated; `{}` when there is none. */
  user: UserConfig;
  /** The message of the current config problem, so it is shown once, not on every reload. */
  shownProblem?: string;
}

export type ConfigLoad =
  | { kind: 'unchanged' }
  | { kind: 'loaded' }
  | { kind: 'invalid'; message: string; details: string; repeated: boolean };

/** Reads the folder's config file; on any problem keeps the last good config and describes the problem. */
export function reloadFolderConfig(folder: Folder): ConfigLoad {
  let text: string | undefined;
  try {
    text = fs.readFileSync(folder.configFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      return invalid(folder, new ConfigError(folder.configFile, [{ key: '', problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }]));
    }
  }
  if (text === undefined) {
    const changed = JSON.stringify(folder.user) !== '{}';
    folder.user = {};
    folder.shownProblem = undefined;
    return changed ? { kind: 'loaded' } : { kind: 'unchanged' };
  }
  const { user, problems } = parseConfigText(text);
  if (!user || problems.length > 0) return invalid(folder, new ConfigError(folder.configFile, problems));
  const changed = JSON.stringify(folder.user) !== JSON.stringify(user);
  folder.user = user;
  folder.shownProblem = undefined;
  return changed ? { kind: 'loaded' } : { kind: 'unchanged' };
}

function invalid(folder: Folder, error: ConfigError): ConfigLoad {
  const first = error.problems[0];
  const where = first?.key ? `\`${first.key}\` ` : '';
  const more = error.problems.length > 1 ? ` (and ${error.problems.length - 1} more problem${error.problems.length > 2 ? 's' : ''}, see the output)` : '';
  const message =
    `Test Layers: ${folder.configFile}${first?.line ? `:${first.line}` : ''}: ${where}${first?.problem ?? 'is invalid'}${more}. ` +
    'The last valid configuration stays in use.';
  const repeated = folder.shownProblem === message;
  folder.shownProblem = message;
  return { kind: 'invalid', message, details: error.message, repeated };
}

export function makeFolder(uri: string, name: string): Folder | undefined {
  const root = uriToPath(uri);
  if (!root) return undefined;
  return { uri, name, root, configFile: path.join(root, CONFIG_FILE_NAME), user: {} };
}

export function folderFromPath(root: string): Folder {
  return { uri: pathToUri(root), name: path.basename(root), root, configFile: path.join(root, CONFIG_FILE_NAME), user: {} };
}

/** The innermost folder holding the file. */
export function folderOfPath(folders: readonly Folder[], file: string): Folder | undefined {
  let best: Folder | undefined;
  for (const f of folders) {
    const rel = path.relative(f.root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (!best || f.root.length > best.root.length) best = f;
  }
  return best;
}

/** The folder's config with the editor settings laid over it (settings win where they are set). */
export function effectiveConfig(user: UserConfig, settings: Settings): Config {
  const merged: UserConfig = { ...user };
  if (settings.analysis.include.length > 0) merged.include = settings.analysis.include;
  if (settings.analysis.exclude.length > 0) merged.exclude = [...(user.exclude ?? DEFAULT_EXCLUDE), ...settings.analysis.exclude];
  if (settings.analysis.maxFileSize !== null) merged.maxFileSize = settings.analysis.maxFileSize;
  if (settings.analysis.timeBudgetMs !== null) merged.timeBudgetMs = settings.analysis.timeBudgetMs;
  const customizations = Object.entries(settings.rules.customizations).filter(([id]) => rulesById.has(id));
  if (customizations.length > 0) {
    const rules = { ...(user.rules ?? {}) };
    for (const [id, severity] of customizations) {
      const current = rules[id];
      rules[id] = Array.isArray(current) ? [severity, current[1]] : severity;
    }
    merged.rules = rules;
  }
  return configFrom(merged);
}
