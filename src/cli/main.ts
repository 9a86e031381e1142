import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TARGETS, type Target } from '../engine/context';
import { RuleLoadError } from '../engine/load-rules';
import { shouldColor } from '../formatters/color';
import { FORMATS, formatReport, type FormatName } from '../formatters';
import { lint, UsageError } from '../lint/lint';
import { hasIoFailure } from '../lint/report';

export const EXIT_CLEAN = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_USAGE_OR_IO = 2;

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface CliOptions {
  format: FormatName;
  host?: string;
  now?: string;
  quiet?: boolean;
  maxWarnings?: number;
  target: Target;
  bitbucketVersion?: string;
  ca: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number of 0 or more');
  return Number(value);
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

function buildProgram(io: CliIo): Command {
  return new Command('bitbucket-mirror-lint')
    .description("Finds what is wrong with a Bitbucket smart mirror's bitbucket.properties, SSH keys and certificates.")
    .argument('[paths...]', 'files or folders to lint', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('--host <name>', "the mirror's public host name (default: from setup.baseUrl or server.proxy-name)")
    .option('--now <date>', 'evaluate as of this ISO 8601 date and time (default: the current time)')
    .addOption(new Option('--target <target>', 'what the mirror serves').choices(TARGETS).default('cloud'))
    .option('--bitbucket-version <x.y>', 'Bitbucket Data Center version of the mirror, for --target datacenter')
    .option('--ca <file>', 'a PEM file of trust anchors (a private CA) besides the bundled roots; repeatable', collect, [])
    .option('-q, --quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', nonNegativeInteger)
    .version(version(), '-v, --version')
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
}

/** Runs the CLI and returns the exit code: 0 clean, 1 lint errors, 2 usage or I/O failure. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE_OR_IO;
    throw error;
  }
  const options = program.opts<CliOptions>();
  const paths = program.processedArgs[0] as string[];

  let report;
  try {
    report = await lint(paths, {
      cwd: io.cwd,
      host: options.host,
      now: options.now,
      target: options.target,
      bitbucketVersion: options.bitbucketVersion,
      ca: options.ca,
    });
  } catch (error) {
    if (error instanceof UsageError || error instanceof RuleLoadError) {
      io.stderr.write(`bitbucket-mirror-lint: ${error.message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }

  const warnings = report.summary.warnings;
  const shown = options.quiet
    ? {
        ...report,
        results: report.results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') })),
        summary: { ...report.summary, warnings: 0, infos: 0 },
      }
    : report;
  io.stdout.write(formatReport(shown, options.format, { color: shouldColor(io.stdout, io.env) }));

  if (hasIoFailure(report)) return EXIT_USAGE_OR_IO;
  if (report.summary.errors > 0) return EXIT_LINT_ERRORS;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr.write(`bitbucket-mirror-lint: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return EXIT_LINT_ERRORS;
  }
  return EXIT_CLEAN;
}
