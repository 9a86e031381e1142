/** The CLI's options, in groups a command takes whole, with the parsers that turn their text into values. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { FAIL_ON, type FailOn } from '../model/fail-on';
import { ROLES, TARGETS, type Role, type Target } from '../model/run';
import { FIX_TYPES, type FixType } from '../model/fix-types';
import { FORMATS, type FormatName } from '../formatters';
import { VERSION_PATTERN } from '../lint/check-options';
import type { Concurrency } from '../lint/parallel';

/** Every option any command takes; each command's opts() holds the ones it declared. */
export interface CliOptions {
  format: FormatName;
  outputFile?: string;
  quiet?: boolean;
  maxWarnings?: number;
  failOn?: FailOn;
  config?: string;
  printConfig?: boolean;
  host?: string;
  now?: string;
  target?: Target;
  role?: Role;
  bitbucketVersion?: string;
  ca?: string[];
  inlineConfig?: boolean;
  reportUnusedDisableDirectives?: boolean;
  maxFileSize?: number;
  stdin?: boolean;
  stdinFilename?: string;
  listRules?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  fixType?: FixType[];
  cache?: boolean;
  cacheLocation?: string;
  shard?: { index: number; count: number };
  concurrency?: Concurrency;
  probe?: boolean;
  timeout?: number;
  sshPort?: number;
  httpPort?: number;
  serverPort?: number;
  connectTo?: string;
  probeConcurrency?: number;
  targets?: string;
}

function port(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new InvalidArgumentError('must be a port number (1-65535)');
  return Number(value);
}

function shardSpec(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new InvalidArgumentError('must be i/n with 1 <= i <= n, e.g. 2/4');
  return { index, count };
}

function concurrencySpec(value: string): Concurrency {
  if (value === 'auto' || value === 'off') return value;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a number of threads (1 or more), auto or off');
  return Number(value);
}

function mebibytes(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError('must be a positive number of MiB');
  return Number(value);
}

function seconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0 || Number(value) > 300)
    throw new InvalidArgumentError('must be a number of seconds (at most 300)');
  return Number(value);
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return Number(value);
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number of 0 or more');
  return Number(value);
}

function bitbucketVersion(value: string): string {
  if (!VERSION_PATTERN.test(value)) throw new InvalidArgumentError('must be a version such as 8.19');
  return value;
}

function fixTypes(value: string): FixType[] {
  const types = value.split(',').map((t) => t.trim());
  const wrong = types.filter((t) => !(FIX_TYPES as readonly string[]).includes(t));
  if (wrong.length > 0 || types.length === 0) throw new InvalidArgumentError(`must be a comma-separated list of ${FIX_TYPES.join(', ')}`);
  return types as FixType[];
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** How a report is printed and what fails the run: every command that lints. */
export function outputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('-o, --output-file <path>', 'write the report to this file (atomically) instead of stdout')
    .option('-q, --quiet', 'report only what fails the run (errors, unless --fail-on or --max-warnings say more)')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', nonNegativeInteger)
    .addOption(new Option('--fail-on <severity>', 'the lowest severity that fails the run (default: error)').choices(FAIL_ON))
    .option('-c, --config <file>', 'config file (default: the nearest bitbucket-mirror-lint.config.json or .bitbucket-mirror-lintrc.json)')
    .option('--print-config', 'print the effective configuration and exit');
}

/** What the findings are judged against. `withHost` is false for probe, whose host is its argument. */
export function judgingOptions(withHost: boolean): (command: Command) => Command {
  return (command) => {
    if (withHost) command.option('--host <name>', "the mirror's public host name (default: from setup.baseUrl or server.proxy-name)");
    return command
      .option('--now <date>', 'evaluate as of this ISO 8601 date and time (default: the current time)')
      .addOption(new Option('--target <target>', 'what the mirror serves (default: cloud)').choices(TARGETS))
      .addOption(
        new Option(
          '--role <role>',
          'what the bitbucket.properties files configure (default: as each file says: mirror mode or plugin.mirroring.* make a mirror)',
        ).choices(ROLES),
      )
      .option('--bitbucket-version <x.y>', 'Bitbucket Data Center version of the mirror, for --target datacenter', bitbucketVersion)
      .option('--ca <file>', 'a PEM file of trust anchors (a private CA) besides the bundled roots; repeatable', collect);
  };
}

/** How files are found and read: the lint command only. */
export function fileOptions(command: Command): Command {
  return command
    .option('--no-inline-config', 'ignore bitbucket-mirror-lint-disable comments')
    .option('--report-unused-disable-directives', 'report disable comments that suppress nothing')
    .option('--max-file-size <MiB>', 'files larger than this are reported, not read (default 32; logs are streamed)', mebibytes)
    .option('--stdin', 'lint standard input instead of files (as does the path -)')
    .option(
      '--stdin-filename <name>',
      'the name standard input is linted as: it picks the kind and the config (default: by content, else bitbucket.properties)',
    )
    .option('--cache', 'reuse the results of unchanged files (properties files and SSH keys) from the last run')
    .option('--cache-location <file>', 'where --cache keeps its results (default .bitbucket-mirror-lint-cache)')
    .option(
      '--shard <i/n>',
      'lint only the i-th of n contiguous parts of the sorted file list (merge the reports with merge-reports)',
      shardSpec,
    )
    .option(
      '--concurrency <n|auto|off>',
      'threads (this one and workers); auto (the default) uses up to one per core from 20000 files',
      concurrencySpec,
    )
    .option('--fix', 'apply the fixes of bitbucket.properties findings (atomically; suggestions only with --fix-type)')
    .option('--fix-dry-run', 'print the fixes as a diff, and list the suggestions, instead of writing them')
    .option('--fix-type <types>', `which changes --fix applies: ${FIX_TYPES.join(', ')} (comma-separated; default fix)`, fixTypes)
    .option('--list-rules', 'list the rules (id, severity, title) and exit');
}

/** The live checks: the probe command, and the lint command with --probe. */
export function probeOptions(command: Command): Command {
  return command
    .option('--timeout <seconds>', 'deadline of each probe step (default 5)', seconds)
    .option('--probe-concurrency <n>', 'mirrors probed at once (default 8)', positiveInteger)
    .option('--ssh-port <port>', 'SSH port to check (default: plugin.ssh.port, else 7999)', port)
    .option('--http-port <port>', 'plain HTTP port checked for a redirect to HTTPS (default 80)', port)
    .option('--server-port <port>', "also connect to Bitbucket's own port (server.port)", port)
    .option(
      '--connect-to <addresses>',
      'connect to these addresses (comma-separated) instead of resolving the host, e.g. to test one node',
    );
}

/** Options only --probe gives a meaning to in a lint run. */
export const PROBE_ONLY: readonly (keyof CliOptions)[] = ['timeout', 'probeConcurrency', 'sshPort', 'httpPort', 'serverPort', 'connectTo'];
