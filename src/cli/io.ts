/** What the CLI reads and writes, passed in so tests run it in-process, and its exit codes. */

export const EXIT_CLEAN = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_USAGE_OR_IO = 2;

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The whole of standard input, for `--stdin` and `-` (absent: nothing to read). */
  readStdin?: () => Promise<Buffer>;
}

/** One line on stderr, as every message of the CLI starts. */
export function say(io: CliIo, text: string): void {
  io.stderr.write(`bitbucket-mirror-lint: ${text}\n`);
}
