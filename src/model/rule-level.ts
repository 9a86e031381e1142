/** Rule levels as users write them: ours, ESLint's "warn" and its numbers, normalised without loading zod. */

export const RULE_LEVELS = ['error', 'warning', 'info', 'off'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** What a config may say for a level besides RULE_LEVELS: ESLint users write these from habit. */
const ALIASES: ReadonlyMap<unknown, RuleLevel> = new Map<unknown, RuleLevel>([
  ['warn', 'warning'],
  [0, 'off'],
  [1, 'warning'],
  [2, 'error'],
]);

export const RULE_LEVEL_HELP =
  'must be "error", "warning" (or "warn"), "info" or "off" (or ESLint\'s 2, 1, 0), alone or as [level, { options }]';

export function normaliseRuleLevel(value: unknown): RuleLevel | undefined {
  if (typeof value === 'string' && (RULE_LEVELS as readonly string[]).includes(value)) return value as RuleLevel;
  return ALIASES.get(value);
}

/** The accepted spellings, for the JSON Schema and the config's zod schema. */
export const RULE_LEVEL_INPUTS = [...RULE_LEVELS, 'warn', 0, 1, 2] as const;

/** A rule's setting as the library takes it: a level, or a level and options (the config file's aliases are read into these). */
export type RuleSetting = RuleLevel | [RuleLevel, Record<string, unknown>];
