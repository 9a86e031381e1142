/** The junit format: a testsuite per file and a failing testcase per finding, for CI test reports. */
import type { Formatter } from './formatter';
import { printable } from './printable';

// XML 1.0 cannot carry most control characters even escaped, and parsers fold newlines in attributes
// into spaces: text from files is made printable first, so nothing is lost or obeyed.
const escapeXml = (s: string) => printable(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const formatJunit: Formatter = (report) => {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = report.results.reduce((n, r) => n + Math.max(1, r.diagnostics.length), 0);
  const failures = report.results.reduce((n, r) => n + r.diagnostics.length, 0);
  out.push(`<testsuites name="bitbucket-mirror-lint" tests="${total}" failures="${failures}" errors="0">`);
  for (const result of report.results) {
    const file = escapeXml(result.file);
    const count = result.diagnostics.length;
    out.push(`  <testsuite name="${file}" tests="${Math.max(1, count)}" failures="${count}" errors="0">`);
    if (count === 0) out.push(`    <testcase name="${file}" classname="${file}"/>`);
    for (const d of result.diagnostics) {
      const body = [`${d.file}:${d.line}:${d.column} ${d.severity} ${d.message} (${d.ruleId})`, ...d.fix.map((f) => `  fix: ${f}`)]
        .map(escapeXml)
        .join('\n');
      out.push(`    <testcase name="${escapeXml(`${d.ruleId} at ${d.line}:${d.column}`)}" classname="${file}">`);
      out.push(`      <failure type="${d.severity}" message="${escapeXml(d.message)}">${body}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};
