/** listRules(): every active rule's metadata, as --list-rules, explain, SARIF and the docs show it. */
import type { RuleSetting } from '../model/rule-level';
import type { RuleInfo } from '../model/rule-info';
import { memo } from '../util/memo';
import { BUILT_IN_RULES_DIR } from './load-rules';
import { kindsOf } from './rule-kinds';
import type { RuleRunner } from './runner';
import { runnerFor } from './runner-cache';

/** Where the generated rule docs are published (docs/rules/<group>/<name>.md in the repository). */
export const DOCS_BASE_URL = 'https://github.com/bitbucket-mirror-lint/bitbucket-mirror-lint/blob/main/docs/rules/';

export function ruleDocUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}

export type { RuleInfo } from '../model/rule-info';

const listed = new WeakMap<RuleRunner, RuleInfo[]>();

/**
 * The metadata of every active rule (built-in plus the given folders, after `rules` settings), sorted
 * by id: the rules the run's runner loaded, so listing them beside a run reads no rule file again.
 */
export function listRules(ruleDirs: readonly string[] = [], settings: Record<string, RuleSetting> = {}): RuleInfo[] {
  const runner = runnerFor(ruleDirs, settings);
  return memo(listed, runner, () => describeRules(runner));
}

function describeRules(runner: RuleRunner): RuleInfo[] {
  return runner.activeRules
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
