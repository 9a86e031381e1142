/** The CLI's entry: parses the arguments, runs the chosen command, and turns every failure into a message and an exit code. */
import { CommanderError, type Command } from 'commander';
import { ConfigError } from '../config/load';
import { RuleLoadError } from '../engine/load-rules';
import { printable } from '../formatters/printable';
import { FileAccessError } from '../lint/atomic-write';
import { describeError } from '../lint/discover';
import { UsageError } from '../model/errors';
import { hoistSubcommandOptions } from './argv';
import { EXIT_CLEAN, EXIT_USAGE_OR_IO, say, type CliIo } from './io';
import { buildProgram } from './program';
import { runExplain } from './run-explain';
import { runLint } from './run-lint';
import { runMerge } from './run-merge';
import { runLsp } from './run-lsp';
import { runLogs, runProbe } from './run-probe';

export { EXIT_CLEAN, EXIT_LINT_ERRORS, EXIT_USAGE_OR_IO, type CliIo } from './io';

const RUNNERS: Record<string, (command: Command, io: CliIo) => Promise<number>> = {
  explain: runExplain,
  'merge-reports': runMerge,
  logs: runLogs,
  probe: runProbe,
  lsp: runLsp,
};

/** Runs the CLI and returns the exit code: 0 clean, 1 lint errors, 2 usage or I/O failure. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  // The command commander chose: its action receives the command last.
  let chosen: Command = program;
  for (const command of [program, ...program.commands]) {
    command.action((...args: unknown[]) => {
      chosen = args[args.length - 1] as Command;
    });
  }
  try {
    program.parse(hoistSubcommandOptions(argv, program), { from: 'user' });
    const runner = RUNNERS[chosen.name()];
    return await (chosen !== program && runner ? runner(chosen, io) : runLint(program, io));
  } catch (error) {
    return failure(error, io);
  }
}

/** Known failures become one line and exit 2; anything else is a bug and is thrown to the bin script. */
function failure(error: unknown, io: CliIo): number {
  // Commander has printed its own message (or the help) already.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE_OR_IO;
  if (error instanceof UsageError || error instanceof RuleLoadError || error instanceof ConfigError || error instanceof FileAccessError) {
    // Config errors list their problems a line each; what a line quotes from the user is made printable.
    say(io, error.message.split('\n').map(printable).join('\n'));
    return EXIT_USAGE_OR_IO;
  }
  const errno = error as NodeJS.ErrnoException;
  if (errno?.code) {
    say(io, printable(`${errno.path ? `${errno.path}: ` : ''}${describeError(errno)} (${errno.syscall ?? 'file access'} failed)`));
    return EXIT_USAGE_OR_IO;
  }
  throw error;
}
