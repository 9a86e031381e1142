/** What the linter reports. This shape is part of the JSON output contract (version 1). */

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A span in a file, 1-based; `endColumn` is the column just past the last character (as in SARIF). */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Diagnostic extends Span {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  fix: string[];
  reference: string;
}

/** A span covering the start of a file: where findings about something missing are placed. */
export const FILE_START: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Orders diagnostics by position, then rule id, so output is the same on every run. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** A finding an inline directive silenced, with the reason the directive gave. */
export interface SuppressedDiagnostic extends Diagnostic {
  justification: string;
}
