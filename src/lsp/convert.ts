/** Our findings as LSP diagnostics: 0-based ranges, severities, the rule id as code with a link to its page. */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { Diagnostic } from '../model/diagnostic';
import { ruleDocUrl } from '../engine/rule-info';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export const SOURCE = 'bitbucket-mirror-lint';

/** A span (1-based, end column just past the last character) as an LSP range (0-based, end exclusive). */
export function rangeOf(d: Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>): Range {
  return {
    start: { line: Math.max(0, d.line - 1), character: Math.max(0, d.column - 1) },
    end: { line: Math.max(0, d.endLine - 1), character: Math.max(0, d.endColumn - 1) },
  };
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const builtIn = d.ruleId.startsWith('io/') || d.ruleId.startsWith('lint/');
  return {
    range: rangeOf(d),
    severity: SEVERITY[d.severity],
    code: d.ruleId,
    ...(builtIn ? {} : { codeDescription: { href: ruleDocUrl(d.ruleId) } }),
    source: SOURCE,
    message: d.message,
  };
}

/** An LSP diagnostic of ours back as the finding it came from (what the fixer needs of it). */
export function fromLspDiagnostic(d: LspDiagnostic, file: string): Diagnostic {
  return {
    ruleId: String(d.code ?? ''),
    severity: d.severity === DiagnosticSeverity.Error ? 'error' : d.severity === DiagnosticSeverity.Warning ? 'warning' : 'info',
    message: d.message,
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    fix: [],
    reference: '',
  };
}
