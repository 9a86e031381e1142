import type { Severity } from '../facts/diagnostic';
import type { LintReport } from '../lint/report';

/** GitHub Actions workflow commands: annotations on the pull request's files. */

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

// https://github.com/actions/toolkit (command.ts): data escapes %, CR, LF; properties also : and ,
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(report: LintReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    for (const d of result.diagnostics) {
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(d.ruleId)}`,
      ].join(',');
      lines.push(`::${COMMAND[d.severity]} ${props}::${escapeData(d.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
