/** Who may apply an autofix: `--fix` ("fix", the default) or only a user who asks ("suggestion"); apart from the zod schema so the CLI names them without loading zod. */
export const FIX_TYPES = ['fix', 'suggestion'] as const;
export type FixType = (typeof FIX_TYPES)[number];
