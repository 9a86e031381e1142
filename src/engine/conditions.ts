/** The one walk over a rule's conditions: every fact a rule reads, where, and with what params and path. */
import type { Condition, FactCondition, RuleFile } from './rule-schema';

/** A fact a rule reads: in a condition (with its operator and value), as a condition's value, or as message data. */
export interface FactUse {
  fact: string;
  params?: Record<string, unknown>;
  path?: string;
  /** The condition that reads it, when it is a condition's own fact. */
  condition?: FactCondition;
  /** Where it sits, for load errors. */
  where: 'condition' | 'value' | 'data';
}

/** The fact conditions of a condition tree, depth first. */
export function* factConditions(condition: Condition): Generator<FactCondition> {
  if ('all' in condition) for (const c of condition.all) yield* factConditions(c);
  else if ('any' in condition) for (const c of condition.any) yield* factConditions(c);
  else if ('not' in condition) yield* factConditions(condition.not);
  else yield condition;
}

/** A condition's value when it names a fact (`{"fact": …}`), else undefined. */
export function valueReference(condition: FactCondition): { fact: string; params?: Record<string, unknown>; path?: string } | undefined {
  const value = condition.value as { fact?: unknown; params?: Record<string, unknown>; path?: unknown } | null;
  return value && typeof value === 'object' && typeof value.fact === 'string'
    ? {
        fact: value.fact,
        ...(value.params ? { params: value.params } : {}),
        ...(typeof value.path === 'string' ? { path: value.path } : {}),
      }
    : undefined;
}

/** Every fact the rule reads: its conditions', its overrides', their value references, and its data. */
export function* factUses(rule: Pick<RuleFile, 'conditions' | 'overrides' | 'data'>): Generator<FactUse> {
  for (const top of [rule.conditions, ...(rule.overrides ?? []).map((o) => o.conditions)]) {
    for (const condition of factConditions(top)) {
      yield { fact: condition.fact, params: condition.params, path: condition.path, condition, where: 'condition' };
      const ref = valueReference(condition);
      if (ref) yield { ...ref, where: 'value' };
    }
  }
  for (const ref of Object.values(rule.data ?? {})) yield { fact: ref.fact, params: ref.params, path: ref.path, where: 'data' };
}
