/** The probe and logs commands: a live mirror, or log files, judged and reported as files are. */
import type { Command } from 'commander';
import { UsageError } from '../model/errors';
import { parseProbeTarget, ProbeTargetError } from '../sources/probe/target';
import { EXIT_CLEAN, type CliIo } from './io';
import type { CliOptions } from './options';
import { finishReport, lintWithProgress } from './run-report';
import { printConfig, probeOverrides, runSettings } from './settings';

export async function runProbe(command: Command, io: CliIo): Promise<number> {
  const options = command.opts<CliOptions>();
  const settings = runSettings(options, io);
  try {
    settings.lint.probes = [parseProbeTarget(command.processedArgs[0] as string, probeOverrides(options))];
  } catch (error) {
    if (error instanceof ProbeTargetError) throw new UsageError(error.message);
    throw error;
  }
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
