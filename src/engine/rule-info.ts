import { allDescriptors } from '../sources/registry';
import { BUILT_IN_RULES_DIR, loadRules } from './load-rules';

export interface RuleInfo {
  id: string;
  kind: string;
  severity: string;
  title: string;
  description: string;
  fix: string[];
  reference: { document: string; section: string; url?: string };
}

/** The metadata of every rule (built-in plus the given folders), sorted by id. */
export function listRules(ruleDirs: readonly string[] = []): RuleInfo[] {
  return loadRules([BUILT_IN_RULES_DIR, ...ruleDirs], allDescriptors())
    .map(({ id, kind, severity, title, description, fix, reference }) => ({ id, kind, severity, title, description, fix, reference }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
