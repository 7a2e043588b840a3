// Bundles the shipped entry points: the CLI, the language server and (when present) the VS Code client.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const entries = [
  { in: 'server/src/cli/main.ts', out: 'dist/cli.js' },
  { in: 'server/src/lsp/server.ts', out: 'dist/server.js' },
  { in: 'server/src/node/scan-worker.ts', out: 'dist/scan-worker.js' },
  { in: 'client/src/extension.ts', out: 'dist/extension.js' },
].filter((e) => existsSync(e.in));

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: [e.in],
      outfile: e.out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
      // ts-morph's bundled TypeScript references optional modules it never loads at run time here.
      mainFields: ['module', 'main'],
    }),
  ),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
