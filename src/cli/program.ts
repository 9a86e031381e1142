/** The command line as commander sees it: the lint command (the program itself) and its subcommands, each with the option groups it takes. */
import { Command, Option } from 'commander';
import { FORMATS } from '../formatters';
import type { CliIo } from './io';
import { fileOptions, judgingOptions, outputOptions, probeOptions } from './options';
import { lazy } from '../util/memo';

const packageJson = lazy(() => require('../../package.json') as { version: string });

const apply = (command: Command, ...groups: ((c: Command) => Command)[]): Command => groups.reduce((c, group) => group(c), command);

export function buildProgram(io: CliIo): Command {
  const program = apply(
    new Command('bitbucket-mirror-lint')
      .description("Finds what is wrong with a Bitbucket smart mirror's bitbucket.properties, SSH keys and certificates.")
      .argument('[paths...]', 'files or folders to lint; - reads standard input'),
    outputOptions,
    judgingOptions(true),
    fileOptions,
    (c) => c.option('--probe', 'also probe the live mirror the linted bitbucket.properties describes'),
    probeOptions,
  )
    // Options after a subcommand's name are the subcommand's (argv.ts moves those written before it).
    .enablePositionalOptions()
    .version(packageJson().version, '-v, --version')
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });

  program
    .command('explain')
    .description('explain a rule (what it finds, why, how to fix it), or what you saw: an error message, a log line, a browser message')
    .argument('<rule-id-or-text...>', 'a rule id such as cert/expires-soon, or the text you saw, in quotes')
    .option('-c, --config <file>', 'config file with extra rule folders')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'));
  program
    .command('merge-reports')
    .description('merge the JSON or SARIF reports of shards (--shard) into one')
    .argument('<reports...>', 'report files, all JSON (--format json) or all SARIF')
    .option('-o, --output-file <path>', 'write the merged report there (atomically) instead of stdout')
    .addOption(
      new Option('-f, --format <format>', 'the merged report as (JSON reports only; SARIF reports stay SARIF)')
        .choices(FORMATS)
        .default('json'),
    )
    .option('--now <date>', 'today on the html timeline (default: the current time)');
  apply(
    program
      .command('logs')
      .description('scan Bitbucket logs (atlassian-bitbucket.log) for known errors, streaming files of any size')
      .argument('<files...>', 'log files'),
    outputOptions,
  );
  apply(
    program
      .command('probe')
      .description('check a live mirror: DNS, ports, TLS and its certificate, /status, upstream state, clock, SSH')
      .argument('[hosts-or-urls...]', 'the mirrors, e.g. mirror.example.com or https://mirror.example.com:8443/bitbucket'),
    outputOptions,
    judgingOptions(false),
    probeOptions,
    (c) => c.option('--targets <file>', 'a file of mirrors to probe, one host or URL a line (# starts a comment)'),
  );
  program
    .command('lsp')
    .description('run the language server (LSP 3.17) for editors: findings as you type, quick fixes, completion, hover')
    .option('--stdio', 'speak over standard input and output (the only transport)');
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
    command.showHelpAfterError('(run with --help for usage)');
  }
  return program;
}
