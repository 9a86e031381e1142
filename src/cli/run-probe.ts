/** The probe and logs commands: a live mirror, or log files, judged and reported as files are. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { FileAccessError, UsageError } from '../model/errors';
import { parseProbeTarget, ProbeTargetError } from '../sources/probe/target';
import { EXIT_CLEAN, type CliIo } from './io';
import type { CliOptions } from './options';
import { finishReport, lintWithProgress } from './run-report';
import { printConfig, probeOverrides, runSettings } from './settings';

/** The mirrors a --targets file lists: one host or URL a line; blank lines and `#` comments skipped. */
function targetsIn(file: string, io: CliIo): { text: string; where: string }[] {
  let text: string;
  try {
    text = readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new FileAccessError('read', file, error);
  }
  return text.split(/\r?\n/).flatMap((line, i) => {
    const entry = line.replace(/(^|\s)#.*$/, '').trim();
    return entry ? [{ text: entry, where: `${file}:${i + 1}: ` }] : [];
  });
}

export async function runProbe(command: Command, io: CliIo): Promise<number> {
  const options = command.opts<CliOptions>();
  const settings = runSettings(options, io);
  const given = [
    ...((command.processedArgs[0] as string[] | undefined) ?? []).map((text) => ({ text, where: '' })),
    ...(options.targets ? targetsIn(options.targets, io) : []),
  ];
  if (given.length === 0) throw new UsageError('probe needs a mirror: a host or URL, or --targets <file>');
  settings.lint.probes = given.map(({ text, where }) => {
    try {
      return parseProbeTarget(text, probeOverrides(options));
    } catch (error) {
      if (error instanceof ProbeTargetError) throw new UsageError(`${where}${error.message}`);
      throw error;
    }
  });
  if (options.printConfig) {
    printConfig(settings, io);
    return EXIT_CLEAN;
  }
  const report = await lintWithProgress([], settings.lint, options, io);
  return finishReport(report, settings, options, io);
}

export async function runLogs(command: Command, io: CliIo): Promise<number> {
  const options = command.opts<CliOptions>();
  const settings = runSettings(options, io);
  settings.lint.kind = 'log';
  if (options.printConfig) {
    printConfig(settings, io);
    return EXIT_CLEAN;
  }
  const report = await lintWithProgress(command.processedArgs[0] as string[], settings.lint, options, io);
  return finishReport(report, settings, options, io);
}
