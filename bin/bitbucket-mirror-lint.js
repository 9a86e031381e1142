#!/usr/bin/env node
'use strict';

let cli;
try {
  // The bundled CLI when the build made one (a faster start), else the separate modules.
  cli = require(require('node:fs').existsSync(`${__dirname}/../dist/cli/main.bundle.js`) ? '../dist/cli/main.bundle.js' : '../dist/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('bitbucket-mirror-lint: not built yet; run `npm install` (or `npm run build`) in the package first\n');
    process.exit(2);
  }
  throw error;
}

const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
cli.main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // A bug in the linter itself: say so plainly; the stack only on request.
    process.stderr.write(`bitbucket-mirror-lint: internal error: ${error && error.message ? error.message : error}\n`);
    if (process.env.BITBUCKET_MIRROR_LINT_DEBUG) process.stderr.write(`${error && error.stack}\n`);
    process.exitCode = 2;
  },
);
