import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { Minimatch } from 'minimatch';
import schema from '../../../schema/test-layers.config.schema.json';
import type { Config, UserConfig } from '../core/config';
import { configFrom } from '../analyzer';
import { rulesById } from '../rules/index';

export const CONFIG_FILE_NAME = 'test-layers.config.json';

export interface ConfigProblem {
  /** Dotted path of the offending key, e.g. `rules.fixed-sleep`; empty for the whole file. */
  key: string;
  problem: string;
  line?: number;
}

/** A config file that cannot be used; the message names the file, the key and the problem. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.key ? `\`${p.key}\`: ` : ''}${p.problem}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(schema);

function keyOf(err: ErrorObject): string {
  const parts = err.instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (err.keyword === 'additionalProperties') parts.push(String((err.params as { additionalProperty: string }).additionalProperty));
  return parts.join('.');
}

function describe(err: ErrorObject, value: unknown): string {
  switch (err.keyword) {
    case 'additionalProperties':
      return 'unknown setting';
    case 'enum':
      return `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(value)})`;
    case 'type':
      return `must be ${err.params && (err.params as { type: string }).type === 'array' ? 'an array' : `of type ${(err.params as { type: string }).type}`} (got ${JSON.stringify(value)})`;
    case 'anyOf':
      return `must be a severity ("off", "info", "warning", "error") or [severity, options] (got ${JSON.stringify(value)})`;
    case 'pattern':
      return `is not a call pattern like \`page.goto\`, \`*.listen\` or \`new Pool\` (got ${JSON.stringify(value)})`;
    default:
      return `${err.message ?? 'is invalid'}${value !== undefined ? ` (got ${JSON.stringify(value)})` : ''}`;
  }
}

function valueAt(root: unknown, instancePath: string): unknown {
  let cur: unknown = root;
  for (const part of instancePath.split('/').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Why a glob cannot be what the user meant; minimatch itself accepts almost anything literally. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'is empty';
  if (glob.includes('\0')) return 'contains a NUL character';
  if (glob.startsWith('!')) return 'negated globs are not supported here; put the pattern in `exclude` instead';
  const pairs: [string, string][] = [['{', '}'], ['[', ']'], ['(', ')']];
  for (const [open, close] of pairs) {
    let depth = 0;
    for (let i = 0; i < glob.length; i++) {
      if (glob[i] === '\\') i++;
      else if (glob[i] === open) depth++;
      else if (glob[i] === close) depth--;
      if (depth < 0) return `has an unmatched \`${close}\``;
    }
    if (depth > 0) return `has an unclosed \`${open}\``;
  }
  try {
    new Minimatch(glob);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

function checkGlobs(globs: unknown, key: string, problems: ConfigProblem[]) {
  if (!Array.isArray(globs)) return;
  globs.forEach((g, i) => {
    if (typeof g !== 'string') return;
    const problem = globProblem(g);
    if (problem) problems.push({ key: `${key}.${i}`, problem: `invalid glob ${JSON.stringify(g)}: ${problem}` });
  });
}

/** Parses and validates config text (JSON with comments). Pure: used by the CLI and the language server. */
export function parseConfigText(text: string): { user?: UserConfig; problems: ConfigProblem[] } {
  const errors: ParseError[] = [];
  let value: unknown;
  try {
    value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (e) {
    // The JSON parser recurses per nesting level; absurdly deep input must not crash the CLI or the server.
    if (e instanceof RangeError) return { problems: [{ key: '', problem: 'invalid JSON: nested too deeply to read' }] };
    throw e;
  }
  if (errors.length > 0) {
    return {
      problems: errors.slice(0, 5).map((e) => ({ key: '', problem: `invalid JSON: ${printParseErrorCode(e.error)}`, line: lineOfOffset(text, e.offset) })),
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problems: [{ key: '', problem: 'must contain a JSON object' }] };
  }
  const problems: ConfigProblem[] = [];
  if (!validateSchema(value)) {
    const seen = new Set<string>();
    for (const err of validateSchema.errors ?? []) {
      // anyOf reports each branch too; keep one message per key.
      const key = keyOf(err);
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ key, problem: describe(err, valueAt(value, err.instancePath)) });
    }
  }
  const user = value as UserConfig;
  for (const id of Object.keys(user.rules ?? {})) {
    if (!rulesById.has(id)) {
      const close = [...rulesById.keys()].find((r) => r.includes(id) || id.includes(r));
      problems.push({ key: `rules.${id}`, problem: `unknown rule${close ? ` (did you mean "${close}"?)` : ''}` });
    }
  }
  for (const [id, setting] of Object.entries(user.rules ?? {})) {
    const rule = rulesById.get(id);
    if (!rule || !Array.isArray(setting) || !setting[1] || typeof setting[1] !== 'object') continue;
    const known = Object.keys(rule.meta.defaultOptions ?? {});
    for (const option of Object.keys(setting[1])) {
      if (!known.includes(option)) problems.push({ key: `rules.${id}.${option}`, problem: `unknown option${known.length ? ` (known: ${known.join(', ')})` : ' (this rule takes none)'}` });
    }
  }
  checkGlobs(user.include, 'include', problems);
  checkGlobs(user.exclude, 'exclude', problems);
  for (const layer of ['unit', 'integration', 'e2e'] as const) checkGlobs(user.layers?.[layer]?.paths, `layers.${layer}.paths`, problems);
  return problems.length > 0 ? { problems } : { user, problems };
}

/** Nearest config file at or above a folder. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LoadedConfig {
  config: Config;
  user: UserConfig;
  /** The file it came from, if any. */
  file?: string;
  /** Folder globs are relative to: the config file's folder, or the starting folder. */
  root: string;
}

/** Loads and validates a config file (explicit, or the nearest one); throws ConfigError on any problem. */
export function loadConfig(options: { file?: string; cwd: string }): LoadedConfig {
  const file = options.file ? path.resolve(options.cwd, options.file) : findConfigFile(options.cwd);
  if (!file) return { config: configFrom({}), user: {}, root: path.resolve(options.cwd) };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ key: '', problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }]);
  }
  const { user, problems } = parseConfigText(text);
  if (!user || problems.length > 0) throw new ConfigError(file, problems);
  return { config: configFrom(user), user, file, root: path.dirname(file) };
}
