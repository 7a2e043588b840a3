import type { Layer } from '../core/types';
import { rulesById } from '../rules/index';
import type { JsonFile } from './json';

export interface LayerCounts {
  unit: number;
  integration: number;
  e2e: number;
}

/** The data behind the pyramid report: the CLI's markdown, the editor's webview and the JSON summary use it. */
export interface PyramidData {
  files: number;
  tests: number;
  layers: LayerCounts;
  byFolder: ({ folder: string } & LayerCounts)[];
  findingsByCause: { cause: string; count: number; rules: Record<string, number> }[];
  topFiles: { path: string; findings: number; tests: number }[];
}

const emptyCounts = (): LayerCounts => ({ unit: 0, integration: 0, e2e: 0 });

export function folderOf(path: string, depth = 2): string {
  const parts = path.replace(/\\/g, '/').split('/').slice(0, -1).filter((p) => p && p !== '.');
  return parts.length === 0 ? '.' : parts.slice(0, depth).join('/');
}

/** Accumulates files one at a time; keeps counts only, never the reports. */
export class PyramidBuilder {
  private readonly folders = new Map<string, LayerCounts>();
  private readonly causes = new Map<string, { count: number; rules: Record<string, number> }>();
  private readonly fileFindings: { path: string; findings: number; tests: number }[] = [];
  private files = 0;
  private tests = 0;
  private readonly layers = emptyCounts();

  constructor(private readonly folderDepth = 2) {}

  add(file: JsonFile): void {
    this.files++;
    this.tests += file.tests.length;
    const folder = folderOf(file.path, this.folderDepth);
    const counts = this.folders.get(folder) ?? emptyCounts();
    for (const t of file.tests) {
      counts[t.layer as Layer]++;
      this.layers[t.layer as Layer]++;
    }
    this.folders.set(folder, counts);
    for (const f of file.findings) {
      const cause = rulesById.get(f.ruleId)?.meta.cause ?? 'other';
      const entry = this.causes.get(cause) ?? { count: 0, rules: {} };
      entry.count++;
      entry.rules[f.ruleId] = (entry.rules[f.ruleId] ?? 0) + 1;
      this.causes.set(cause, entry);
    }
    if (file.findings.length > 0) this.fileFindings.push({ path: file.path, findings: file.findings.length, tests: file.tests.length });
  }

  build(topN = 10): PyramidData {
    return {
      files: this.files,
      tests: this.tests,
      layers: { ...this.layers },
      byFolder: [...this.folders.entries()].map(([folder, c]) => ({ folder, ...c })).sort((a, b) => a.folder.localeCompare(b.folder)),
      findingsByCause: [...this.causes.entries()].map(([cause, v]) => ({ cause, ...v })).sort((a, b) => b.count - a.count),
      topFiles: [...this.fileFindings].sort((a, b) => b.findings - a.findings || a.path.localeCompare(b.path)).slice(0, topN),
    };
  }
}

export function share(n: number, total: number): string {
  return total === 0 ? '0%' : `${Math.round((n / total) * 100)}%`;
}
