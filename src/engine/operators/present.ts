/** The present operator: whether a fact has a value at all. */
import type { CustomOperator } from './operator';

/** Whether a fact holds something: not undefined or null, not a blank string, not an empty list. */
export function hasValue(factValue: unknown): boolean {
  if (factValue === undefined || factValue === null) return false;
  if (typeof factValue === 'string') return factValue.trim() !== '';
  if (Array.isArray(factValue)) return factValue.length > 0;
  return true;
}

/** `{"operator": "present", "value": true}` (or `false` for "missing"). */
export const present: CustomOperator = {
  name: 'present',
  evaluate: (factValue, value) => hasValue(factValue) === (value === true),
};
