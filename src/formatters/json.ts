import type { LintReport } from '../model/report';

/** The report object itself; the shape is documented in the README as version 1. */
export function formatJson(report: LintReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
