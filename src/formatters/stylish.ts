/** The stylish format: ESLint's layout for people, a block per file and each finding with its fix. */
import type { Severity } from '../model/diagnostic';
import { palette } from './color';
import type { Formatter } from './formatter';
import { printable } from './printable';

/**
 * ESLint's stylish layout: a block per file with findings, `line:col  severity  message  ruleId`,
 * then the documented fix steps, indented, so the admin sees what to do without a lookup.
 */
export const formatStylish: Formatter = (report, context) => {
  const colors = palette(context.color);
  const out: string[] = [];
  const paint: Record<Severity, (t: string) => string> = { error: colors.red, warning: colors.yellow, info: colors.blue };
  for (const result of report.results) {
    if (result.diagnostics.length === 0) continue;
    out.push(colors.underline(printable(result.file)));
    const rows = result.diagnostics.map((d) => ({ d, where: `${d.line}:${d.column}` }));
    // A fold, not Math.max(...rows): spreading 120,000 findings as arguments overflowed the stack.
    const whereWidth = rows.reduce((w, r) => Math.max(w, r.where.length), 0);
    const severityWidth = rows.reduce((w, r) => Math.max(w, r.d.severity.length), 0);
    for (const { d, where } of rows) {
      const severity = paint[d.severity](d.severity.padEnd(severityWidth));
      out.push(`  ${colors.dim(where.padEnd(whereWidth))}  ${severity}  ${printable(d.message)}  ${colors.dim(printable(d.ruleId))}`);
      const indent = ' '.repeat(whereWidth + severityWidth + 6);
      d.fix.forEach((step, i) => {
        out.push(`${indent}${colors.dim(d.fix.length > 1 ? `${i + 1}.` : 'fix:')} ${printable(step)}`);
      });
    }
    out.push('');
  }
  const { errors, warnings, infos } = report.summary;
  const total = errors + warnings + infos;
  if (total === 0) return out.join('\n');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const line = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`;
  out.push(errors > 0 ? colors.red(colors.bold(line)) : colors.yellow(colors.bold(line)));
  return `${out.join('\n')}\n`;
};
