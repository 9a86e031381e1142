/** The report: per-file results and the summary, the JSON output's contract (version 1). */
import type { Diagnostic, SuppressedDiagnostic } from './diagnostic';

/** The JSON report (`--format json`) is this object: version 1 of a contract others script against. */
export interface FileResult {
  /** The path as given on the command line (folders expanded), with '/' separators. */
  file: string;
  /** The input kind the file was read as, "unknown" when no source reads it, "unreadable" on I/O failure. */
  kind: string;
  diagnostics: Diagnostic[];
  /** Findings silenced by an inline directive, with its reason; present only when there are some. */
  suppressed?: SuppressedDiagnostic[];
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface LintReport {
  version: 1;
  results: FileResult[];
  summary: Summary;
}

/** Rule ids for problems reading input, which no rule file can express. */
export const IO_UNREADABLE = 'io/unreadable';
export const IO_UNKNOWN_KIND = 'io/unknown-kind';

export function summarise(results: readonly FileResult[]): Summary {
  const summary: Summary = { files: results.length, errors: 0, warnings: 0, infos: 0 };
  for (const result of results) {
    for (const d of result.diagnostics) {
      if (d.severity === 'error') summary.errors += 1;
      else if (d.severity === 'warning') summary.warnings += 1;
      else summary.infos += 1;
    }
  }
  return summary;
}

export function hasIoFailure(report: LintReport): boolean {
  return report.results.some((r) => r.diagnostics.some((d) => d.ruleId === IO_UNREADABLE));
}
