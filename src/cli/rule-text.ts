/** The text of `explain <rule-id>` and `--list-rules`: a rule's metadata written for a terminal. */
import type { RuleInfo } from '../engine/rule-info';

/** `explain <ruleId>`: what the rule finds, why it matters, how to fix it, where it comes from. */
export function explainRule(rule: RuleInfo): string {
  const out = [
    `${rule.id} — ${rule.title}`,
    `severity: ${rule.severity}    input: ${rule.kind} (${rule.scope})`,
    '',
    rule.description,
    '',
    'How to fix:',
    ...rule.fix.map((step, i) => `  ${i + 1}. ${step}`),
    '',
    `Reference: ${rule.reference.document}, ${rule.reference.section}${rule.reference.url ? `\n  ${rule.reference.url}` : ''}`,
  ];
  const options = Object.entries(rule.options);
  if (options.length > 0) {
    out.push('', 'Options:', ...options.map(([name, spec]) => `  ${name} (default ${JSON.stringify(spec.default)}): ${spec.description}`));
  }
  if (rule.examples) {
    out.push('', 'Example that fires:', ...rule.examples.invalid.split('\n').map((l) => `  ${l}`));
    out.push('', 'Example that passes:', ...rule.examples.valid.split('\n').map((l) => `  ${l}`));
  }
  out.push('', `Docs: ${rule.docUrl}`, '');
  return out.join('\n');
}

export function listRulesText(rules: readonly RuleInfo[]): string {
  const idWidth = rules.reduce((w, r) => Math.max(w, r.id.length), 0);
  return `${rules.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.title}`).join('\n')}\n`;
}
