import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { main, type CliIo } from '../../src/cli/main';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'bitbucket-mirror-lint.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean; stdin?: string | Buffer } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false },
    stderr: { write: (t: string) => (stderr += t) },
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
    ...(options.stdin === undefined ? {} : { readStdin: async () => Buffer.from(options.stdin ?? '') }),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Runs the built bin as a separate process, the way users and pre-commit do. */
export function spawnCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): CliRun {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm install` (its prepare script builds) before the tests');
  }
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    encoding: 'utf8',
    timeout: 30_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
