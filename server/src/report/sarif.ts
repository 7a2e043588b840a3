import { allRules } from '../rules/index';
import type { JsonFile } from './json';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0 for code-scanning upload; built incrementally so files can be dropped after they are added. */
export class SarifBuilder {
  private readonly results: unknown[] = [];
  private readonly notifications: unknown[] = [];
  private readonly ruleIndex = new Map(allRules.map((r, i) => [r.id, i]));

  constructor(private readonly version: string) {}

  add(file: JsonFile): void {
    const uri = file.path.replace(/\\/g, '/').replace(/^\.\//, '');
    for (const f of file.findings) {
      this.results.push({
        ruleId: f.ruleId,
        ruleIndex: this.ruleIndex.get(f.ruleId),
        level: LEVEL[f.severity] ?? 'warning',
        message: { text: f.message },
        locations: [location(uri, f)],
        ...(f.related ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, ...location(uri, r) })) } : {}),
        ...(f.test ? { properties: { test: f.test } } : {}),
      });
    }
    for (const e of file.errors) {
      this.notifications.push({
        level: e.kind === 'syntax' ? 'warning' : 'note',
        message: { text: `${uri}: ${e.message}` },
        locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, ...(e.line ? { region: { startLine: e.line, startColumn: e.column ?? 1 } } : {}) } }],
      });
    }
  }

  build(): object {
    return {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'test-layers',
              version: this.version,
              informationUri: 'https://github.com/test-layers/test-layers',
              rules: allRules.map((r) => ({
                id: r.id,
                name: r.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
                shortDescription: { text: r.meta.docs.description },
                helpUri: r.meta.docs.url,
                defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
                properties: { tags: [r.meta.type, r.meta.cause] },
              })),
            },
          },
          invocations: [{ executionSuccessful: true, toolExecutionNotifications: this.notifications }],
          results: this.results,
        },
      ],
    };
  }
}

function location(uri: string, r: { line: number; column: number; endLine: number; endColumn: number }) {
  return {
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
      region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
    },
  };
}
