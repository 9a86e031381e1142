/** The part of lint, logs and probe that is the same: run lint() with a progress bar, then show and judge the report. */
import { listRules } from '../engine/rule-info';
import { lint, type LintOptions } from '../lint/lint';
import type { LintReport } from '../model/report';
import { printable } from '../formatters/printable';
import { say, type CliIo } from './io';
import type { CliOptions } from './options';
import { progressBar } from './progress';
import { exitCodeFor, shownReport, writeReport, type Verdict } from './report-output';
import type { RunSettings } from './settings';

export async function lintWithProgress(
  paths: readonly string[],
  lintOptions: LintOptions,
  options: CliOptions,
  io: CliIo,
): Promise<LintReport> {
  const progress = progressBar(io, options.outputFile !== undefined);
  try {
    return await lint(paths, { ...lintOptions, onProgress: progress?.update, onWarning: (message) => say(io, printable(message)) });
  } finally {
    progress?.stop();
  }
}

/** Prints (or writes) the report as the flags say and returns the exit code. */
export async function finishReport(report: LintReport, settings: RunSettings, options: CliOptions, io: CliIo): Promise<number> {
  const verdict: Verdict = { failOn: settings.failOn, maxWarnings: options.maxWarnings };
  const rules = listRules(settings.lint.ruleDirs, settings.lint.rules);
  await writeReport(
    shownReport(report, options.quiet === true, verdict),
    { format: options.format, outputFile: options.outputFile, rules, ...(options.now ? { now: options.now } : {}) },
    io,
  );
  return exitCodeFor(report, verdict, io);
}
