import { defineRule } from '../core/rule-api';
import type { TestBlock } from '../core/model';
import type { Layer, TestInfo } from '../core/types';
import { docsUrl } from './docs-url';

const AS_TEST: Record<Layer, string> = { unit: 'a unit test', integration: 'an integration test', e2e: 'an end-to-end test' };
const RANK = { low: 0, medium: 1, high: 2 } as const;

function evidenceSummary(test: TestInfo): string {
  const first = test.evidence.filter((e) => e.layer === test.layer).slice(0, 2);
  return first.length > 0 ? first.map((e) => `${e.message} (line ${e.line})`).join('; ') : 'no external dependency';
}

export default defineRule({
  id: 'layer-mismatch',
  meta: {
    type: 'layer',
    cause: 'layers',
    defaultSeverity: 'warning',
    docs: {
      description: 'The layer a test is declared in (folder, file name, annotation or tag) differs from what its code does, so it runs in the wrong stage of the pipeline.',
      url: docsUrl('layer-mismatch'),
    },
    messages: {
      mismatch: "'{name}' is declared {declared} by {declaredBy} but behaves like {inferred}: {evidence}.{more}",
      allMocked: "'{name}' is declared an integration test by {declaredBy} but every dependency it touches is mocked ({evidence}): it is a unit test.{more}",
    },
    defaultOptions: { minConfidence: 'medium' },
  },
  create(context) {
    return {
      end() {
        const minimum = RANK[(context.options.minConfidence as keyof typeof RANK) ?? 'medium'] ?? 1;
        const tests = context.tests();
        // Tests declared by the same file-level source with the same verdict are reported once, on the first.
        const groups = new Map<string, TestBlock[]>();
        for (const block of context.model.tests) {
          const info = tests[block.index];
          if (!info.declaredLayer || info.declaredLayer === info.layer) continue;
          if (RANK[info.confidence] < minimum || block.modifiers.includes('todo')) continue;
          const fileLevel = info.declaredBy === context.model.root.declaredBy;
          const key = fileLevel ? `file:${info.layer}` : `test:${block.index}`;
          const group = groups.get(key) ?? [];
          group.push(block);
          groups.set(key, group);
        }
        for (const group of groups.values()) {
          const block = group[0];
          const info = tests[block.index];
          const allMocked = info.declaredLayer === 'integration' && info.layer === 'unit' && info.evidence.some((e) => e.signal === 'mocked-imports');
          const more = group.length > 1 ? ` ${group.length - 1} more test${group.length > 2 ? 's' : ''} in this file ${group.length > 2 ? 'do' : 'does'} the same.` : '';
          context.report({
            messageId: allMocked ? 'allMocked' : 'mismatch',
            span: info.titleSpan,
            test: block,
            data: {
              name: info.name,
              declared: AS_TEST[info.declaredLayer!],
              declaredBy: info.declaredBy ?? 'configuration',
              inferred: AS_TEST[info.layer],
              evidence: allMocked ? info.evidence.filter((e) => e.signal === 'mocked-imports').map((e) => e.message).join('; ') : evidenceSummary(info),
              more,
            },
            related: group.slice(1, 6).map((b) => ({ message: `'${b.name}' is also ${AS_TEST[tests[b.index].layer]}`, span: tests[b.index].titleSpan })),
          });
        }
      },
    };
  },
});
