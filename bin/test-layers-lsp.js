#!/usr/bin/env node
'use strict';
// The Test Layers language server for any LSP client: `test-layers-lsp --stdio`.
if (!process.argv.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
require('../dist/server.js');
