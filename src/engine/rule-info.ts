/** listRules(): every active rule's metadata, as --list-rules, explain, SARIF and the docs show it. */
import type { RuleSetting } from '../model/rule-level';
import { allDescriptors } from '../sources/registry';
import { BUILT_IN_RULES_DIR, loadRules } from './load-rules';
import { applyRuleSettings } from './rule-settings';
import { kindsOf } from './rule-kinds';
import type { RuleInfo } from '../model/rule-info';

/** Where the generated rule docs are published (docs/rules/<group>/<name>.md in the repository). */
export const DOCS_BASE_URL = 'https://github.com/bitbucket-mirror-lint/bitbucket-mirror-lint/blob/main/docs/rules/';

export function ruleDocUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}

export type { RuleInfo } from '../model/rule-info';

/** The metadata of every active rule (built-in plus the given folders, after `rules` settings), sorted by id. */
export function listRules(ruleDirs: readonly string[] = [], settings: Record<string, RuleSetting> = {}): RuleInfo[] {
  return applyRuleSettings(loadRules([BUILT_IN_RULES_DIR, ...ruleDirs], allDescriptors()), settings)
    .map((r) => ({
      id: r.id,
      kind: kindsOf(r).join(', '),
      scope: r.scope,
      severity: r.effectiveSeverity ?? r.severity,
      title: r.title,
      description: r.description,
      fix: r.fix,
      reference: r.reference,
      options: r.options ?? {},
      examples: r.examples,
      autofix: r.autofix !== undefined,
      severities: [
        ...new Set([
          r.effectiveSeverity ?? r.severity,
          ...(r.effectiveSeverity ? [] : (r.overrides ?? []).flatMap((o) => (o.severity ? [o.severity] : []))),
        ]),
      ],
      docUrl: ruleDocUrl(r.id),
      path: r.path.startsWith(BUILT_IN_RULES_DIR) ? `rules${r.path.slice(BUILT_IN_RULES_DIR.length).split('\\').join('/')}` : r.path,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
