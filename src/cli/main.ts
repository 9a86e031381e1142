import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/load';
import { FAIL_ON, type FailOn } from '../config/fail-on';
import type { ConfigFile } from '../config/schema';
import { ROLES, TARGETS, type Role, type Target } from '../engine/context';
import { RuleLoadError } from '../engine/load-rules';
import { listRules } from '../engine/rule-info';
import type * as FixModule from '../fix/fix-files';
import type * as MergeModule from '../report/merge';
import type * as ProgressModule from 'cli-progress';
import { shouldColor } from '../formatters/color';
import { FORMATS, formatReport, type FormatName } from '../formatters';
import { FileAccessError, writeFileAtomic } from '../lint/atomic-write';
import { describeError } from '../lint/discover';
import { lint, UsageError, type LintOptions } from '../lint/lint';
import type { Concurrency } from '../lint/parallel';
import { hasIoFailure, type LintReport } from '../lint/report';
import { parseProbeTarget, ProbeTargetError, type ProbeTarget } from '../probe/target';
import { explainSymptom, formatCauses } from '../explain/symptoms';
import { explainRule, listRulesText } from './explain';

export const EXIT_CLEAN = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_USAGE_OR_IO = 2;

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface CliOptions {
  format: FormatName;
  host?: string;
  now?: string;
  quiet?: boolean;
  maxWarnings?: number;
  target?: Target;
  role?: Role;
  bitbucketVersion?: string;
  ca: string[];
  config?: string;
  printConfig?: boolean;
  outputFile?: string;
  inlineConfig: boolean;
  reportUnusedDisableDirectives?: boolean;
  failOn?: FailOn;
  listRules?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  probe?: boolean;
  timeout?: number;
  maxFileSize?: number;
  shard?: { index: number; count: number };
  concurrency?: Concurrency;
  cache?: boolean;
  cacheLocation: string;
  sshPort?: number;
  httpPort?: number;
  serverPort?: number;
  connectTo?: string;
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
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0 || Number(value) > 300) throw new InvalidArgumentError('must be a number of seconds (at most 300)');
  return Number(value);
}

/** Options every command that prints a report shares. */
function addReportOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('-o, --output-file <path>', 'write the report to this file (atomically) instead of stdout')
    .option('-c, --config <file>', 'config file (default: the nearest bitbucket-mirror-lint.config.json or .bitbucket-mirror-lintrc.json)')
    .option('--print-config', 'print the effective configuration and exit')
    .option('--host <name>', "the mirror's public host name (default: from setup.baseUrl or server.proxy-name)")
    .option('--now <date>', 'evaluate as of this ISO 8601 date and time (default: the current time)')
    .addOption(new Option('--target <target>', 'what the mirror serves (default: cloud)').choices(TARGETS))
    .addOption(new Option('--role <role>', 'what the bitbucket.properties files configure (default: as each file says: mirror mode or plugin.mirroring.* make a mirror)').choices(ROLES))
    .option('--bitbucket-version <x.y>', 'Bitbucket Data Center version of the mirror, for --target datacenter')
    .option('--ca <file>', 'a PEM file of trust anchors (a private CA) besides the bundled roots; repeatable', collect, [])
    .option('-q, --quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', nonNegativeInteger)
    .addOption(new Option('--fail-on <severity>', 'the lowest severity that fails the run (default: error)').choices(FAIL_ON))
    .option('--no-inline-config', 'ignore bitbucket-mirror-lint-disable comments')
    .option('--report-unused-disable-directives', 'report disable comments that suppress nothing')
    .option('--timeout <seconds>', 'deadline of each probe step (default 5)', seconds)
    .option('--max-file-size <MiB>', 'files larger than this are reported, not read (default 32; logs are streamed)', mebibytes);
}

function addProbeTargetOptions(command: Command): Command {
  return command
    .option('--ssh-port <port>', 'SSH port to check (default: plugin.ssh.port, else 7999)', port)
    .option('--http-port <port>', 'plain HTTP port checked for a redirect to HTTPS (default 80)', port)
    .option('--server-port <port>', "also connect to Bitbucket's own port (server.port)", port)
    .option('--connect-to <addresses>', 'connect to these addresses (comma-separated) instead of resolving the host, e.g. to test one node');
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
  const program = addReportOptions(
    new Command('bitbucket-mirror-lint')
      .description("Finds what is wrong with a Bitbucket smart mirror's bitbucket.properties, SSH keys and certificates.")
      .argument('[paths...]', 'files or folders to lint', ['.']),
  )
    // Options after a subcommand's name belong to it (probe and the root share names).
    .enablePositionalOptions()
    .option('--probe', 'also probe the live mirror the linted bitbucket.properties describes')
    .option('--cache', 'reuse the results of unchanged files (properties files and SSH keys) from the last run')
    .option('--cache-location <file>', 'where --cache keeps its results', '.bitbucket-mirror-lint-cache')
    .option('--shard <i/n>', 'lint only the i-th of n contiguous parts of the sorted file list (merge the reports with merge-reports)', shardSpec)
    .option('--concurrency <n|auto|off>', 'threads (this one and workers); auto (the default) uses up to one per core from 20000 files', concurrencySpec)
    .option('--fix', 'apply mechanical fixes to bitbucket.properties files (atomically)')
    .option('--fix-dry-run', 'print the fixes as a diff instead of writing them')
    .option('--list-rules', 'list the rules (id, severity, title) and exit')
    .version(version(), '-v, --version')
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  program
    .command('explain')
    .description('explain a rule (what it finds, why, how to fix it), or what you saw: an error message, a log line, a browser message')
    .argument('<rule-id-or-text...>', 'a rule id such as cert/expires-soon, or the text you saw, in quotes')
    .option('-c, --config <file>', 'config file with extra rule folders')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .exitOverride();
  program
    .command('merge-reports')
    .description('merge the JSON or SARIF reports of shards (--shard) into one')
    .argument('<reports...>', 'report files, all JSON (--format json) or all SARIF')
    .option('-o, --output-file <path>', 'write the merged report there (atomically) instead of stdout')
    .exitOverride();
  program
    .command('logs')
    .description('scan Bitbucket logs (atlassian-bitbucket.log) for known errors, streaming files of any size')
    .argument('<files...>', 'log files')
    .exitOverride();
  addProbeTargetOptions(program);
  addProbeTargetOptions(
    addReportOptions(
      program
        .command('probe')
        .description('check a live mirror: DNS, ports, TLS and its certificate, /status, upstream state, clock, SSH')
        .argument('<host-or-url>', 'the mirror, e.g. mirror.example.com or https://mirror.example.com:8443/bitbucket'),
    ),
  ).exitOverride();
  return program;
}

/** Flags override the config file; paths in the config are already absolute. */
function effectiveOptions(config: ConfigFile, options: CliOptions, cwd: string): LintOptions & { failOn: FailOn } {
  return {
    cwd,
    host: options.host ?? config.host,
    now: options.now,
    target: options.target ?? config.target,
    role: options.role ?? config.role,
    // --role speaks for every file, over the config's per-path roles too.
    roleOverrides: options.role ? undefined : config.overrides,
    bitbucketVersion: options.bitbucketVersion ?? config.bitbucketVersion,
    ca: options.ca.length > 0 ? options.ca.map((c) => path.resolve(cwd, c)) : config.ca,
    ruleDirs: config.ruleDirs,
    rules: config.rules,
    ignore: config.ignore,
    inlineConfig: options.inlineConfig,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
    probeTimeoutMs: options.timeout !== undefined ? options.timeout * 1000 : undefined,
    maxFileBytes: options.maxFileSize !== undefined ? Math.floor(options.maxFileSize * 1024 * 1024) : undefined,
    shard: options.shard,
    concurrency: options.concurrency,
    cache: options.cache ? options.cacheLocation : undefined,
    probeFromConfig: options.probe,
    probeDefaults: probeOverrides(options),
    failOn: options.failOn ?? config.failOn ?? 'error',
  };
}

function probeOverrides(options: CliOptions): Partial<ProbeTarget> {
  return {
    ...(options.sshPort ? { sshPort: options.sshPort } : {}),
    ...(options.httpPort ? { httpPort: options.httpPort } : {}),
    ...(options.serverPort ? { serverPort: options.serverPort } : {}),
    ...(options.connectTo ? { connectTo: options.connectTo.split(',').map((a) => a.trim()).filter(Boolean) } : {}),
  };
}

/**
 * A progress bar on stderr for long runs at a terminal: never in CI, and never when stderr or the
 * report (stdout, unless --output-file takes it) is piped, so it never mixes into a report or a log.
 * It appears only once a run has more than PROGRESS_MIN steps.
 */
const PROGRESS_MIN = 400;

function progressBar(io: CliIo, reportToFile: boolean): { update: (done: number, total: number) => void; stop: () => void } | undefined {
  if (!io.stderr.isTTY || !(io.stdout.isTTY || reportToFile) || io.env['CI'] || io.env['NO_PROGRESS']) return undefined;
  let bar: { start(total: number, value: number): void; update(value: number): void; stop(): void } | undefined;
  return {
    update: (done, total) => {
      if (!bar && total > PROGRESS_MIN) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { SingleBar, Presets } = require('cli-progress') as typeof ProgressModule;
        bar = new SingleBar({ stream: io.stderr as NodeJS.WritableStream, clearOnComplete: true, hideCursor: true, format: 'bitbucket-mirror-lint [{bar}] {percentage}% {value}/{total}' }, Presets.shades_classic);
        bar.start(total, done);
      }
      bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}

function exitCodeFor(report: LintReport, failOn: FailOn, maxWarnings: number | undefined, io: CliIo): number {
  if (hasIoFailure(report)) return EXIT_USAGE_OR_IO;
  const { errors, warnings, infos } = report.summary;
  if (errors > 0 || (failOn !== 'error' && warnings > 0) || (failOn === 'info' && infos > 0)) return EXIT_LINT_ERRORS;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr.write(`bitbucket-mirror-lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return EXIT_LINT_ERRORS;
  }
  return EXIT_CLEAN;
}

function errorsOnly(report: LintReport): LintReport {
  const results = report.results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') }));
  return { ...report, results, summary: { ...report.summary, warnings: 0, infos: 0 } };
}

async function runLint(program: Command, io: CliIo, probeTarget?: string, logFiles?: string[]): Promise<number> {
  const options = program.opts<CliOptions>();
  const paths = logFiles ?? (probeTarget === undefined ? (program.processedArgs[0] as string[]) : []);
  const { path: configPath, config } = loadConfig(io.cwd, options.config);
  const lintOptions = effectiveOptions(config, options, io.cwd);
  if (configPath) lintOptions.ignoreBase = path.dirname(configPath);
  if (logFiles) lintOptions.kind = 'log';
  if (probeTarget !== undefined) {
    try {
      lintOptions.probes = [parseProbeTarget(probeTarget, probeOverrides(options))];
    } catch (error) {
      if (error instanceof ProbeTargetError) throw new UsageError(error.message);
      throw error;
    }
  }

  if (options.printConfig) {
    const shown: Record<string, unknown> = { configFile: configPath ?? null, ...lintOptions };
    delete shown['cwd'];
    delete shown['ignoreBase'];
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return EXIT_CLEAN;
  }
  if (options.listRules) {
    const rules = listRules(lintOptions.ruleDirs, lintOptions.rules);
    io.stdout.write(options.format === 'json' ? `${JSON.stringify(rules, null, 2)}\n` : listRulesText(rules));
    return EXIT_CLEAN;
  }

  const progress = progressBar(io, options.outputFile !== undefined);
  let report = await lint(paths, { ...lintOptions, onProgress: progress?.update });
  progress?.stop();
  if (options.fix || options.fixDryRun) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { fixProperties } = require('../fix/fix-files') as typeof FixModule;
    const fixes = await fixProperties(report, lintOptions, options.fix === true && !options.fixDryRun);
    if (options.fixDryRun) {
      io.stdout.write(fixes.map((f) => f.patch).join(''));
      io.stderr.write(`bitbucket-mirror-lint: ${fixes.length} file${fixes.length === 1 ? '' : 's'} would change\n`);
      return exitCodeFor(report, lintOptions.failOn, options.maxWarnings, io);
    }
    if (fixes.length > 0) report = await lint(paths, lintOptions);
  }

  const shown = options.quiet ? errorsOnly(report) : report;
  const rules = options.format === 'sarif' ? listRules(lintOptions.ruleDirs, lintOptions.rules) : undefined;
  const color = !options.outputFile && shouldColor(io.stdout, io.env);
  const text = formatReport(shown, options.format, { color, rules, cwd: io.cwd });
  if (options.outputFile) await writeFileAtomic(path.resolve(io.cwd, options.outputFile), text, options.outputFile);
  else io.stdout.write(text);
  return exitCodeFor(report, lintOptions.failOn, options.maxWarnings, io);
}

async function runExplain(command: Command, io: CliIo): Promise<number> {
  const words = command.processedArgs[0] as string[];
  const text = words.join(' ');
  const { config, format } = { ...loadConfig(io.cwd, command.opts<{ config?: string }>().config), format: command.opts<{ format: string }>().format };
  const rule = listRules(config.ruleDirs).find((r) => r.id === text);
  if (rule) {
    io.stdout.write(format === 'json' ? `${JSON.stringify(rule, null, 2)}\n` : explainRule(rule));
    return EXIT_CLEAN;
  }
  if (/^[a-z0-9-]+\/[a-z0-9-]+$/.test(text)) {
    io.stderr.write(`bitbucket-mirror-lint: no rule is called "${text}" (see --list-rules)\n`);
    return EXIT_USAGE_OR_IO;
  }
  const causes = await explainSymptom(text, { ruleDirs: config.ruleDirs, cwd: io.cwd });
  io.stdout.write(format === 'json' ? `${JSON.stringify(causes, null, 2)}\n` : formatCauses(text, causes));
  return EXIT_CLEAN;
}

async function runMerge(command: Command, io: CliIo): Promise<number> {
  const files = (command.processedArgs as string[][])[0] ?? [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readReport, mergeJson, mergeSarif, sarifCounts, MergeError } = require('../report/merge') as typeof MergeModule;
  let reports;
  try {
    reports = files.map((f) => readReport(readFileSync(path.resolve(io.cwd, f), 'utf8'), f));
  } catch (error) {
    if (error instanceof MergeError || (error as NodeJS.ErrnoException).code) {
      io.stderr.write(`bitbucket-mirror-lint: ${(error as Error).message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
  const kinds = new Set(reports.map((r) => r.kind));
  if (kinds.size !== 1) {
    io.stderr.write('bitbucket-mirror-lint: the reports must all be JSON or all SARIF\n');
    return EXIT_USAGE_OR_IO;
  }
  let text: string;
  let errors: number;
  if (kinds.has('json')) {
    const merged = mergeJson(reports.map((r) => (r.kind === 'json' ? r.report : { version: 1 as const, results: [], summary: { files: 0, errors: 0, warnings: 0, infos: 0 } })));
    text = `${JSON.stringify(merged, null, 2)}\n`;
    errors = merged.summary.errors;
  } else {
    const merged = mergeSarif(reports.flatMap((r) => (r.kind === 'sarif' ? [r.log] : [])));
    text = `${JSON.stringify(merged, null, 2)}\n`;
    errors = sarifCounts(merged).errors;
  }
  const output = command.opts<{ outputFile?: string }>().outputFile;
  if (output) await writeFileAtomic(path.resolve(io.cwd, output), text, output);
  else io.stdout.write(text);
  return errors > 0 ? EXIT_LINT_ERRORS : EXIT_CLEAN;
}

/** Runs the CLI and returns the exit code: 0 clean, 1 lint errors, 2 usage or I/O failure. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  // The subcommand commander chose, if any (its action receives the command last).
  const chosen: { command?: Command } = {};
  for (const command of program.commands) {
    command.action((...args: unknown[]) => {
      chosen.command = args[args.length - 1] as Command;
    });
  }
  program.action(() => undefined);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE_OR_IO;
    throw error;
  }
  try {
    const sub = chosen.command;
    if (sub?.name() === 'explain') return await runExplain(sub, io);
    if (sub?.name() === 'merge-reports') return await runMerge(sub, io);
    if (sub?.name() === 'logs') return await runLint(program, io, undefined, (sub.processedArgs as string[][])[0]);
    if (sub?.name() === 'probe') return await runLint(sub, io, (sub.processedArgs as string[])[0]);
    return await runLint(program, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RuleLoadError || error instanceof ConfigError) {
      io.stderr.write(`bitbucket-mirror-lint: ${error.message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    if (error instanceof FileAccessError) {
      io.stderr.write(`bitbucket-mirror-lint: ${error.message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    const errno = error as NodeJS.ErrnoException;
    if (errno.code) {
      io.stderr.write(`bitbucket-mirror-lint: ${errno.path ? `${errno.path}: ` : ''}${describeError(errno)} (${errno.syscall ?? 'file access'} failed)\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}
