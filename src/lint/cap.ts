/** A report stays readable and bounded: past a number of findings of one rule in one file, the rest are counted, not listed. */
import { compareDiagnostics, type Diagnostic } from '../model/diagnostic';
import { LIMITS } from '../model/limits';

// A file repeating one key a million times gave a million findings: 1.7 GB, and JSON and SARIF
// output failed ("Invalid string length"). Nobody reads past the first hundred of one kind.

/**
 * The diagnostics (sorted) with each rule's past LIMITS.findingsPerRule replaced by one finding of
 * the same rule and severity, at the first left out, that says how many were left out: exit codes
 * and severities stay what the whole list makes them.
 */
export function capFindings(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.ruleId, (counts.get(d.ruleId) ?? 0) + 1);
  if (![...counts.values()].some((n) => n > LIMITS.findingsPerRule)) return [...diagnostics];
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const seen = new Map<string, number>();
  const kept: Diagnostic[] = [];
  for (const d of sorted) {
    const n = (seen.get(d.ruleId) ?? 0) + 1;
    seen.set(d.ruleId, n);
    if (n <= LIMITS.findingsPerRule) kept.push(d);
    else if (n === LIMITS.findingsPerRule + 1) {
      const more = (counts.get(d.ruleId) ?? n) - LIMITS.findingsPerRule;
      // The most severe of the ones left out speaks for them.
      const severity = sorted.some((o) => o.ruleId === d.ruleId && o.severity === 'error') ? 'error' : d.severity;
      kept.push({
        ...d,
        severity,
        message: `${more.toLocaleString('en-US')} more finding${more === 1 ? '' : 's'} of ${d.ruleId} in this file, from here on, are not listed (the first ${LIMITS.findingsPerRule} are)`,
      });
    }
  }
  return kept;
}
