import { findPackageDir } from '../core/runners';
import type { JsonFile } from './json';
import type { LayerCounts } from './pyramid';
import { share } from './pyramid';

/**
 * Pyramid health: compares each package's layer counts with the recommended shape (many unit, some integration,
 * few e2e). Pure; the caller says which package a file belongs to. Defaults and their reasoning: docs/ci/pyramid-health.md.
 */

export const SHAPES = ['pyramid', 'top-heavy', 'diamond', 'hourglass', 'inverted', 'too-few-tests', 'e2e-only'] as const;
export type Shape = (typeof SHAPES)[number];

export interface PyramidThresholds {
  /** Packages with fewer tests are not judged: a handful of tests has no shape yet. */
  minTests: number;
  /** "Many unit": at least this share of the tests are unit tests. */
  minUnitShare: number;
  /** "Few e2e": at most this share of the tests are end-to-end tests. */
  maxE2eShare: number;
  /** Shapes that make `--fail-on-shape` exit 1. */
  failOn: Shape[];
}

export const DEFAULT_PYRAMID_THRESHOLDS: PyramidThresholds = {
  minTests: 10,
  minUnitShare: 0.5,
  maxE2eShare: 0.2,
  failOn: ['inverted', 'hourglass'],
};

/** Thresholds from the `pyramid` section of the config, over the defaults. */
export function pyramidThresholds(user?: Partial<PyramidThresholds>): PyramidThresholds {
  return {
    minTests: user?.minTests ?? DEFAULT_PYRAMID_THRESHOLDS.minTests,
    minUnitShare: user?.minUnitShare ?? DEFAULT_PYRAMID_THRESHOLDS.minUnitShare,
    maxE2eShare: user?.maxE2eShare ?? DEFAULT_PYRAMID_THRESHOLDS.maxE2eShare,
    failOn: user?.failOn ? [...user.failOn] : [...DEFAULT_PYRAMID_THRESHOLDS.failOn],
  };
}

export interface ShapeAssessment {
  shape: Shape;
  /** True when the shape is the recommended one or too small to judge. */
  healthy: boolean;
  /** One sentence with the counts, e.g. "more e2e tests (30) than unit tests (12)". */
  reason: string;
}

export interface PackageHealth extends ShapeAssessment {
  /** Package folder relative to the working folder (`.` for the root). */
  package: string;
  counts: LayerCounts;
  tests: number;
}

export interface HealthReport extends ShapeAssessment {
  thresholds: PyramidThresholds;
  counts: LayerCounts;
  tests: number;
  packages: PackageHealth[];
  /** Packages whose shape is in `thresholds.failOn`. */
  failing: string[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The shape of one set of counts, checked from the worst shape to the best. */
export function assessShape(counts: LayerCounts, thresholds: PyramidThresholds = DEFAULT_PYRAMID_THRESHOLDS): ShapeAssessment {
  const { unit, integration, e2e } = counts;
  const total = unit + integration + e2e;
  if (total < thresholds.minTests) {
    return { shape: 'too-few-tests', healthy: true, reason: `${total} test${total === 1 ? '' : 's'}, fewer than ${thresholds.minTests} to judge a shape` };
  }
  const unitShare = unit / total;
  const e2eShare = e2e / total;
  if (e2e > unit) {
    return { shape: 'inverted', healthy: false, reason: `more e2e tests (${e2e}) than unit tests (${unit}): the slowest, flakiest layer carries the suite` };
  }
  if (integration < e2e && e2eShare > thresholds.maxE2eShare) {
    return {
      shape: 'hourglass', healthy: false,
      reason: `fewer integration tests (${integration}) than e2e tests (${e2e}), and e2e is ${pct(e2eShare)} of the tests (at most ${pct(thresholds.maxE2eShare)} recommended)`,
    };
  }
  if (integration > unit) {
    return { shape: 'diamond', healthy: false, reason: `more integration tests (${integration}) than unit tests (${unit})` };
  }
  if (e2eShare > thresholds.maxE2eShare) {
    return { shape: 'top-heavy', healthy: false, reason: `e2e is ${pct(e2eShare)} of the tests (${e2e} of ${total}; at most ${pct(thresholds.maxE2eShare)} recommended)` };
  }
  if (unitShare < thresholds.minUnitShare) {
    return { shape: 'top-heavy', healthy: false, reason: `unit is ${pct(unitShare)} of the tests (${unit} of ${total}; at least ${pct(thresholds.minUnitShare)} recommended)` };
  }
  return { shape: 'pyramid', healthy: true, reason: `unit ${unit} ≥ integration ${integration} ≥ e2e ${e2e}` };
}

/** Accumulates layer counts per package, one file at a time. */
export class HealthBuilder {
  private readonly packages = new Map<string, LayerCounts>();

  constructor(private readonly thresholds: PyramidThresholds = DEFAULT_PYRAMID_THRESHOLDS) {}

  add(file: JsonFile, packageName: string): void {
    if (file.tests.length === 0) return;
    const counts = this.packages.get(packageName) ?? { unit: 0, integration: 0, e2e: 0 };
    for (const t of file.tests) counts[t.layer]++;
    this.packages.set(packageName, counts);
  }

  build(): HealthReport {
    const counts: LayerCounts = { unit: 0, integration: 0, e2e: 0 };
    const packages: PackageHealth[] = [];
    for (const [name, c] of [...this.packages.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      counts.unit += c.unit;
      counts.integration += c.integration;
      counts.e2e += c.e2e;
      // A package holding only e2e tests (an `apps/web-e2e` beside the app) is a layout, not a shape: the total judges it.
      const e2eOnly = this.packages.size > 1 && c.unit === 0 && c.integration === 0;
      const assessment: ShapeAssessment = e2eOnly
        ? { shape: 'e2e-only', healthy: true, reason: `${c.e2e} e2e tests and nothing else: judged with the other packages in the total` }
        : assessShape(c, this.thresholds);
      packages.push({ package: name, counts: { ...c }, tests: c.unit + c.integration + c.e2e, ...assessment });
    }
    const overall = assessShape(counts, this.thresholds);
    const failing = packages.filter((p) => this.thresholds.failOn.includes(p.shape)).map((p) => p.package);
    // A monorepo can hide a bad package in a healthy total, so the total is judged too.
    if (this.thresholds.failOn.includes(overall.shape) && packages.length > 1) failing.push('(all packages)');
    return { ...overall, thresholds: this.thresholds, counts, tests: counts.unit + counts.integration + counts.e2e, packages, failing };
  }
}

/** Names each file's package (nearest package.json, relative to `cwd`); `exists` comes from the caller. */
export function packageNamer(cwd: string, exists: (path: string) => boolean): (absoluteFile: string) => string {
  const cache = new Map<string, string>();
  const base = cwd.replace(/\\/g, '/').replace(/\/$/, '');
  return (file) => {
    const dirOfFile = file.replace(/\\/g, '/').replace(/\/[^/]*$/, '');
    let name = cache.get(dirOfFile);
    if (name === undefined) {
      const dir = findPackageDir(file.replace(/\\/g, '/'), (p) => exists(p))?.replace(/\\/g, '/');
      name = !dir || dir === base ? '.' : dir.startsWith(`${base}/`) ? dir.slice(base.length + 1) : dir;
      cache.set(dirOfFile, name);
    }
    return name;
  };
}

const SHAPE_LABEL: Record<Shape, string> = {
  pyramid: '✅ pyramid',
  'top-heavy': '⚠️ top-heavy',
  diamond: '⚠️ diamond',
  hourglass: '❌ hourglass',
  inverted: '❌ inverted',
  'too-few-tests': '➖ too few tests',
  'e2e-only': '➖ e2e package',
};

/** Markdown section: the pyramid of each package with its shape and the reason. */
export function formatHealthMarkdown(health: HealthReport): string {
  const out: string[] = ['### Pyramid health by package', ''];
  out.push(`Recommended: many unit (≥ ${pct(health.thresholds.minUnitShare)}), some integration, few e2e (≤ ${pct(health.thresholds.maxE2eShare)}); packages with fewer than ${health.thresholds.minTests} tests are not judged.`, '');
  if (health.packages.length === 0) return [...out, 'No tests found.', ''].join('\n');
  out.push('| package | unit | integration | e2e | shape | why |', '|---|---:|---:|---:|---|---|');
  const row = (name: string, c: LayerCounts, total: number, a: ShapeAssessment) =>
    `| ${name} | ${c.unit} (${share(c.unit, total)}) | ${c.integration} (${share(c.integration, total)}) | ${c.e2e} (${share(c.e2e, total)}) | ${SHAPE_LABEL[a.shape]} | ${escapeCell(a.reason)} |`;
  for (const p of health.packages) out.push(row(`\`${escapeCell(p.package)}\``, p.counts, p.tests, p));
  if (health.packages.length > 1) out.push(row('**all**', health.counts, health.tests, health));
  out.push('');
  if (health.failing.length > 0) out.push(`Shapes that fail \`--fail-on-shape\` (${health.thresholds.failOn.join(', ')}): ${health.failing.map((f) => `\`${escapeCell(f)}\``).join(', ')}.`, '');
  return out.join('\n');
}

/** Plain-text lines for the unhealthy packages (text format). */
export function formatHealthText(health: HealthReport): string {
  return health.packages
    .filter((p) => !p.healthy)
    .map((p) => `Pyramid: ${p.package} is ${p.shape}: ${p.reason}\n`)
    .join('');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
