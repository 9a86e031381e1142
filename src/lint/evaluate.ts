import { capFindings } from './cap';
import { LIMITS } from '../facts/limits';
import { compareDiagnostics, type Diagnostic } from '../facts/diagnostic';
import path from 'node:path';
import type PicomatchModule from 'picomatch';
import type { Role, RunContext } from '../engine/context';
import type { RuleRunner } from '../engine/run-rules';
import type { ParsedFile, QueryContext, SharedFacts } from '../sources/source';
import { CACHEABLE_KINDS, digest } from './cache';
import { applyDirectives, type Directive } from './directives';
import type { LintOptions } from './lint';
import type { Parsed } from './read';
import type { FileResult } from './report';
import { UsageError } from './usage-error';

/** Judging parsed files: the run's context, the rules, inline disable comments and the result cache. */

/** The options that decide a file's findings; plain data, so worker threads get the same ones. */
export type JudgeOptions = Pick<
  LintOptions,
  'host' | 'now' | 'target' | 'bitbucketVersion' | 'inlineConfig' | 'reportUnusedDisableDirectives' | 'role' | 'roleOverrides' | 'cwd' | 'ignoreBase' | 'everyFinding'
>;

/** Where cached results come from and go to (the cache file, or a worker's view of it). */
export interface ResultStore {
  get(key: string, file: string): FileResult | undefined;
  set(key: string, result: FileResult): void;
}

export function resolveNow(now: Date | string | undefined): Date {
  if (now === undefined) return new Date();
  const date = typeof now === 'string' ? new Date(now) : now;
  if (Number.isNaN(date.getTime())) throw new UsageError(`"${String(now)}" is not a valid date (use ISO 8601, e.g. 2026-01-31T12:00:00Z)`);
  return date;
}

/** What each parsed file shares with the run, in the order given (the run sorts files by name). */
export function sharedFacts(parsedFiles: readonly Parsed[]): SharedFacts[] {
  return parsedFiles.map(({ file, parsed }) => ({ file, kind: parsed.kind, hints: parsed.hints, ...(parsed.shared === undefined ? {} : { data: parsed.shared }) }));
}

function parentOf(dir: string): string | undefined {
  const slash = dir.lastIndexOf('/');
  if (slash > 0) return dir.slice(0, slash);
  return slash === 0 && dir.length > 1 ? '/' : dir === '' || dir === '/' ? undefined : '';
}

/**
 * The run context of each file. The mirror's host: --host wins; else a file that names a host (a
 * properties file) speaks for itself; other files take the host named in their own folder or the
 * nearest folder above it (a fleet keeps one mirror per folder), else the run's first host.
 */
function runContext(options: JudgeOptions, shared: readonly SharedFacts[]): (p: ParsedFile, file: string) => RunContext {
  const now = resolveNow(options.now);
  const target = options.target ?? 'cloud';
  const runHost = shared.map((s) => s.hints.host).find((h) => h !== undefined);
  const hostByFolder = new Map<string, string>();
  const roleByFolder = new Map<string, Role>();
  for (const { file, kind, hints } of shared) {
    const folder = parentOf(file);
    if (folder === undefined) continue;
    if (hints.host !== undefined && !hostByFolder.has(folder)) hostByFolder.set(folder, hints.host);
    if (kind === 'properties' && !roleByFolder.has(folder)) roleByFolder.set(folder, hints.role ?? 'primary');
  }
  const nearest = <T>(byFolder: Map<string, T>, file: string): T | undefined => {
    for (let folder = parentOf(file); folder !== undefined; folder = parentOf(folder)) {
      const found = byFolder.get(folder);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const declaredRole = roleDeclarations(options);
  return (parsed, file) => ({
    host: (options.host ?? parsed.hints.host ?? nearest(hostByFolder, file) ?? runHost)?.toLowerCase(),
    now,
    target,
    bitbucketVersion: options.bitbucketVersion,
    role: declaredRole(file) ?? (parsed.kind === 'properties' ? (parsed.hints.role ?? 'primary') : nearest(roleByFolder, file)),
  });
}

/** The role the user declared for a file: the first `overrides` entry whose globs match it, else `role`. */
function roleDeclarations(options: JudgeOptions): (file: string) => Role | undefined {
  const overrides = options.roleOverrides ?? [];
  if (overrides.length === 0) return () => options.role;
  const cwd = options.cwd ?? process.cwd();
  const base = options.ignoreBase ?? cwd;
  // Loaded only when a config declares roles by path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const picomatch = require('picomatch') as typeof PicomatchModule;
  const matchers = overrides.map((o) => ({ role: o.role, matches: picomatch(o.files, { dot: true }) }));
  return (file) => {
    const relative = path.relative(base, path.resolve(cwd, file)).split(path.sep).join('/');
    return matchers.find((m) => m.matches(relative))?.role ?? options.role;
  };
}

/** Judges `parsedFiles` (in order) against the run described by `shared`. */
export async function evaluate(
  runner: RuleRunner,
  parsedFiles: readonly Parsed[],
  shared: readonly SharedFacts[],
  options: JudgeOptions,
  caCertificates: readonly Uint8Array[],
  cache: ResultStore | undefined,
  tick: () => void = () => undefined,
): Promise<FileResult[]> {
  const contextFor = runContext(options, shared);
  const results: FileResult[] = [];
  const salt = cache ? cacheSalt(runner, options) : '';
  for (const { file, parsed, directives, digest: fileDigest } of parsedFiles) {
    const queryContext: QueryContext = { run: contextFor(parsed, file), shared, caCertificates };
    const cacheable = cache && fileDigest && CACHEABLE_KINDS.includes(parsed.kind) && !runner.readsClock(parsed.kind);
    const key = cacheable ? digest(salt, file, fileDigest, queryContext.run.host, queryContext.run.role ?? '', parsed.crossFileKey?.(queryContext) ?? '') : undefined;
    const cached = key ? cache?.get(key, file) : undefined;
    if (cached) {
      results.push(cached);
      tick();
      continue;
    }
    const result = applyInlineConfig(await runner.check(parsed, file, queryContext), file, parsed.kind, directives, options);
    if (key) cache?.set(key, result);
    results.push(result);
    tick();
  }
  return results;
}

/** What every cached result depends on besides its file: the tool, the rules and the options. */
function cacheSalt(runner: RuleRunner, options: JudgeOptions): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('../../package.json') as { version: string };
  return digest(version, runner.activeRules, options.target, options.bitbucketVersion, options.inlineConfig, options.reportUnusedDisableDirectives, options.everyFinding, LIMITS);
}

/** Disable comments first (what they suppress is not counted), then each rule's findings capped. */
function applyInlineConfig(diagnostics: Diagnostic[], file: string, kind: string, directives: Directive[], options: JudgeOptions): FileResult {
  const cap = <T extends Diagnostic>(list: T[]): T[] => (options.everyFinding ? list : (capFindings(list) as T[]));
  if (options.inlineConfig === false) return { file, kind, diagnostics: cap(diagnostics).sort(compareDiagnostics) };
  const outcome = applyDirectives(diagnostics, directives, file, options.reportUnusedDisableDirectives === true);
  const result: FileResult = { file, kind, diagnostics: cap([...outcome.kept, ...outcome.unused]).sort(compareDiagnostics) };
  if (outcome.suppressed.length > 0) result.suppressed = cap(outcome.suppressed).sort(compareDiagnostics);
  return result;
}
