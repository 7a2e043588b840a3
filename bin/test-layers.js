#!/usr/bin/env node
'use strict';
const { runCli } = require('../dist/cli.js');

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
