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
  /** The certificates a PEM file (or a probed server) holds, for the expiry timeline and metrics. */
  certificates?: CertificateSummary[];
  /** What a probe of a live mirror found, step by step. */
  probe?: ProbeSummary;
}

/** A certificate of the run: enough to place it on a timeline and in metrics, nothing secret. */
export interface CertificateSummary {
  /** Position in its file (0 first, as a server presents them: its own certificate, then issuers). */
  position: number;
  subject: string;
  subjectCN?: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** The certificate the file (or server) serves. */
  served: boolean;
  /** The mirror host the file was judged against, when known. */
  host?: string;
}

export interface ProbeSummary {
  /** The URL probed. */
  target: string;
  host: string;
  /** Every step that ran answered (DNS, connections, TLS, HTTP, SSH). */
  success: boolean;
  durationSeconds: number;
  steps: { name: string; ok: boolean; seconds: number }[];
  /** /status's state, and on a farm node its member count and whether it is still discovering. */
  statusState?: string;
  memberCount?: number;
  discovering?: boolean;
  upstreamState?: string;
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
