/** The lint command: files, folders or standard input, with --fix, --list-rules and --probe beside. */
import type { Command } from 'commander';
import { listRules } from '../engine/rule-info';
import type { FixType } from '../model/fix-types';
import type * as FixModule from '../fix/fix-files';
import { UsageError } from '../model/errors';
import { detectKind } from '../sources/registry';
import { listRulesText } from './rule-text';
import { EXIT_CLEAN, say, type CliIo } from './io';
import { PROBE_ONLY, type CliOptions } from './options';
import { printable } from '../formatters/printable';
import { finishReport, lintWithProgress } from './run-report';
import { exitCodeFor } from './report-output';
import { printConfig, runSettings } from './settings';
import { lazy } from '../util/memo';

// --fix loads the fixer (and the diff library) only when asked for.
const fixFiles = lazy(() => require('../fix/fix-files') as typeof FixModule);

/** Flags that mean nothing without another are errors, so a typo'd run never passes for a checked one. */
function checkCombinations(options: CliOptions, paths: readonly string[], stdin: boolean): void {
  const given = PROBE_ONLY.filter((name) => options[name] !== undefined);
  if (!options.probe && given.length > 0)
    throw new UsageError(
      `--${given[0]?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} applies to the live probe: add --probe, or use the probe command`,
    );
  if (options.stdin && paths.length > 0)
    throw new UsageError('--stdin reads standard input: give no paths with it (or use - as the only path)');
  if (paths.includes('-') && paths.length > 1) throw new UsageError('- (standard input) must be the only path');
  if (options.stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename names standard input: add --stdin');
  if (stdin && (options.fix || options.fixDryRun))
    throw new UsageError('--fix and --fix-dry-run change files: lint the file itself, not standard input');
  if (options.fixType && !options.fix && !options.fixDryRun)
    throw new UsageError('--fix-type says which changes --fix applies: add --fix or --fix-dry-run');
}

/** What standard input is linted as: the name given, else what its content is (a key, a certificate), else Bitbucket's properties. */
function stdinFile(content: Buffer, name: string | undefined): { file: string; kind?: string } {
  if (name !== undefined) return { file: name };
  const sniffed = detectKind('<stdin>', content.subarray(0, 8192).toString('latin1'), false);
  return { file: '<stdin>', kind: sniffed?.kind ?? 'properties' };
}

export async function runLint(command: Command, io: CliIo): Promise<number> {
  const options = command.opts<CliOptions>();
  const paths = (command.processedArgs[0] as string[] | undefined) ?? [];
  const stdin = options.stdin === true || paths[0] === '-';
  checkCombinations(options, paths, stdin);
  const settings = runSettings(options, io);
  if (options.printConfig) {
    printConfig(settings, io);
    return EXIT_CLEAN;
  }
  if (options.listRules) {
    const rules = listRules(settings.lint.ruleDirs, settings.lint.rules);
    io.stdout.write(options.format === 'json' ? `${JSON.stringify(rules, null, 2)}\n` : listRulesText(rules));
    return EXIT_CLEAN;
  }

  const targets = paths.length > 0 && !stdin ? paths : ['.'];
  if (stdin) {
    const content = io.readStdin ? await io.readStdin() : Buffer.alloc(0);
    const { file, kind } = stdinFile(content, options.stdinFilename);
    settings.lint = { ...settings.lint, memory: { file, content }, ...(kind ? { kind } : {}), concurrency: 'off' };
  }
  let report = await lintWithProgress(targets, settings.lint, options, io);

  if (options.fix || options.fixDryRun) {
    const { fixProperties } = fixFiles();
    const types = new Set<FixType>(options.fixType ?? ['fix']);
    const { fixes, skipped } = await fixProperties(report, settings.lint, { write: options.fix === true && !options.fixDryRun, types });
    if (options.fixDryRun) {
      io.stdout.write(fixes.map((f) => f.patch).join(''));
      say(io, `${fixes.length} file${fixes.length === 1 ? '' : 's'} would change`);
      for (const s of skipped)
        say(
          io,
          `${printable(s.file)}:${s.line}: ${s.type} not applied: ${printable(s.change)} (${s.ruleId}; --fix-type ${s.type} applies it)`,
        );
      return exitCodeFor(report, { failOn: settings.failOn, maxWarnings: options.maxWarnings }, io);
    }
    if (fixes.length > 0) report = await lintWithProgress(targets, settings.lint, options, io);
  }
  if (report.results.length === 0 && !stdin) {
    say(
      io,
      `no files were linted in ${targets.map(printable).join(', ')}: bitbucket.properties, SSH keys, certificates and Bitbucket logs are (see --help)`,
    );
  }
  return finishReport(report, settings, options, io);
}
