/** The matches operator: a rule's regular expression tested on a string fact. */
import { ruleRegExp } from '../../util/rule-regexp';
import type { CustomOperator } from './operator';
import { memo } from '../../util/memo';

export type PatternValue = string | { pattern: string; flags?: string };

const byPattern = new Map<string, RegExp>();
/** A rule's `{ pattern, flags }` object is the same object at every evaluation: found without building a key. */
const bySpec = new WeakMap<object, RegExp>();

export function toRegExp(value: unknown): RegExp {
  if (typeof value === 'string') {
    return memo(byPattern, value, () => ruleRegExp(value));
  }
  const spec = value as { pattern: string; flags?: string };
  return memo(bySpec, spec, () => ruleRegExp(spec.pattern, spec.flags ?? ''));
}

/** `{"operator": "matches", "value": "^server\\."}` or `{"value": {"pattern": "pass", "flags": "i"}}`. Non-strings never match. */
export const matches: CustomOperator = {
  name: 'matches',
  evaluate: (factValue, value) => typeof factValue === 'string' && toRegExp(value).test(factValue),
};
