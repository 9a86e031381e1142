/** Inline disable comments (bitbucket-mirror-lint-disable…): found in a file's text and applied to its findings. */
import type { Diagnostic, SuppressedDiagnostic } from '../model/diagnostic';

/**
 * Inline suppressions, as ESLint has them, on a comment line (`#`, or `!` in properties files):
 *   # bitbucket-mirror-lint-disable-next-line <ruleId>[, <ruleId>] -- <reason>
 *   # bitbucket-mirror-lint-disable <ruleId>[, <ruleId>] -- <reason>      (the whole file)
 * With no rule id, every rule is meant. The next line is the next line that is neither blank nor a
 * comment: a property, the BEGIN line of a PEM block, or an SSH key.
 */
export interface Directive {
  line: number;
  scope: 'file' | 'next-line';
  ruleIds: string[];
  reason: string | undefined;
  targetLine: number | undefined;
}

export type { SuppressedDiagnostic } from '../model/diagnostic';

/** Every directive holds this; a file without it has none (most files, so they are not split into lines). */
export const DIRECTIVE_MARK = 'bitbucket-mirror-lint-disable';
const DIRECTIVE = /^\s*[#!]\s*bitbucket-mirror-lint-(disable-next-line|disable)(?=\s|$)(.*)$/;
const COMMENT_OR_BLANK = /^\s*([#!].*)?$/;

export const UNUSED_DIRECTIVE = 'lint/unused-disable-directive';

export function parseDirectives(text: string): Directive[] {
  if (!text.includes(DIRECTIVE_MARK)) return [];
  const lines = text.split(/\r\n|\r|\n/);
  const directives: Directive[] = [];
  lines.forEach((line, index) => {
    const match = DIRECTIVE.exec(line);
    if (!match) return;
    const [idsPart = '', ...reasonParts] = (match[2] ?? '').split(/\s--\s|\s--$/);
    const reason = reasonParts.join(' -- ').trim() || undefined;
    const ruleIds = idsPart.split(/[\s,]+/).filter(Boolean);
    let targetLine: number | undefined;
    if (match[1] === 'disable-next-line') {
      for (let j = index + 1; j < lines.length; j += 1) {
        if (!COMMENT_OR_BLANK.test(lines[j] ?? '')) {
          targetLine = j + 1;
          break;
        }
      }
    }
    directives.push({ line: index + 1, scope: match[1] === 'disable' ? 'file' : 'next-line', ruleIds, reason, targetLine });
  });
  return directives;
}

export interface DirectiveOutcome {
  kept: Diagnostic[];
  suppressed: SuppressedDiagnostic[];
  unused: Diagnostic[];
}

function covers(directive: Directive, d: Diagnostic): boolean {
  if (directive.ruleIds.length > 0 && !directive.ruleIds.includes(d.ruleId)) return false;
  return directive.scope === 'file' || directive.targetLine === d.line;
}

/** Splits findings into kept and suppressed; lists directives that suppressed nothing when asked. */
export function applyDirectives(
  diagnostics: readonly Diagnostic[],
  directives: readonly Directive[],
  file: string,
  reportUnused: boolean,
): DirectiveOutcome {
  const used = new Set<Directive>();
  const kept: Diagnostic[] = [];
  const suppressed: SuppressedDiagnostic[] = [];
  for (const d of diagnostics) {
    const directive = directives.find((dir) => covers(dir, d));
    if (!directive) {
      kept.push(d);
      continue;
    }
    used.add(directive);
    suppressed.push({ ...d, justification: directive.reason ?? '' });
  }
  const unused = reportUnused
    ? directives
        .filter((dir) => !used.has(dir))
        .map((dir) => ({
          ruleId: UNUSED_DIRECTIVE,
          severity: 'warning' as const,
          message: `Unused bitbucket-mirror-lint-${dir.scope === 'file' ? 'disable' : 'disable-next-line'} directive (no problem${dir.ruleIds.length ? ` from ${dir.ruleIds.join(', ')}` : ''} was reported${dir.scope === 'next-line' ? ' on the next line' : ''})`,
          file,
          line: dir.line,
          column: 1,
          endLine: dir.line,
          endColumn: 1,
          fix: ['Remove the directive, or correct its rule ids.'],
          reference: 'bitbucket-mirror-lint › inline suppressions',
        }))
    : [];
  return { kept, suppressed, unused };
}
