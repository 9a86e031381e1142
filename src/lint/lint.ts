import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type PicomatchModule from 'picomatch';
import type { Role, Target } from '../engine/context';
import { BUILT_IN_RULES_DIR, loadRules } from '../engine/load-rules';
import { RuleRunner } from '../engine/run-rules';
import { applyRuleSettings, RuleSettingError } from '../engine/rule-settings';
import type { RuleSetting } from '../config/schema';
import type * as GatherModule from '../probe/gather';
import type { Lookup } from '../probe/gather';
import type * as TargetModule from '../probe/target';
import type { ProbeTarget } from '../probe/target';
import type * as ProbeSourceModule from '../sources/probe';
import { allDescriptors } from '../sources/registry';
import type { SharedFacts } from '../sources/source';
import { ResultCache } from './cache';
import { describeError, discover, type Candidate } from './discover';
import { evaluate, resolveNow, sharedFacts, type JudgeOptions } from './evaluate';
import { ThreadPool, threadCount, type Concurrency } from './parallel';
import { DEFAULT_MAX_FILE_BYTES, ioDiagnostic, readAll, type Parsed } from './read';
import { IO_UNREADABLE, summarise, type FileResult, type LintReport } from './report';
import { checkOptions } from './check-options';
import { UsageError } from './usage-error';
import { stripTrailing } from '../facts/text';

export { UsageError } from './usage-error';

export interface LintOptions {
  /** Folder relative paths are resolved against; default process.cwd(). */
  cwd?: string;
  /** The mirror's public host; default: from setup.baseUrl or server.proxy-name of a linted properties file. */
  host?: string;
  /** Evaluation time for every clock-dependent rule; default: now. */
  now?: Date | string;
  target?: Target;
  bitbucketVersion?: string;
  /** What the linted bitbucket.properties files configure; default: as each file says (mirror mode or mirroring settings make a mirror). */
  role?: Role;
  /** Roles by path, for fleets: `files` globs relative to `ignoreBase` (default `cwd`); the first match wins over `role`. */
  roleOverrides?: { files: string[]; role: Role }[];
  /** Extra trust anchors (PEM files of a private CA) besides Node's bundled root store. */
  ca?: string[];
  /** Extra folders of rule files, laid out like rules/ (`<group>/<name>.json`). */
  ruleDirs?: string[];
  /** Per rule id: a severity, "off", or [severity, options], as in the config file. */
  rules?: Record<string, RuleSetting>;
  /** Globs of paths never linted, relative to `ignoreBase` (default `cwd`). */
  ignore?: string[];
  ignoreBase?: string;
  /** Honour bitbucket-mirror-lint-disable comments (default true). */
  inlineConfig?: boolean;
  /** Report disable comments that suppress nothing. */
  reportUnusedDisableDirectives?: boolean;
  /** Live mirrors to probe in the same run (their findings are reported under their URL). */
  probes?: ProbeTarget[];
  /** Deadline of each probe step, in milliseconds (default 5000). */
  probeTimeoutMs?: number;
  /** Also probe the mirror the linted properties file describes (the CLI's --probe). */
  probeFromConfig?: boolean;
  /** Ports and addresses for that probe (--ssh-port, --connect-to, …). */
  probeDefaults?: Partial<Omit<ProbeTarget, 'host'>>;
  /** Name resolution for probes (tests inject one to stay off the network). */
  probeLookup?: Lookup;
  /** Read every file as this kind (the CLI's `logs` command reads its files as logs). */
  kind?: string;
  /** Files larger than this are reported, never read (default 32 MiB); logs are streamed and exempt. */
  maxFileBytes?: number;
  /** Told what did not stop the run but should be said (a damaged cache, rebuilt); the CLI prints it on stderr. */
  onWarning?: (message: string) => void;
  /** Called as files are read and checked (done, total), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** Reuse results of unchanged files from this cache file (see cache.ts), and update it. */
  cache?: string;
  /** Lint only this shard of the files (1-based `index` of `count`), as CI fleets split a run. */
  shard?: { index: number; count: number };
  /** List every finding, past the cap of LIMITS.findingsPerRule per rule and file (--fix needs them all). */
  everyFinding?: boolean;
  /** Lint this content as the file it names instead of `paths` (lintText, --stdin); cross-file facts still come from disk. */
  memory?: { file: string; content: Uint8Array };
  /**
   * Threads (the calling one and worker threads): a number, "auto" (the default: from 20,000 files,
   * up to one per core) or "off". Results are the same, in the same order, whatever the setting.
   */
  concurrency?: Concurrency;
}


const runners = new Map<string, RuleRunner>();

/** One runner (rules loaded, engines built) per rule folders and settings, reused across calls. */
export function runnerFor(ruleDirs: readonly string[], settings: Record<string, RuleSetting> = {}): RuleRunner {
  const key = JSON.stringify([ruleDirs, settings]);
  let runner = runners.get(key);
  if (!runner) {
    const sources = allDescriptors();
    const rules = loadRules([BUILT_IN_RULES_DIR, ...ruleDirs], sources);
    try {
      runner = new RuleRunner(applyRuleSettings(rules, settings), sources);
    } catch (error) {
      if (error instanceof RuleSettingError) throw new UsageError(error.message);
      throw error;
    }
    runners.set(key, runner);
  }
  return runner;
}



/**
 * The shard's files: the files sorted by path and cut into `count` contiguous runs, as jest shards
 * tests. Contiguous runs keep a folder's files together, so key pairing and chains within a folder
 * still work; cross-file rules do not see files of other shards.
 */
export function shardOf<T extends { display: string }>(files: readonly T[], shard: { index: number; count: number }): T[] {
  const sorted = [...files].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  const size = Math.ceil(sorted.length / shard.count);
  return sorted.slice((shard.index - 1) * size, shard.index * size);
}

/** Probes every target at once; the network code loads only when there is something to probe. */
async function probeAll(options: LintOptions, shared: readonly SharedFacts[]): Promise<Parsed[]> {
  const targets = [...(options.probes ?? [])];
  if (options.probeFromConfig) {
    // --probe beside a config run: the mirror's public address and SSH port from its properties.
    const hints = [...shared].sort(byFile).map((f) => f.hints).find((h) => h.baseUrl);
    if (!hints?.baseUrl) throw new UsageError('--probe needs the mirror address: --host, setup.baseUrl or server.proxy-name in a linted properties file');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseProbeTarget } = require('../probe/target') as typeof TargetModule;
    targets.push(parseProbeTarget(options.host ? `https://${options.host}` : hints.baseUrl, { ...(hints.sshPort ? { sshPort: hints.sshPort } : {}), ...options.probeDefaults }));
  }
  if (targets.length === 0) return [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { gatherProbe } = require('../probe/gather') as typeof GatherModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { probeToParsedFiles } = require('../sources/probe') as typeof ProbeSourceModule;
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  const results = await Promise.all(targets.map((target) => gatherProbe(target, { timeoutMs, lookup: options.probeLookup })));
  return results.flatMap(probeToParsedFiles);
}

const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** `ignore` globs, relative to `ignoreBase`; a folder pattern ("vendor/" or "vendor/**") skips the folder. */
function ignoreMatcher(options: LintOptions, cwd: string): (absolute: string, isDirectory: boolean) => boolean {
  const patterns = (options.ignore ?? []).map((p) => `${stripTrailing(p, '/')}${p.endsWith('/') ? '/**' : ''}`);
  if (patterns.length === 0) return () => false;
  // Loaded only when there are globs: 8 ms of a cold start otherwise.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const picomatch = require('picomatch') as typeof PicomatchModule;
  const matches = picomatch(patterns, { dot: true });
  const base = options.ignoreBase ?? cwd;
  return (absolute, isDirectory) => {
    const relative = path.relative(base, absolute).split(path.sep).join('/');
    if (relative.startsWith('..')) return false;
    return matches(relative) || (isDirectory && matches(`${relative}/x`));
  };
}

/**
 * For files named one by one (not found by walking a folder): the nearest bitbucket.properties in
 * the file's folder or above it, up to the repository root (a folder holding .git), when the run
 * does not hold it already. Shown relative to the named file, as the user would write it.
 */
function nearestPropertiesAbove(files: readonly Candidate[], known: Set<string>): Candidate[] {
  const found: Candidate[] = [];
  for (const file of files) {
    if (!file.explicit || file.trustAnchor) continue;
    let dir = path.dirname(file.absolute);
    for (let up = 0; ; up += 1) {
      const candidate = path.join(dir, 'bitbucket.properties');
      if (known.has(candidate)) break;
      if (existsSync(candidate)) {
        known.add(candidate);
        const display = path.posix.normalize(path.posix.join(path.posix.dirname(file.display), '../'.repeat(up), 'bitbucket.properties'));
        found.push({ display, absolute: candidate, explicit: false });
        break;
      }
      const parent = path.dirname(dir);
      if (existsSync(path.join(dir, '.git')) || parent === dir) break;
      dir = parent;
    }
  }
  return found;
}

/** Lints files and folders; never throws for bad input (only for bad options or rule files). */
export async function lint(paths: readonly string[] = ['.'], options: LintOptions = {}): Promise<LintReport> {
  checkOptions(options);
  const cwd = options.cwd ?? process.cwd();
  const ruleDirs = (options.ruleDirs ?? []).map((d) => path.resolve(cwd, d));
  const runner = runnerFor(ruleDirs, options.rules);
  // Resolved (and so validated) before any file is read.
  const judge: JudgeOptions = { ...pickJudgeOptions(options), now: resolveNow(options.now) };
  const discovered = options.memory
    ? { files: [{ display: options.memory.file, absolute: path.resolve(cwd, options.memory.file), explicit: true, content: options.memory.content }], failures: [] }
    : await discover(paths, cwd, ignoreMatcher(options, cwd));
  const caCertificates: Uint8Array[] = [];
  const caFailures: FileResult[] = [];
  // Trust anchors are linted too (an expired private root breaks every chain), as files that serve no certificate.
  for (const ca of options.ca ?? []) {
    const absolute = path.resolve(cwd, ca);
    try {
      caCertificates.push(await fs.readFile(absolute));
    } catch (error) {
      caFailures.push({ file: ca, kind: 'unreadable', diagnostics: [ioDiagnostic(ca, IO_UNREADABLE, `--ca file ${describeError(error)}`, 'error')] });
      continue;
    }
    const known = discovered.files.find((f) => f.absolute === absolute);
    if (known) known.trustAnchor = true;
    else {
      const relative = path.relative(cwd, absolute);
      const display = (relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute).split(path.sep).join('/');
      discovered.files.push({ display, absolute, explicit: true, trustAnchor: true });
    }
  }
  const files = options.shard ? shardOf(discovered.files, options.shard) : discovered.files;
  // Files read only for what they tell the others (a mirror's host, a chain's issuer): the rest of a
  // sharded run, and the nearest bitbucket.properties above files named one by one (a pre-commit hook
  // passes the staged certificate alone). Never reported: cross-file facts then do not depend on which
  // files a run or a shard happens to hold.
  const inRun = new Set(files.map((f) => f.absolute));
  const contextFiles: Candidate[] = [
    ...(options.shard ? discovered.files.filter((f) => !inRun.has(f.absolute)) : []),
    ...nearestPropertiesAbove(discovered.files, new Set(discovered.files.map((f) => f.absolute))),
  ];
  const firstShard = !options.shard || options.shard.index === 1;
  const failures = firstShard ? discovered.failures : [];
  const results: FileResult[] = [
    ...failures.map((f) => ({ file: f.display, kind: 'unreadable', diagnostics: [ioDiagnostic(f.display, IO_UNREADABLE, f.reason, 'error')] })),
    ...(firstShard ? caFailures : []),
  ];
  const cachePath = options.cache ? path.resolve(cwd, options.cache) : undefined;
  // Progress counts each file twice: once read, once checked.
  let done = 0;
  const total = files.length * 2;
  const tick = (count = 1) => options.onProgress?.((done += count), total);
  const threads = threadCount(options.concurrency, files.length);
  // Round robin, so neighbouring files (a mirror's key, certificate and properties) spread evenly;
  // this thread takes the first share and worker threads the others.
  const shares = Array.from({ length: threads }, (_, i) => files.filter((_c, index) => index % threads === i));
  const job = {
    options: { ...judge, ruleDirs, rules: options.rules, kind: options.kind, maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, hash: cachePath !== undefined },
    caCertificates,
    cachePath,
  };
  const pool = threads > 1 ? new ThreadPool(job, shares.slice(1), tick) : undefined;
  try {
    const settings = { kind: options.kind, maxFileBytes: job.options.maxFileBytes, runner, hash: job.options.hash };
    const mine = await readAll(shares[0] ?? [], settings, tick);
    // Context files are what they are (a log's neighbouring bitbucket.properties is no log), whatever `kind` says of the run's files.
    const context = await readAll(contextFiles, { ...settings, kind: undefined, hash: false });
    const others = pool ? await pool.parsed() : { results: [], shared: [] };
    // Appended one by one: spreading a list of 100,000 results as arguments overflows the stack.
    for (const list of [mine.results, others.results]) for (const r of list) results.push(r);
    const parsedShared = [...sharedFacts(mine.parsed), ...others.shared, ...sharedFacts(context.parsed)];
    const probed = await probeAll(options, parsedShared);
    // Rules that compare files ("also at <earlier file>") see them in one order, whatever the order given.
    const shared = [...parsedShared, ...sharedFacts(probed)].sort(byFile);
    const cache = cachePath ? await ResultCache.open(cachePath, options.cache) : undefined;
    if (cache?.warning) options.onWarning?.(cache.warning);
    const checking = pool?.checked(shared);
    // Awaited below; until then a failing worker must not count as an unhandled rejection.
    checking?.catch(() => undefined);
    for (const r of await evaluate(runner, [...mine.parsed, ...probed].sort(byFile), shared, judge, caCertificates, cache, tick)) results.push(r);
    if (checking) {
      const checked = await checking;
      for (const r of checked.results) results.push(r);
      for (const touch of checked.cache) {
        if (touch.result) cache?.set(touch.key, touch.result);
        else cache?.get(touch.key, touch.file);
      }
    }
    const unsaved = await cache?.save(options.cache);
    if (unsaved) options.onWarning?.(unsaved);
  } finally {
    pool?.stop();
  }
  results.sort(byFile);
  return { version: 1, results, summary: summarise(results) };
}

function pickJudgeOptions(options: LintOptions): JudgeOptions {
  const { host, now, target, bitbucketVersion, inlineConfig, reportUnusedDisableDirectives, role, roleOverrides, cwd, ignoreBase, everyFinding } = options;
  return { host, now, target, bitbucketVersion, inlineConfig, reportUnusedDisableDirectives, role, roleOverrides, cwd, ignoreBase, everyFinding };
}

export interface LintTextOptions extends LintOptions {
  /** A name for the text, used in diagnostics and to pick the kind; default "bitbucket.properties". */
  file?: string;
}

/**
 * Lints text held in memory (an editor buffer, a test case) as if it were the named file: the same
 * pipeline as lint(), so the findings are the ones that file would get, and cross-file facts (the
 * mirror's host from the nearest bitbucket.properties, the trust anchors) come from disk.
 */
export async function lintText(text: string | Uint8Array, options: LintTextOptions = {}): Promise<FileResult> {
  const file = options.file ?? 'bitbucket.properties';
  const content = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const report = await lint([file], { ...options, memory: { file, content }, concurrency: 'off' });
  const result = report.results.find((r) => r.file === file) ?? { file, kind: 'unknown', diagnostics: [] };
  // What failed elsewhere (an unreadable --ca file) is said here too, as lint() says it.
  const failures = report.results.filter((r) => r !== result && r.kind === 'unreadable').flatMap((r) => r.diagnostics);
  return failures.length > 0 ? { ...result, diagnostics: [...result.diagnostics, ...failures] } : result;
}
