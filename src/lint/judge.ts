/** Judging files that were read: each file's run context, the rules, inline disable comments, the findings cap and the result cache. */
import path from 'node:path';
import type PicomatchModule from 'picomatch';
import type { RuleRunner } from '../engine/runner';
import { compareDiagnostics, type Diagnostic } from '../model/diagnostic';
import { LIMITS } from '../model/limits';
import type { FileResult } from '../model/report';
import type { Role, RunContext } from '../model/run';
import type { FileFacts, QueryContext, SharedFacts } from '../sources/source';
import { lazy } from '../util/memo';
import { CACHEABLE_KINDS, digest } from './cache';
import { capFindings } from './cap';
import { applyDirectives, type Directive } from './directives';
import type { JudgePlan } from './plan';
import type { ReadFile } from './read';

// Loaded only when a config declares roles by path.
const picomatch = lazy(() => require('picomatch') as typeof PicomatchModule);
const packageJson = lazy(() => require('../../package.json') as { version: string });

/** Where cached results come from and go to (the cache file, or a worker's view of it). */
export interface ResultStore {
  get(key: string, file: string): FileResult | undefined;
  set(key: string, result: FileResult): void;
}

/** What each file read shares with the run, in the order given (the run sorts files by name). */
export function sharedFacts(files: readonly ReadFile[]): SharedFacts[] {
  return files.map(({ file, facts }) => ({
    file,
    kind: facts.kind,
    hints: facts.hints,
    ...(facts.shared === undefined ? {} : { data: facts.shared }),
  }));
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
function runContext(plan: JudgePlan, shared: readonly SharedFacts[]): (facts: FileFacts, file: string) => RunContext {
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
  const declaredRole = roleDeclarations(plan);
  return (facts, file) => ({
    host: (plan.host ?? facts.hints.host ?? nearest(hostByFolder, file) ?? runHost)?.toLowerCase(),
    now: plan.now,
    target: plan.target,
    bitbucketVersion: plan.bitbucketVersion,
    role: declaredRole(file) ?? (facts.kind === 'properties' ? (facts.hints.role ?? 'primary') : nearest(roleByFolder, file)),
  });
}

/** The role the user declared for a file: the first `overrides` entry whose globs match it, else `role`. */
function roleDeclarations(plan: JudgePlan): (file: string) => Role | undefined {
  const overrides = plan.roleOverrides ?? [];
  if (overrides.length === 0) return () => plan.role;
  const matchers = overrides.map((o) => ({ role: o.role, matches: picomatch()(o.files, { dot: true }) }));
  return (file) => {
    const relative = path.relative(plan.globBase, path.resolve(plan.cwd, file)).split(path.sep).join('/');
    return matchers.find((m) => m.matches(relative))?.role ?? plan.role;
  };
}

/** Judges `files` (in order) against the run described by `shared`. */
export async function judgeFiles(
  runner: RuleRunner,
  files: readonly ReadFile[],
  shared: readonly SharedFacts[],
  plan: JudgePlan,
  caCertificates: readonly Uint8Array[],
  cache: ResultStore | undefined,
  tick: () => void = () => undefined,
): Promise<FileResult[]> {
  const contextFor = runContext(plan, shared);
  const results: FileResult[] = [];
  const salt = cache ? cacheSalt(runner, plan) : '';
  for (const { file, facts, directives, digest: fileDigest } of files) {
    const queryContext: QueryContext = { run: contextFor(facts, file), shared, caCertificates };
    const cacheable = cache && fileDigest && CACHEABLE_KINDS.includes(facts.kind) && !runner.readsClock(facts.kind);
    const key = cacheable
      ? digest(salt, file, fileDigest, queryContext.run.host, queryContext.run.role ?? '', facts.crossFileKey?.(queryContext) ?? '')
      : undefined;
    const cached = key ? cache?.get(key, file) : undefined;
    if (cached) {
      results.push(cached);
      tick();
      continue;
    }
    const result = applyInlineConfig(
      await runner.judge(facts, file, queryContext, { gates: plan.gates }),
      file,
      facts.kind,
      directives,
      plan,
    );
    if (facts.certificates?.length)
      result.certificates = facts.certificates.map((c) => ({ ...c, ...(queryContext.run.host ? { host: queryContext.run.host } : {}) }));
    if (facts.probe) result.probe = facts.probe;
    if (key) cache?.set(key, result);
    results.push(result);
    tick();
  }
  return results;
}

/** What every cached result depends on besides its file: the tool, the rules and the plan's judging settings. */
function cacheSalt(runner: RuleRunner, plan: JudgePlan): string {
  const { target, bitbucketVersion, inlineConfig, reportUnusedDisableDirectives, everyFinding } = plan;
  return digest(
    packageJson().version,
    runner.activeRules,
    target,
    bitbucketVersion,
    inlineConfig,
    reportUnusedDisableDirectives,
    everyFinding,
    LIMITS,
  );
}

/** Disable comments first (what they suppress is not counted), then each rule's findings capped. */
function applyInlineConfig(diagnostics: Diagnostic[], file: string, kind: string, directives: Directive[], plan: JudgePlan): FileResult {
  const cap = <T extends Diagnostic>(list: T[]): T[] => (plan.everyFinding ? list : (capFindings(list) as T[]));
  if (!plan.inlineConfig) return { file, kind, diagnostics: cap(diagnostics).sort(compareDiagnostics) };
  const outcome = applyDirectives(diagnostics, directives, file, plan.reportUnusedDisableDirectives);
  const result: FileResult = { file, kind, diagnostics: cap([...outcome.kept, ...outcome.unused]).sort(compareDiagnostics) };
  if (outcome.suppressed.length > 0) result.suppressed = cap(outcome.suppressed).sort(compareDiagnostics);
  return result;
}
