/** What the engine needs of a rule's kinds at run time, apart from the zod schema so a run loads zod only to validate. */
import type { RuleFile } from './rule-schema';

/** What the engine needs of a rule's kinds at run time, kept apart from the zod schema so a run loads zod only to validate. */

export function kindsOf(rule: Pick<RuleFile, 'kind'>): string[] {
  return Array.isArray(rule.kind) ? rule.kind : [rule.kind];
}

/**
 * Facts about the file on disk, given to every file kind in the scope "file-system" (one item per
 * file), for rules such as security/file-permissions.
 */
export const FILE_SYSTEM_SCOPE = 'file-system';
export const FILE_SYSTEM_FACTS = ['mode', 'groupOrOthersHaveAccess', 'holdsSecrets', 'platform', 'inGitWorkTree'] as const;
