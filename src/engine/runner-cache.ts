/** One runner (rules loaded and checked, engines built) per rule folders and settings, reused by every run of the process. */
import type { RuleSetting } from '../model/rule-level';
import { UsageError } from '../model/errors';
import { allDescriptors } from '../sources/registry';
import { BUILT_IN_RULES_DIR, loadRules } from './load-rules';
import { applyRuleSettings, RuleSettingError } from './rule-settings';
import { RuleRunner } from './runner';
import { memo } from '../util/memo';

const runners = new Map<string, RuleRunner>();

/** The runner of the built-in rules plus `ruleDirs` (absolute), with `settings` applied. */
export function runnerFor(ruleDirs: readonly string[], settings: Record<string, RuleSetting> = {}): RuleRunner {
  return memo(runners, JSON.stringify([ruleDirs, settings]), () => {
    const sources = allDescriptors();
    const rules = loadRules([BUILT_IN_RULES_DIR, ...ruleDirs], sources);
    try {
      return new RuleRunner(applyRuleSettings(rules, settings), sources);
    } catch (error) {
      if (error instanceof RuleSettingError) throw new UsageError(error.message);
      throw error;
    }
  });
}
