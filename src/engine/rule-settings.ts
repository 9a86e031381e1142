/** A config's rule settings (levels, options) applied to the loaded rules. */
import type { RuleSetting } from '../model/rule-level';
import { normaliseRuleLevel, RULE_LEVEL_HELP } from '../model/rule-level';
import type { Severity } from '../model/diagnostic';
import type { LoadedRule } from './load-rules';

/** A rule as this run uses it: severity and options after the config, or absent when "off". */
export interface ActiveRule extends LoadedRule {
  effectiveSeverity?: Severity;
  effectiveOptions: Record<string, unknown>;
}

/** A setting for a rule id no rule file defines, or an option a rule does not declare. */
export class RuleSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleSettingError';
  }
}

/** Applies `rules` settings (ESLint style) to the loaded rules; unknown ids and options are errors. */
export function applyRuleSettings(rules: readonly LoadedRule[], settings: Record<string, RuleSetting> = {}): ActiveRule[] {
  const ids = new Set(rules.map((r) => r.id));
  const unknown = Object.keys(settings).filter((id) => !ids.has(id));
  if (unknown.length > 0) throw new RuleSettingError(`no rule is called ${unknown.map((u) => `"${u}"`).join(', ')} (see --list-rules)`);
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const setting = settings[rule.id];
    const [written, options] = Array.isArray(setting) ? setting : [setting, undefined];
    const level = written === undefined ? undefined : normaliseRuleLevel(written);
    // The library takes settings from JavaScript too, where nothing has checked them.
    if (written !== undefined && level === undefined)
      throw new RuleSettingError(`rule "${rule.id}": ${JSON.stringify(written)} is not a level; it ${RULE_LEVEL_HELP}`);
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))
      throw new RuleSettingError(`rule "${rule.id}": the options must be an object`);
    if (level === 'off') continue;
    const declared = rule.options ?? {};
    for (const [name, value] of Object.entries(options ?? {})) {
      const spec = declared[name];
      if (!spec)
        throw new RuleSettingError(
          `rule "${rule.id}" has no option "${name}"${Object.keys(declared).length ? ` (it has: ${Object.keys(declared).join(', ')})` : ''}`,
        );
      if (typeof value !== typeof spec.default)
        throw new RuleSettingError(`option "${name}" of rule "${rule.id}" must be a ${typeof spec.default}`);
    }
    const defaults = Object.fromEntries(Object.entries(declared).map(([name, spec]) => [name, spec.default]));
    active.push({ ...rule, effectiveSeverity: level, effectiveOptions: { ...defaults, ...options } });
  }
  return active;
}
