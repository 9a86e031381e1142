import type { CustomOperator } from './operator';

export type PatternValue = string | { pattern: string; flags?: string };

const compiled = new Map<string, RegExp>();

export function toRegExp(value: unknown): RegExp {
  const spec = typeof value === 'string' ? { pattern: value, flags: '' } : (value as { pattern: string; flags?: string });
  const cacheKey = `${spec.flags ?? ''}/${spec.pattern}`;
  let regexp = compiled.get(cacheKey);
  if (!regexp) {
    regexp = new RegExp(spec.pattern, spec.flags ?? '');
    compiled.set(cacheKey, regexp);
  }
  return regexp;
}

/** `{"operator": "matches", "value": "^server\\."}` or `{"value": {"pattern": "pass", "flags": "i"}}`. Non-strings never match. */
export const matches: CustomOperator = {
  name: 'matches',
  evaluate: (factValue, value) => typeof factValue === 'string' && toRegExp(value).test(factValue),
};
