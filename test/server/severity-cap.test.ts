import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LspTestClient } from './lsp-client';

// A unique name made from the clock (information at most) beside a clock assertion (the rule's own severity).
const SIGNUP = `import { it, expect } from 'vitest';

it('signs up', async () => {
  await signup(\`user-\${Date.now()}@example.com\`);
  expect(stamp()).toBe(Date.now());
});
`;

describe('a finding capped at information', () => {
  test('shows as an Information diagnostic even when the rule is set to error', async () => {
    const client = await LspTestClient.start({
      files: { 'test-layers.config.json': '{ "rules": { "nondeterministic-data": "error" } }' },
      settings: { rules: { customizations: { 'nondeterministic-data': 'error' } } },
    });
    try {
      const uri = client.open('signup.test.ts', SIGNUP);
      const found = (await client.diagnosticsFor(uri)).filter((d) => d.code === 'nondeterministic-data');
      const byLine = found.map((d) => `${d.range.start.line + 1} ${d.severity}`).sort();
      // 1 = Error, 3 = Information.
      assert.deepEqual(byLine, ['4 3', '5 1']);
    } finally {
      await client.stop();
    }
  });
});
