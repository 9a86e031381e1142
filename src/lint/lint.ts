import { promises as fs } from 'node:fs';
import path from 'node:path';
import type PicomatchModule from 'picomatch';
import { compareDiagnostics, FILE_START, type Diagnostic } from '../facts/diagnostic';
import type { RunContext, Target } from '../engine/context';
import { BUILT_IN_RULES_DIR, loadRules } from '../engine/load-rules';
import { FILE_SYSTEM_SCOPE } from '../engine/rule-kinds';
import { RuleRunner } from '../engine/run-rules';
import { applyRuleSettings, RuleSettingError } from '../engine/rule-settings';
import type { RuleSetting } from '../config/schema';
import type * as GatherModule from '../probe/gather';
import type { Lookup } from '../probe/gather';
import type * as TargetModule from '../probe/target';
import type { ProbeTarget } from '../probe/target';
import type * as ProbeSourceModule from '../sources/probe';
import { allDescriptors, detectKind, loadSource, SOURCES } from '../sources/registry';
import type { ParsedFile, QueryContext } from '../sources/source';
import { CACHEABLE_KINDS, digest, ResultCache } from './cache';
import { applyDirectives, parseDirectives, type Directive } from './directives';
import { describeError, discover, type Candidate } from './discover';
import { IO_UNKNOWN_KIND, IO_UNREADABLE, summarise, type FileResult, type LintReport } from './report';

export interface LintOptions {
  /** Folder relative paths are resolved against; default process.cwd(). */
  cwd?: string;
  /** The mirror's public host; default: from setup.baseUrl or server.proxy-name of a linted properties file. */
  host?: string;
  /** Evaluation time for every clock-dependent rule; default: now. */
  now?: Date | string;
  target?: Target;
  bitbucketVersion?: string;
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
  /** Called as files are read and checked (done, total), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** Reuse results of unchanged files from this cache file (see cache.ts), and update it. */
  cache?: string;
  /** Lint only this shard of the files (1-based `index` of `count`), as CI fleets split a run. */
  shard?: { index: number; count: number };
}

/** A mistake in how the linter was called (a bad option value); the CLI exits 2 on it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const SNIFF_BYTES = 4096;

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

function resolveNow(now: Date | string | undefined): Date {
  if (now === undefined) return new Date();
  const date = typeof now === 'string' ? new Date(now) : now;
  if (Number.isNaN(date.getTime())) throw new UsageError(`"${String(now)}" is not a valid date (use ISO 8601, e.g. 2026-01-31T12:00:00Z)`);
  return date;
}

function ioDiagnostic(file: string, ruleId: string, message: string, severity: Diagnostic['severity']): Diagnostic {
  return { ruleId, severity, message, file, ...FILE_START, fix: [], reference: 'bitbucket-mirror-lint' };
}

interface Parsed {
  file: string;
  parsed: ParsedFile;
  /** SHA-256 of the file's bytes and mode, for the result cache. */
  digest?: string;
  /** Inline disable comments, found when the file was read (so its text need not be kept). */
  directives: Directive[];
}

const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Files read at once. Reading one after the other left the process idle waiting on the file system
 * for a third of a 200-file run; a few dozen in flight keep libuv's thread pool busy.
 */
const READ_CONCURRENCY = 32;

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

/** `work` over `items` with at most `limit` in flight; results in the order of `items`. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface ReadSettings {
  kind?: string;
  /** Hash each file's bytes (for the result cache). */
  hash: boolean;
  maxFileBytes: number;
  runner: RuleRunner;
}

/** Files up to this size are read whole in one go; larger ones get their head read first. */
const WHOLE_READ_BYTES = 1024 * 1024;

/**
 * The first `length` bytes of a file (all of it when shorter): one open, reads, one close.
 * Reading a small file whole at once, instead of its head to sniff the kind and then all of it,
 * halves the file-system calls of a bulk run.
 */
async function readStart(absolute: string, length: number): Promise<Buffer> {
  const handle = await fs.open(absolute, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** Adds the facts about the file on disk (its mode) as one item of scope "file-system". */
function withFileSystem(parsed: ParsedFile, mode: number): ParsedFile {
  parsed.items.push({
    scope: FILE_SYSTEM_SCOPE,
    span: FILE_START,
    facts: {
      mode: `0${mode.toString(8).padStart(3, '0')}`,
      groupOrOthersHaveAccess: (mode & 0o077) !== 0,
      holdsSecrets: parsed.holdsSecrets === true,
      platform: process.platform,
    },
  });
  return parsed;
}

function unreadable(display: string, message: string): FileResult {
  return { file: display, kind: 'unreadable', diagnostics: [ioDiagnostic(display, IO_UNREADABLE, message, 'error')] };
}

/** Reads and parses one candidate; never throws. Streams the kinds that stream (logs); refuses huge files. */
async function readCandidate(candidate: Candidate, settings: ReadSettings): Promise<Parsed | FileResult | undefined> {
  const { display, absolute, explicit } = candidate;
  let size: number;
  let mode: number;
  let start: Buffer;
  try {
    const stat = await fs.stat(absolute);
    mode = stat.mode & 0o777;
    if (!stat.isFile()) {
      // A FIFO or device would block or never end; only explicit ones are worth a word.
      return explicit ? unreadable(display, 'not a regular file; not read') : undefined;
    }
    size = stat.size;
    start = await readStart(absolute, size <= WHOLE_READ_BYTES ? size : SNIFF_BYTES);
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // a dangling link found by a walk
    return unreadable(display, describeError(error));
  }
  const entry = settings.kind ? SOURCES.find((s) => s.kind === settings.kind) : detectKind(absolute, start.subarray(0, SNIFF_BYTES).toString('latin1'), explicit);
  if (!entry) {
    return explicit
      ? { file: display, kind: 'unknown', diagnostics: [ioDiagnostic(display, IO_UNKNOWN_KIND, 'no linter reads this kind of file; it was skipped', 'info')] }
      : undefined;
  }
  const source = loadSource(entry);
  try {
    if (source.parseFile) {
      return { file: display, parsed: withFileSystem(await source.parseFile(absolute, display, settings.runner.queryParams(entry.kind)), mode), directives: [] };
    }
    if (size > settings.maxFileBytes) {
      const mib = (n: number) => `${Math.round(n / 1048576)} MiB`;
      return unreadable(display, `${mib(size)}, larger than the ${mib(settings.maxFileBytes)} limit for a ${entry.kind} file; not read`);
    }
    let bytes = start;
    if (start.length < size) {
      try {
        bytes = await fs.readFile(absolute);
      } catch (error) {
        return unreadable(display, describeError(error));
      }
    }
    return {
      file: display,
      parsed: withFileSystem(source.parse(bytes, display), mode),
      directives: parseDirectives(bytes.toString('latin1')),
      digest: settings.hash ? digest(bytes.toString('base64'), mode) : undefined,
    };
  } catch (error) {
    // A parser bug must not take the other files down with it.
    // The error's name only: a parser's message may quote the file's content.
    return unreadable(display, `could not be read as ${entry.kind} (${error instanceof Error ? error.name : 'error'}); please report this`);
  }
}

function runContext(options: LintOptions, parsedFiles: readonly Parsed[]): (p: ParsedFile) => RunContext {
  const now = resolveNow(options.now);
  const target = options.target ?? 'cloud';
  // --host wins; else each properties file speaks for itself; other files take the run's first host.
  const runHost = parsedFiles.map((p) => p.parsed.hints.host).find((h) => h !== undefined);
  return (parsed) => ({
    host: (options.host ?? parsed.hints.host ?? runHost)?.toLowerCase(),
    now,
    target,
    bitbucketVersion: options.bitbucketVersion,
  });
}
async function evaluate(
  runner: RuleRunner,
  parsedFiles: readonly Parsed[],
  options: LintOptions,
  caCertificates: readonly Uint8Array[],
  tick: () => void = () => undefined,
): Promise<FileResult[]> {
  const contextFor = runContext(options, parsedFiles);
  const results: FileResult[] = [];
  const cache = options.cache ? await ResultCache.open(path.resolve(options.cwd ?? process.cwd(), options.cache)) : undefined;
  const salt = cache ? cacheSalt(runner, options) : '';
  for (const { file, parsed, directives, digest: fileDigest } of parsedFiles) {
    const queryContext: QueryContext = { run: contextFor(parsed), files: parsedFiles, caCertificates };
    const cacheable = cache && fileDigest && CACHEABLE_KINDS.includes(parsed.kind) && !runner.readsClock(parsed.kind);
    const key = cacheable ? digest(salt, file, fileDigest, queryContext.run.host, parsed.crossFileKey?.(queryContext) ?? '') : undefined;
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
  await cache?.save();
  return results;
}

/** What every cached result depends on besides its file: the tool, the rules and the options. */
function cacheSalt(runner: RuleRunner, options: LintOptions): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('../../package.json') as { version: string };
  return digest(version, runner.activeRules, options.target, options.bitbucketVersion, options.inlineConfig, options.reportUnusedDisableDirectives);
}

function applyInlineConfig(diagnostics: Diagnostic[], file: string, kind: string, directives: Directive[], options: LintOptions): FileResult {
  if (options.inlineConfig === false) return { file, kind, diagnostics: diagnostics.sort(compareDiagnostics) };
  const outcome = applyDirectives(diagnostics, directives, file, options.reportUnusedDisableDirectives === true);
  const result: FileResult = { file, kind, diagnostics: [...outcome.kept, ...outcome.unused].sort(compareDiagnostics) };
  if (outcome.suppressed.length > 0) result.suppressed = outcome.suppressed.sort(compareDiagnostics);
  return result;
}


/** Probes every target at once; the network code loads only when there is something to probe. */
async function probeAll(options: LintOptions, files: readonly Parsed[]): Promise<Parsed[]> {
  const targets = [...(options.probes ?? [])];
  if (options.probeFromConfig) {
    // --probe beside a config run: the mirror's public address and SSH port from its properties.
    const hints = files.map((f) => f.parsed.hints).find((h) => h.baseUrl);
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

/** `ignore` globs, relative to `ignoreBase`; a folder pattern ("vendor/" or "vendor/**") skips the folder. */
function ignoreMatcher(options: LintOptions, cwd: string): (absolute: string, isDirectory: boolean) => boolean {
  const patterns = (options.ignore ?? []).map((p) => p.replace(/\/+$/, '/**'));
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

/** Lints files and folders; never throws for bad input (only for bad options or rule files). */
export async function lint(paths: readonly string[] = ['.'], options: LintOptions = {}): Promise<LintReport> {
  const cwd = options.cwd ?? process.cwd();
  const runner = runnerFor((options.ruleDirs ?? []).map((d) => path.resolve(cwd, d)), options.rules);
  runContext(options, []); // validates the options before any file is read
  const discovered = await discover(paths, cwd, ignoreMatcher(options, cwd));
  const files = options.shard ? shardOf(discovered.files, options.shard) : discovered.files;
  const failures = options.shard && options.shard.index !== 1 ? [] : discovered.failures;
  const results: FileResult[] = failures.map((f) => ({
    file: f.display,
    kind: 'unreadable',
    diagnostics: [ioDiagnostic(f.display, IO_UNREADABLE, f.reason, 'error')],
  }));
  const caCertificates: Uint8Array[] = [];
  for (const ca of options.ca ?? []) {
    try {
      caCertificates.push(await fs.readFile(path.resolve(cwd, ca)));
    } catch (error) {
      results.push({ file: ca, kind: 'unreadable', diagnostics: [ioDiagnostic(ca, IO_UNREADABLE, `--ca file ${describeError(error)}`, 'error')] });
    }
  }
  const parsedFiles: Parsed[] = [];
  const settings = { kind: options.kind, maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, runner, hash: options.cache !== undefined };
  // Progress counts each file twice: once read, once checked.
  let done = 0;
  const total = files.length * 2;
  const tick = () => options.onProgress?.((done += 1), total);
  for (const outcome of await mapBounded(files, READ_CONCURRENCY, async (candidate) => {
    const read = await readCandidate(candidate, settings);
    tick();
    return read;
  })) {
    if (!outcome) continue;
    if ('parsed' in outcome) parsedFiles.push(outcome);
    else results.push(outcome);
  }
  parsedFiles.push(...(await probeAll(options, parsedFiles)));
  // Rules that compare files ("also at <earlier file>") see them in one order, whatever the order given.
  parsedFiles.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  results.push(...(await evaluate(runner, parsedFiles, options, caCertificates, tick)));
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { version: 1, results, summary: summarise(results) };
}

export interface LintTextOptions extends LintOptions {
  /** A name for the text, used in diagnostics and to pick the kind; default "bitbucket.properties". */
  file?: string;
}

/** Lints text held in memory (an editor buffer, a test case) as if it were the named file. */
export async function lintText(text: string | Uint8Array, options: LintTextOptions = {}): Promise<FileResult> {
  const file = options.file ?? 'bitbucket.properties';
  const runner = runnerFor((options.ruleDirs ?? []).map((d) => path.resolve(options.cwd ?? process.cwd(), d)), options.rules);
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const entry = options.kind
    ? SOURCES.find((s) => s.kind === options.kind)
    : detectKind(file, Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('latin1'), true);
  if (!entry) {
    if (options.kind) throw new UsageError(`unknown kind "${options.kind}" (known: ${SOURCES.map((s) => s.kind).join(', ')})`);
    return { file, kind: 'unknown', diagnostics: [ioDiagnostic(file, IO_UNKNOWN_KIND, 'no linter reads this kind of file', 'info')] };
  }
  const parsed = { file, parsed: loadSource(entry).parse(bytes, file, runner.queryParams(entry.kind)), directives: parseDirectives(Buffer.from(bytes).toString('latin1')) };
  const caCertificates = await Promise.all((options.ca ?? []).map((ca) => fs.readFile(path.resolve(options.cwd ?? process.cwd(), ca))));
  const [result] = await evaluate(runner, [parsed], options, caCertificates);
  return result ?? { file, kind: entry.kind, diagnostics: [] };
}
