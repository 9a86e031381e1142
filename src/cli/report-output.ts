/** The end of every linting command: what is shown, where it is written, and the exit code. */
import path from 'node:path';
import type { FailOn } from '../model/fail-on';
import type { RuleInfo } from '../engine/rule-info';
import type { Severity } from '../model/diagnostic';
import { shouldColor } from '../formatters/color';
import { formatReport, type FormatName } from '../formatters';
import { writeFileAtomic } from '../lint/atomic-write';
import { hasIoFailure, summarise, type LintReport } from '../model/report';
import { EXIT_CLEAN, EXIT_LINT_ERRORS, EXIT_USAGE_OR_IO, say, type CliIo } from './io';

export interface Verdict {
  failOn: FailOn;
  maxWarnings?: number;
}

const tooManyWarnings = (report: LintReport, verdict: Verdict) =>
  verdict.maxWarnings !== undefined && report.summary.warnings > verdict.maxWarnings;

/** Severities that fail this run: at or above --fail-on, and warnings when there are more than --max-warnings. */
function failing(report: LintReport, verdict: Verdict): Set<Severity> {
  const set = new Set<Severity>(['error']);
  if (verdict.failOn !== 'error' || tooManyWarnings(report, verdict)) set.add('warning');
  if (verdict.failOn === 'info') set.add('info');
  return set;
}

/** With --quiet, only what fails the run: a quiet run that fails always shows why. */
export function shownReport(report: LintReport, quiet: boolean, verdict: Verdict): LintReport {
  if (!quiet) return report;
  const keep = failing(report, verdict);
  const results = report.results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => keep.has(d.severity)) }));
  return { ...report, results, summary: { ...summarise(results), files: report.summary.files } };
}

export function exitCodeFor(report: LintReport, verdict: Verdict, io: CliIo): number {
  if (hasIoFailure(report)) return EXIT_USAGE_OR_IO;
  const { errors, warnings, infos } = report.summary;
  if (errors > 0 || (verdict.failOn !== 'error' && warnings > 0) || (verdict.failOn === 'info' && infos > 0)) return EXIT_LINT_ERRORS;
  if (tooManyWarnings(report, verdict)) {
    say(io, `${warnings} warnings, more than --max-warnings ${verdict.maxWarnings}`);
    return EXIT_LINT_ERRORS;
  }
  return EXIT_CLEAN;
}

export interface Output {
  format: FormatName;
  outputFile?: string;
  /** Every rule of the run, which every formatter receives. */
  rules: readonly RuleInfo[];
  /** The run's clock (--now), for the html timeline. */
  now?: string;
}

/** Renders the report and writes it to stdout or, atomically, to --output-file. */
export async function writeReport(report: LintReport, output: Output, io: CliIo): Promise<void> {
  const color = !output.outputFile && shouldColor(io.stdout, io.env);
  const text = formatReport(report, output.format, { color, rules: output.rules, cwd: io.cwd, ...(output.now ? { now: output.now } : {}) });
  if (output.outputFile) await writeFileAtomic(path.resolve(io.cwd, output.outputFile), text, output.outputFile);
  else io.stdout.write(text);
}
