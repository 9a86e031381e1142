/** A run's options turned once into plain data that the main thread, the worker threads, lint() and lintText() all read. */
import path from 'node:path';
import type { RuleSetting } from '../model/rule-level';
import type { Role, Target } from '../model/run';
import { UsageError } from '../model/errors';
import { checkOptions } from './check-options';
import type { LintOptions } from './options';

export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

/** What decides a file's findings once it is read: the run's context and how findings are filtered. */
export interface JudgePlan {
  cwd: string;
  host?: string;
  now: Date;
  target: Target;
  bitbucketVersion?: string;
  role?: Role;
  roleOverrides?: { files: string[]; role: Role }[];
  /** The folder `roleOverrides` and `ignore` globs are relative to. */
  globBase: string;
  inlineConfig: boolean;
  reportUnusedDisableDirectives: boolean;
  everyFinding: boolean;
  gates: boolean;
}

/** How files are read. */
export interface ReadPlan {
  /** Read every file as this kind (logs), else by name and content. */
  kind?: string;
  maxFileBytes: number;
  /** Hash each file's bytes, for the result cache. */
  hash: boolean;
}

export interface Plan {
  /** Rule folders, absolute, besides the built-in one. */
  ruleDirs: string[];
  rules: Record<string, RuleSetting>;
  judge: JudgePlan;
  read: ReadPlan;
  /** The result cache file, absolute. */
  cachePath?: string;
  /** Trust anchor files, absolute. */
  ca: string[];
}

export function resolveNow(now: Date | string | undefined): Date {
  if (now === undefined) return new Date();
  const date = typeof now === 'string' ? new Date(now) : now;
  if (Number.isNaN(date.getTime())) throw new UsageError(`"${String(now)}" is not a valid date (use ISO 8601, e.g. 2026-01-31T12:00:00Z)`);
  return date;
}

/** Checks the options (a UsageError names a bad one) and resolves what they leave open. */
export function makePlan(options: LintOptions): Plan {
  checkOptions(options);
  const cwd = options.cwd ?? process.cwd();
  const absolute = (p: string) => path.resolve(cwd, p);
  return {
    ruleDirs: (options.ruleDirs ?? []).map(absolute),
    rules: options.rules ?? {},
    judge: {
      cwd,
      host: options.host,
      now: resolveNow(options.now),
      target: options.target ?? 'cloud',
      bitbucketVersion: options.bitbucketVersion,
      role: options.role,
      roleOverrides: options.roleOverrides,
      globBase: options.ignoreBase ?? cwd,
      inlineConfig: options.inlineConfig !== false,
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives === true,
      everyFinding: options.everyFinding === true,
      gates: options.gates !== false,
    },
    read: { kind: options.kind, maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, hash: options.cache !== undefined },
    ...(options.cache !== undefined ? { cachePath: absolute(options.cache) } : {}),
    ca: (options.ca ?? []).map(absolute),
  };
}
