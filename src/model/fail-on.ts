/** The lowest severity that makes a run fail; apart from the zod schema so the CLI can name it without loading zod. */
export const FAIL_ON = ['error', 'warning', 'info'] as const;
export type FailOn = (typeof FAIL_ON)[number];
