/** Run-wide facts every rule can read, whatever the file. */
export const TARGETS = ['cloud', 'datacenter'] as const;
export type Target = (typeof TARGETS)[number];

/**
 * What a bitbucket.properties file configures: a smart mirror, or any other Bitbucket instance
 * ("primary": an upstream, or a file not known to be a mirror's). Mirror-only rules read it.
 */
export const ROLES = ['mirror', 'primary'] as const;
export type Role = (typeof ROLES)[number];

export interface RunContext {
  /** The file's role: as the user declared it (--role, config), else as the file itself says. */
  role?: Role;
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
    role: context.role,
  };
}
