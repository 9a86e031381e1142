/** The rule file format as a zod schema, from which schema/rule.schema.json is generated. */
import { z } from 'zod';
import { SEVERITIES } from '../model/diagnostic';
import { FIX_TYPES } from '../model/fix-types';

/** The format of a rule file (rules/<group>/<name>.json). Validated at load; a bad file is named with the issue. */

const factReference = z.strictObject({
  fact: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  path: z.string().optional(),
});

export interface FactCondition {
  fact: string;
  operator: string;
  value: unknown;
  params?: Record<string, unknown>;
  path?: string;
}
export type Condition = FactCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };
export type TopLevelCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };

const factCondition = z.strictObject({
  fact: z.string().min(1),
  operator: z.string().min(1),
  value: z.unknown().refine((v) => v !== undefined, 'a condition needs a value'),
  params: z.record(z.string(), z.unknown()).optional(),
  path: z.string().optional(),
});

export const conditionSchema: z.ZodType<Condition, z.ZodTypeDef, unknown> = z.lazy(() =>
  z.union([
    factCondition,
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

export const topLevelConditionSchema: z.ZodType<TopLevelCondition, z.ZodTypeDef, unknown> = z.union([
  z.strictObject({ all: z.array(conditionSchema).min(1) }),
  z.strictObject({ any: z.array(conditionSchema).min(1) }),
  z.strictObject({ not: conditionSchema }),
]);

const severity = z.enum(SEVERITIES);

const fixType = z.enum(FIX_TYPES).optional();
export type { FixType } from '../model/fix-types';

export const ruleFileSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'must be "<group>/<name>" in lower-case kebab case'),
  /** The input kind(s) whose facts the rule reads ("properties", "ssh-key", "pem", …). */
  kind: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  /** What one evaluation covers: the whole file, or each item of the kind (a property, a key, …). */
  scope: z.string().min(1),
  severity,
  title: z.string().min(1),
  /** Why it matters, in a sentence or two; shown by `explain` and the rule docs. */
  description: z.string().min(1),
  /** A template: `{{name}}` is filled from `data`, then the item's facts, then the run context. */
  message: z.string().min(1),
  fix: z.array(z.string().min(1)).min(1),
  reference: z.strictObject({
    document: z.string().min(1),
    section: z.string().min(1),
    url: z.string().url().optional(),
  }),
  conditions: topLevelConditionSchema,
  /** Facts resolved when the rule fires, for the message (e.g. which other keys share a port). */
  data: z.record(z.string(), factReference).optional(),
  /**
   * Where to report. For item scopes, a named span of the item (e.g. "trailingWhitespace").
   * For file scope, property keys tried in order; the start of the file when none is present.
   */
  locate: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  /** Narrower cases that change severity or message; the first whose conditions hold wins. */
  overrides: z
    .array(
      z.strictObject({
        conditions: topLevelConditionSchema,
        severity: severity.optional(),
        message: z.string().min(1).optional(),
      }),
    )
    .optional(),
  /**
   * Settings a config can change (`"rules": {"cert/expires-soon": ["warning", {"days": 14}]}`), with
   * their defaults. Conditions read them as `{"fact": "option", "params": {"rule": <id>, "name": <option>}}`.
   */
  options: z
    .record(z.string(), z.strictObject({ default: z.union([z.number(), z.string(), z.boolean()]), description: z.string().min(1) }))
    .optional(),
  /**
   * A mechanical change (properties files only); absent when a person must decide. `type` says who may
   * apply it: a "fix" keeps what the file means and `--fix` applies it; a "suggestion" changes
   * behaviour (a renamed key takes effect) and is applied only when asked (`--fix-type suggestion`, the
   * editor), as ESLint keeps suggestions out of `--fix`.
   */
  autofix: z
    .discriminatedUnion('action', [
      z.strictObject({ action: z.literal('delete-trailing-whitespace'), type: fixType }),
      z.strictObject({ action: z.literal('delete-property'), type: fixType }),
      z.strictObject({ action: z.literal('rename-to-suggestion'), type: z.literal('suggestion') }),
      z.strictObject({ action: z.literal('delete-byte-order-mark'), type: fixType }),
      z.strictObject({ action: z.literal('escape-non-ascii'), type: fixType }),
      z.strictObject({
        action: z.literal('add-properties'),
        type: fixType,
        properties: z.record(z.string(), z.string()),
        /** Keys that must already be set: an addition is made only when it completes what is there (no proxy port without a proxy host). */
        requires: z.array(z.string().min(1)).optional(),
      }),
    ])
    .optional(),
  /** For symptom rules: how likely this cause is among those matching the same text (higher first). */
  priority: z.number().int().min(1).max(100).optional(),
  /** For symptom rules: the commands (or rules) that check whether this cause is the one. */
  checks: z.array(z.string().min(1)).optional(),
  /** A small invalid and valid input, for the rule docs and the test that every rule fires. */
  examples: z
    .strictObject({
      invalid: z.string(),
      valid: z.string(),
    })
    .optional(),
});

export type RuleFile = z.infer<typeof ruleFileSchema>;
