/** The github format: GitHub Actions workflow commands, annotations on the pull request's files. */
import type { Severity } from '../model/diagnostic';
import type { Formatter } from './formatter';
import { printable } from './printable';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

// https://github.com/actions/toolkit (command.ts): data escapes %, CR, LF; properties also : and ,
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const formatGithub: Formatter = (report) => {
  const lines: string[] = [];
  for (const result of report.results) {
    for (const d of result.diagnostics) {
      // The runner keeps columns only on one-line ranges; on longer ones it drops them, so they are not sent.
      const columns = d.endLine === d.line ? [`col=${d.column}`] : [];
      const endColumn = d.endLine === d.line ? [`endColumn=${d.endColumn}`] : [];
      // Line breaks in the file property are encoded (the runner decodes them back, so the annotation
      // lands on the real file); other controls, which it cannot carry, and all shown text are made
      // printable, so a name or a value cannot recolour or rewrite the log.
      const props = [
        `file=${printable(escapeProperty(d.file))}`,
        `line=${d.line}`,
        ...columns,
        `endLine=${d.endLine}`,
        ...endColumn,
        `title=${escapeProperty(printable(d.ruleId))}`,
      ].join(',');
      lines.push(`::${COMMAND[d.severity]} ${props}::${escapeData(printable(d.message))}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
