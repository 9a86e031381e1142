/** The config file's format as a zod schema, from which schema/config.schema.json is generated. */
import { z } from 'zod';
import { ROLES, TARGETS } from '../model/run';

/** The config file (bitbucket-mirror-lint.config.json or .bitbucket-mirror-lintrc.json). */

import { normaliseRuleLevel, RULE_LEVEL_HELP, type RuleLevel } from '../model/rule-level';

export { RULE_LEVELS, type RuleLevel } from '../model/rule-level';

const levelHelp = { errorMap: () => ({ message: RULE_LEVEL_HELP }) };

/** A level as written (ESLint's "warn" and 0/1/2 too), read as one of ours. */
const ruleLevel = z
  .union([z.enum(['error', 'warning', 'warn', 'info', 'off']), z.literal(0), z.literal(1), z.literal(2)], levelHelp)
  .transform((value) => normaliseRuleLevel(value) as RuleLevel);

/** `"off"`, a severity, or `[severity, { options }]` as in ESLint. */
export const ruleSettingSchema = z.union([ruleLevel, z.tuple([ruleLevel, z.record(z.string(), z.unknown())])], levelHelp);
export type { RuleSetting } from '../model/rule-level';

export { FAIL_ON, type FailOn } from '../model/fail-on';
import { FAIL_ON } from '../model/fail-on';

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Per rule id: a new severity, "off", or [severity, options]. */
  rules: z
    .record(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'must be a rule id such as "cert/expires-soon"'), ruleSettingSchema)
    .optional(),
  host: z.string().min(1).optional(),
  target: z.enum(TARGETS).optional(),
  bitbucketVersion: z
    .string()
    .regex(/^\d+(\.\d+)*$/, 'must be a version such as 8.19')
    .optional(),
  /** PEM files of extra trust anchors, relative to the config file. */
  ca: z.array(z.string().min(1)).optional(),
  /** Folders of extra rule files, relative to the config file. */
  ruleDirs: z.array(z.string().min(1)).optional(),
  /** Globs of paths (relative to the config file's folder) never linted. */
  ignore: z.array(z.string().min(1)).optional(),
  /** The lowest severity that makes the run fail (exit 1). */
  failOn: z.enum(FAIL_ON).optional(),
  /** What the bitbucket.properties files configure: "mirror" or "primary" (default: as each file says). */
  role: z.enum(ROLES).optional(),
  /** Settings for some paths only (globs relative to the config file's folder); the first match wins. */
  overrides: z
    .array(
      z.strictObject({
        files: z.array(z.string().min(1)).min(1),
        role: z.enum(ROLES),
      }),
    )
    .optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
