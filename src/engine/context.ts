/** Run-wide facts every rule can read, whatever the file. */
export const TARGETS = ['cloud', 'datacenter'] as const;
export type Target = (typeof TARGETS)[number];

export interface RunContext {
  /** The mirror's public host name, when known (--host, else taken from a properties file). */
  host?: string;
  /** The evaluation time; every clock-dependent rule reads this, never the system clock. */
  now: Date;
  target: Target;
  bitbucketVersion?: string;
}

export function contextFacts(context: RunContext, file: string): Record<string, unknown> {
  return {
    file,
    host: context.host,
    now: context.now.toISOString(),
    target: context.target,
    bitbucketVersion: context.bitbucketVersion,
  };
}
