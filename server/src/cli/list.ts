import { parseArgs } from 'node:util';
import { detectRunnerInPackages, type RunnerKind } from '../core/runners';
import type { Layer } from '../core/types';
import type { CliIo } from './main';
import {
  loadConfigOrExit, PackageFactsReader, parseLayerOptions, reportUncertain, selectLayer, SubcommandUsageError, withUsage,
  type UncertainMode,
} from './run';

export const LIST_USAGE = `Usage: test-layers list --layer <unit|integration|e2e> [options] [paths...]

Lists the test files (or, with --format json, the files and their tests) of one layer: for CI matrices and for
tools that take file lists.

Options:
  --layer <name>           unit, integration or e2e (required)
  --format <name>          files (default: one path per line) or json
  --uncertain <mode>       include (default) or exclude tests placed with low confidence; either way they are listed on stderr
  --config <file>          config file (default: nearest test-layers.config.json)
  -h, --help               show this help`;

export const LIST_FORMATS = ['files', 'json'] as const;

/** `test-layers list --format json`: stable, versioned like the main report. */
export interface LayerListing {
  version: 1;
  layer: Layer;
  files: {
    path: string;
    framework: string;
    runner: RunnerKind | null;
    /** True when every test of the file is in the layer, so the whole file can be run. */
    wholeFile: boolean;
    tests: { name: string; fullName: string; line: number; confidence: string }[];
  }[];
}

interface ListOptions {
  layer: Layer;
  uncertain: UncertainMode;
  format: (typeof LIST_FORMATS)[number];
  config?: string;
  paths: string[];
}

function parseListArgs(argv: string[]): ListOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        layer: { type: 'string', short: 'l' },
        uncertain: { type: 'string' },
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new SubcommandUsageError((e as Error).message.replace(/\. To specify a positional argument.*$/, ''));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const format = (v.format ?? 'files') as ListOptions['format'];
  if (!LIST_FORMATS.includes(format)) throw new SubcommandUsageError(`unknown --format "${v.format}" (expected one of ${LIST_FORMATS.join(', ')})`);
  return { ...parseLayerOptions(v), format, config: v.config, paths: parsed.positionals };
}

/** `test-layers list`: returns the exit code. */
export function listCommand(argv: string[], io: CliIo): number {
  const options = withUsage(io, 'list', () => parseListArgs(argv));
  if (typeof options === 'number') return options;
  if (options === 'help') {
    io.stdout(LIST_USAGE + '\n');
    return 0;
  }
  const loaded = loadConfigOrExit(options.config, io);
  if (typeof loaded === 'number') return loaded;
  const selection = selectLayer({ paths: options.paths, cwd: io.cwd, config: loaded.config, root: loaded.root, layer: options.layer, uncertain: options.uncertain });
  for (const m of selection.missing) io.stderr(`test-layers: no such file or folder: ${m}\n`);
  if (selection.missing.length > 0) return 2;
  reportUncertain(selection, options.layer, options.uncertain, io);
  if (options.format === 'files') {
    for (const f of selection.files) io.stdout(f.display + '\n');
    return 0;
  }
  const reader = new PackageFactsReader();
  const listing: LayerListing = {
    version: 1,
    layer: options.layer,
    files: selection.files.map((f) => ({
      path: f.display,
      framework: f.framework,
      runner: detectRunnerInPackages(reader.chain(f.file), f.framework)?.kind ?? null,
      wholeFile: f.tests.length === f.total,
      tests: f.tests.map((t) => ({ name: t.name, fullName: t.fullName, line: t.range.line, confidence: t.confidence })),
    })),
  };
  io.stdout(JSON.stringify(listing, null, 2) + '\n');
  return 0;
}
