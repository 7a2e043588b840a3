#!/usr/bin/env node
'use strict';
const { runCli } = require('../dist/cli.js');

// A closed pipe (`test-layers … | head`) ends the output quietly, as other CLIs do.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// `run` resolves once the test runners exit; the other commands return a number at once.
Promise.resolve(
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: !!process.stdout.isTTY,
  }),
).then((code) => {
  process.exitCode = code;
});
