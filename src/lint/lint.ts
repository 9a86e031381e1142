/** The pipeline: discover, read (in threads for large runs), share, probe, judge, report; lint() and lintText() both run it. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runnerFor } from '../engine/runner-cache';
import { describeError } from '../model/errors';
import { IO_UNREADABLE, summarise, type FileResult, type LintReport } from '../model/report';
import { ResultCache } from './cache';
import { discover, type Candidate } from './discover';
import { judgeFiles, sharedFacts } from './judge';
import type { LintOptions } from './options';
import { ThreadPool, threadCount } from './parallel';
import { makePlan, type Plan } from './plan';
import { probeAll } from './probe-run';
import { ioDiagnostic, readAll } from './read';
import { contextFiles, ignoreMatcher, shardOf } from './run-files';

export { UsageError } from '../model/errors';
export type { Concurrency, LintOptions } from './options';

const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** The trust anchor files: their bytes for chain building, each also linted (an expired private root breaks every chain). */
async function trustAnchors(plan: Plan, files: Candidate[]): Promise<{ certificates: Uint8Array[]; failures: FileResult[] }> {
  const certificates: Uint8Array[] = [];
  const failures: FileResult[] = [];
  for (const absolute of plan.ca) {
    const relative = path.relative(plan.judge.cwd, absolute);
    const display = (relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute).split(path.sep).join('/');
    try {
      certificates.push(await fs.readFile(absolute));
    } catch (error) {
      failures.push({
        file: display,
        kind: 'unreadable',
        diagnostics: [ioDiagnostic(display, IO_UNREADABLE, `--ca file ${describeError(error)}`, 'error')],
      });
      continue;
    }
    const known = files.find((f) => f.absolute === absolute);
    if (known) known.trustAnchor = true;
    else files.push({ display, absolute, explicit: true, trustAnchor: true });
  }
  return { certificates, failures };
}

/** Lints files and folders; never throws for bad input (only for bad options or rule files). */
export async function lint(paths: readonly string[] = ['.'], options: LintOptions = {}): Promise<LintReport> {
  // Checked and resolved before any file is read.
  const plan = makePlan(options);
  const { cwd } = plan.judge;
  const runner = runnerFor(plan.ruleDirs, plan.rules);
  const discovered = options.memory
    ? {
        files: [
          {
            display: options.memory.file,
            absolute: path.resolve(cwd, options.memory.file),
            explicit: true,
            content: options.memory.content,
          },
        ] as Candidate[],
        failures: [],
      }
    : await discover(paths, cwd, ignoreMatcher(options.ignore ?? [], plan.judge.globBase));
  const anchors = await trustAnchors(plan, discovered.files);
  const files = options.shard ? shardOf(discovered.files, options.shard) : discovered.files;
  const context = contextFiles(discovered.files, files, options.shard !== undefined);
  const inRun = new Set([...discovered.files, ...context].map((f) => f.absolute));
  for (const extra of options.context ?? []) {
    const absolute = path.resolve(cwd, extra);
    if (!inRun.has(absolute))
      context.push({ display: path.relative(cwd, absolute).split(path.sep).join('/') || absolute, absolute, explicit: false });
    inRun.add(absolute);
  }
  // What fails before reading is said once, by the first shard.
  const firstShard = !options.shard || options.shard.index === 1;
  const results: FileResult[] = firstShard
    ? [
        ...discovered.failures.map((f) => ({
          file: f.display,
          kind: 'unreadable',
          diagnostics: [ioDiagnostic(f.display, IO_UNREADABLE, f.reason, 'error')],
        })),
        ...anchors.failures,
      ]
    : [];
  // Progress counts each file twice: once read, once judged.
  let done = 0;
  const total = files.length * 2;
  const tick = (count = 1) => options.onProgress?.((done += count), total);
  const threads = threadCount(options.concurrency, files.length);
  // Round robin, so neighbouring files (a mirror's key, certificate and properties) spread evenly;
  // this thread takes the first share and worker threads the others.
  const shares = Array.from({ length: threads }, (_, i) => files.filter((_c, index) => index % threads === i));
  const pool = threads > 1 ? new ThreadPool({ plan, caCertificates: anchors.certificates }, shares.slice(1), tick) : undefined;
  const add = (list: readonly FileResult[]) => {
    // One by one: spreading a list of 100,000 results as arguments overflows the stack.
    for (const r of list) results.push(r);
  };
  try {
    const settings = { ...plan.read, runner };
    const mine = await readAll(shares[0] ?? [], settings, tick);
    // Context files are what they are (a log's neighbouring bitbucket.properties is no log), whatever `kind` says of the run's files.
    const around = await readAll(context, { ...settings, kind: undefined, hash: false });
    const others = pool ? await pool.read() : { results: [], shared: [] };
    add(mine.results);
    add(others.results);
    const readShared = [...sharedFacts(mine.read), ...others.shared, ...sharedFacts(around.read)];
    const probed = await probeAll(options, readShared);
    // Rules that compare files ("also at <earlier file>") see them in one order, whatever the order given.
    const shared = [...readShared, ...sharedFacts(probed)].sort(byFile);
    const cache = plan.cachePath ? await ResultCache.open(plan.cachePath, options.cache) : undefined;
    if (cache?.warning) options.onWarning?.(cache.warning);
    const judging = pool?.judged(shared);
    // Awaited below; until then a failing worker must not count as an unhandled rejection.
    judging?.catch(() => undefined);
    add(await judgeFiles(runner, [...mine.read, ...probed].sort(byFile), shared, plan.judge, anchors.certificates, cache, tick));
    if (judging) {
      const judged = await judging;
      add(judged.results);
      for (const touch of judged.cache) {
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

export interface LintTextOptions extends LintOptions {
  /** A name for the text, used in diagnostics and to pick the kind; default "bitbucket.properties". */
  file?: string;
}

/**
 * Lints text held in memory (an editor buffer, a test case) as if it were the named file: lint() on
 * an in-memory file, so the findings are the ones that file would get, and cross-file facts (the
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
