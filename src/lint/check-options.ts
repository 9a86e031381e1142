/** Checks lint()'s options as the config file's schema checks the same settings, so a typo never silently changes a run. */
import { ROLES, TARGETS } from '../model/run';
import { UsageError } from '../model/errors';

/** The options this module checks; lint.ts's LintOptions is a superset. */
export interface CheckedOptions {
  target?: unknown;
  role?: unknown;
  bitbucketVersion?: unknown;
  host?: unknown;
  roleOverrides?: unknown;
  ca?: unknown;
  ruleDirs?: unknown;
  ignore?: unknown;
  shard?: unknown;
  concurrency?: unknown;
  maxFileBytes?: unknown;
  probeTimeoutMs?: unknown;
  probeConcurrency?: unknown;
}

export const VERSION_PATTERN = /^\d+(\.\d+)*$/;

const oneOf = (name: string, value: unknown, allowed: readonly string[]) => {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw new UsageError(`${name} must be ${allowed.map((a) => `"${a}"`).join(' or ')}, not ${JSON.stringify(value)}`);
  }
};

const positive = (name: string, value: unknown, whole = false) => {
  if (
    value !== undefined &&
    (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value) || (whole && !Number.isInteger(value)))
  ) {
    throw new UsageError(`${name} must be a positive ${whole ? 'whole ' : ''}number, not ${JSON.stringify(value)}`);
  }
};

const strings = (name: string, value: unknown) => {
  if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === ''))) {
    throw new UsageError(`${name} must be a list of non-empty strings`);
  }
};

/** Throws a UsageError naming the option, what it must be and what it was given. */
export function checkOptions(options: CheckedOptions): void {
  oneOf('target', options.target, TARGETS);
  oneOf('role', options.role, ROLES);
  if (
    options.bitbucketVersion !== undefined &&
    (typeof options.bitbucketVersion !== 'string' || !VERSION_PATTERN.test(options.bitbucketVersion))
  ) {
    throw new UsageError(`bitbucketVersion must be a version such as "8.19", not ${JSON.stringify(options.bitbucketVersion)}`);
  }
  if (options.host !== undefined && (typeof options.host !== 'string' || options.host.trim() === '')) {
    throw new UsageError(`host must be a host name, not ${JSON.stringify(options.host)}`);
  }
  strings('ca', options.ca);
  strings('ruleDirs', options.ruleDirs);
  strings('ignore', options.ignore);
  if (options.roleOverrides !== undefined) {
    if (!Array.isArray(options.roleOverrides)) throw new UsageError('roleOverrides must be a list of { files, role }');
    for (const [i, entry] of (options.roleOverrides as { files?: unknown; role?: unknown }[]).entries()) {
      strings(`roleOverrides[${i}].files`, entry?.files ?? null);
      oneOf(`roleOverrides[${i}].role`, entry?.role ?? null, ROLES);
    }
  }
  if (options.shard !== undefined) {
    const { index, count } = (options.shard ?? {}) as { index?: unknown; count?: unknown };
    positive('shard.count', count, true);
    positive('shard.index', index, true);
    if ((index as number) > (count as number))
      throw new UsageError(`shard.index must be at most shard.count (${String(count)}), not ${String(index)}`);
  }
  if (options.concurrency !== undefined && options.concurrency !== 'auto' && options.concurrency !== 'off')
    positive('concurrency (or "auto", "off")', options.concurrency, true);
  positive('maxFileBytes', options.maxFileBytes, true);
  positive('probeTimeoutMs', options.probeTimeoutMs);
  positive('probeConcurrency', options.probeConcurrency, true);
}
