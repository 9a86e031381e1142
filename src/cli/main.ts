import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/load';
import { FAIL_ON, type ConfigFile, type FailOn } from '../config/schema';
import { TARGETS, type Target } from '../engine/context';
import { RuleLoadError } from '../engine/load-rules';
import { listRules } from '../engine/rule-info';
import { fixProperties } from '../fix/fix-files';
import { shouldColor } from '../formatters/color';
import { FORMATS, formatReport, type FormatName } from '../formatters';
import { writeFileAtomic } from '../lint/atomic-write';
import { lint, UsageError, type LintOptions } from '../lint/lint';
import { hasIoFailure, type LintReport } from '../lint/report';
import { explainRule, listRulesText } from './explain';

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
  target?: Target;
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
  const program = new Command('bitbucket-mirror-lint')
    .description("Finds what is wrong with a Bitbucket smart mirror's bitbucket.properties, SSH keys and certificates.")
    .argument('[paths...]', 'files or folders to lint', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('-o, --output-file <path>', 'write the report to this file (atomically) instead of stdout')
    .option('-c, --config <file>', 'config file (default: the nearest bitbucket-mirror-lint.config.json or .bitbucket-mirror-lintrc.json)')
    .option('--print-config', 'print the effective configuration and exit')
    .option('--host <name>', "the mirror's public host name (default: from setup.baseUrl or server.proxy-name)")
    .option('--now <date>', 'evaluate as of this ISO 8601 date and time (default: the current time)')
    .addOption(new Option('--target <target>', 'what the mirror serves (default: cloud)').choices(TARGETS))
    .option('--bitbucket-version <x.y>', 'Bitbucket Data Center version of the mirror, for --target datacenter')
    .option('--ca <file>', 'a PEM file of trust anchors (a private CA) besides the bundled roots; repeatable', collect, [])
    .option('-q, --quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', nonNegativeInteger)
    .addOption(new Option('--fail-on <severity>', 'the lowest severity that fails the run (default: error)').choices(FAIL_ON))
    .option('--no-inline-config', 'ignore bitbucket-mirror-lint-disable comments')
    .option('--report-unused-disable-directives', 'report disable comments that suppress nothing')
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
    .description('explain a rule: what it finds, why, how to fix it')
    .argument('<rule-id>', 'a rule id, e.g. cert/expires-soon')
    .option('-c, --config <file>', 'config file with extra rule folders')
    .exitOverride();
  return program;
}

/** Flags override the config file; paths in the config are already absolute. */
function effectiveOptions(config: ConfigFile, options: CliOptions, cwd: string): LintOptions & { failOn: FailOn } {
  return {
    cwd,
    host: options.host ?? config.host,
    now: options.now,
    target: options.target ?? config.target,
    bitbucketVersion: options.bitbucketVersion ?? config.bitbucketVersion,
    ca: options.ca.length > 0 ? options.ca.map((c) => path.resolve(cwd, c)) : config.ca,
    ruleDirs: config.ruleDirs,
    rules: config.rules,
    ignore: config.ignore,
    inlineConfig: options.inlineConfig,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
    failOn: options.failOn ?? config.failOn ?? 'error',
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

async function runLint(program: Command, io: CliIo): Promise<number> {
  const options = program.opts<CliOptions>();
  const paths = program.processedArgs[0] as string[];
  const { path: configPath, config } = loadConfig(io.cwd, options.config);
  const lintOptions = effectiveOptions(config, options, io.cwd);
  if (configPath) lintOptions.ignoreBase = path.dirname(configPath);

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

  let report = await lint(paths, lintOptions);
  if (options.fix || options.fixDryRun) {
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
  if (options.outputFile) await writeFileAtomic(path.resolve(io.cwd, options.outputFile), text);
  else io.stdout.write(text);
  return exitCodeFor(report, lintOptions.failOn, options.maxWarnings, io);
}

function runExplain(command: Command, io: CliIo): number {
  const [id] = command.processedArgs as [string];
  const { config } = loadConfig(io.cwd, command.opts<{ config?: string }>().config);
  const rule = listRules(config.ruleDirs).find((r) => r.id === id);
  if (!rule) {
    io.stderr.write(`bitbucket-mirror-lint: no rule is called "${id}" (see --list-rules)\n`);
    return EXIT_USAGE_OR_IO;
  }
  io.stdout.write(explainRule(rule));
  return EXIT_CLEAN;
}

/** Runs the CLI and returns the exit code: 0 clean, 1 lint errors, 2 usage or I/O failure. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  let explain: Command | undefined;
  program.commands[0]?.action((_id: string, _opts: unknown, command: Command) => {
    explain = command;
  });
  program.action(() => undefined);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE_OR_IO;
    throw error;
  }
  try {
    return explain ? runExplain(explain, io) : await runLint(program, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RuleLoadError || error instanceof ConfigError) {
      io.stderr.write(`bitbucket-mirror-lint: ${error.message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code) {
      io.stderr.write(`bitbucket-mirror-lint: cannot write output: ${(error as Error).message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}
