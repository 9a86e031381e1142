/** `explain "<what you saw>"`: the text a user saw judged by the symptom rules, as its likely causes, most likely first. */
import { FILE_START } from '../model/diagnostic';
import { runnerFor } from '../engine/runner-cache';
import type { LintOptions } from './options';
import type { FileFacts } from '../sources/source';

export interface LikelyCause {
  ruleId: string;
  title: string;
  cause: string;
  fix: string[];
  checks: string[];
  reference: string;
  priority: number;
}

/**
 * Matches text a user saw against the symptom rules (rules/symptom/) and returns the likely causes,
 * most likely first (the rules' priority), each with its fix and the command that checks it.
 */
export async function explainSymptom(text: string, options: Pick<LintOptions, 'ruleDirs' | 'cwd'> = {}): Promise<LikelyCause[]> {
  const runner = runnerFor(options.ruleDirs ?? []);
  const facts: FileFacts = {
    kind: 'symptom',
    items: [{ scope: 'text', span: FILE_START, facts: { text } }],
    secrets: [],
    hints: {},
    locate: () => undefined,
    queries: {},
  };
  const diagnostics = await runner.judge(facts, 'symptom', { run: { now: new Date(0), target: 'cloud' }, shared: [], caCertificates: [] });
  return diagnostics
    .map((d, index) => {
      const rule = runner.activeRules.find((r) => r.id === d.ruleId);
      return {
        ruleId: d.ruleId,
        title: rule?.title ?? d.ruleId,
        cause: d.message,
        fix: d.fix,
        checks: rule?.checks ?? [],
        reference: d.reference,
        priority: rule?.priority ?? 0,
        index,
      };
    })
    .sort((a, b) => b.priority - a.priority || a.index - b.index)
    .map((cause) => {
      const { ruleId, title, cause: text, fix, checks, reference, priority } = cause;
      return { ruleId, title, cause: text, fix, checks, reference, priority };
    });
}

export function formatCauses(text: string, causes: readonly LikelyCause[]): string {
  if (causes.length === 0) {
    return `No known cause matches "${text}".\nTry a shorter part of the message, or lint the mirror's files: bitbucket-mirror-lint <folder>\n`;
  }
  const out = [`Likely causes of "${text.length > 80 ? `${text.slice(0, 77)}...` : text}", most likely first:`, ''];
  causes.forEach((c, i) => {
    out.push(`${i + 1}. ${c.cause}  (${c.ruleId})`);
    c.fix.forEach((step) => out.push(`   fix:   ${step}`));
    c.checks.forEach((check) => out.push(`   check: ${check}`));
    out.push(`   see:   ${c.reference}`, '');
  });
  return out.join('\n');
}
