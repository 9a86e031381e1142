#!/usr/bin/env node
'use strict';
// The command's entry: loads the built CLI and gives it this process's streams.

let cli;
try {
  // The bundled CLI when the build made one (a faster start), else the separate modules.
  cli = require(
    require('node:fs').existsSync(`${__dirname}/../dist/cli/main.bundle.js`) ? '../dist/cli/main.bundle.js' : '../dist/cli/main.js',
  );
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('bitbucket-mirror-lint: not built yet; run `npm install` (or `npm run build`) in the package first\n');
    process.exit(2);
  }
  throw error;
}

// A reader that stopped reading (`| head`) is not an error: the rest of the output is dropped quietly
// and the run ends with its own exit code, as grep or cat do.
let stdoutClosed = false;
process.stdout.on('error', (error) => {
  if (error && (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED')) {
    stdoutClosed = true;
    return;
  }
  throw error;
});
const stdout = {
  write: (text) => (stdoutClosed ? true : process.stdout.write(text)),
  get isTTY() {
    return process.stdout.isTTY;
  },
};

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return require('node:buffer').Buffer.concat(chunks);
}

const io = { stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), readStdin };
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
