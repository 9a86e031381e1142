/** Load-time checks of what a rule file could make expensive: its regular expressions and how deep its conditions nest. */
import { admitCustomPattern, checkPattern } from '../util/rule-regexp';
import type { Condition, RuleFile } from './rule-schema';

/** Conditions nest a few levels in practice; a file nested thousands deep would overflow the stack of every walk. */
export const MAX_NESTING = 64;

/** How deep the JSON value nests (objects and arrays), counted without recursion. */
export function nestingDepth(json: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[json, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(value as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

interface PatternUse {
  pattern: unknown;
  flags: unknown;
  where: string;
}

function* conditionsOf(condition: Condition): Generator<Extract<Condition, { fact: string }>> {
  if ('all' in condition) for (const c of condition.all) yield* conditionsOf(c);
  else if ('any' in condition) for (const c of condition.any) yield* conditionsOf(c);
  else if ('not' in condition) yield* conditionsOf(condition.not);
  else yield condition;
}

/** Every regular expression a rule gives: `matches` values and `pattern` params of facts, in conditions and data. */
function patternUses(rule: RuleFile): PatternUse[] {
  const uses: PatternUse[] = [];
  const fromParams = (params: Record<string, unknown> | undefined, where: string) => {
    if (params && 'pattern' in params) uses.push({ pattern: params['pattern'], flags: params['flags'] ?? '', where });
  };
  for (const top of [rule.conditions, ...(rule.overrides ?? []).map((o) => o.conditions)]) {
    for (const c of conditionsOf(top)) {
      fromParams(c.params, `fact "${c.fact}"`);
      const value = c.value as unknown;
      if (c.operator.split(':').pop() === 'matches') {
        const spec = typeof value === 'string' ? { pattern: value, flags: '' } : (value as { pattern?: unknown; flags?: unknown } | null);
        uses.push({ pattern: spec?.pattern, flags: spec?.flags ?? '', where: `"matches" on "${c.fact}"` });
      } else if (value && typeof value === 'object' && 'fact' in value)
        fromParams((value as { params?: Record<string, unknown> }).params, 'a value');
    }
  }
  for (const [name, ref] of Object.entries(rule.data ?? {})) fromParams(ref.params, `data "${name}"`);
  return uses;
}

/** What is wrong with the rule's patterns; a custom rule's are admitted to run in linear time. */
export function patternProblems(rule: RuleFile, custom: boolean): string[] {
  const problems: string[] = [];
  for (const use of patternUses(rule)) {
    try {
      if (custom) admitCustomPattern(use.pattern, use.flags);
      else checkPattern(use.pattern, use.flags);
    } catch (error) {
      problems.push(`${use.where}: ${(error as Error).message}`);
    }
  }
  return problems;
}
