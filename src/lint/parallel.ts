/** Worker threads for large runs: how many, what each is given, and the two phases they run in. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileResult } from '../model/report';
import type { SharedFacts } from '../sources/source';
import type { Candidate } from './discover';
import type { Concurrency } from './options';
import type { Plan } from './plan';

/**
 * Worker threads for large runs. A file's findings depend on other files of the run (chains, key
 * pairing, duplicate keys, the run's host) only through what each file shares (SharedFacts), so the
 * run is split in two phases: every thread (the main one included, with a share of its own) reads
 * and parses its files and returns what they share; the main thread gathers all of it in file order
 * and hands it back; every thread then judges its own files against the whole run. Results are the
 * same as a single-threaded run's, and the run sorts them by file in both cases.
 */

export type { Concurrency } from './options';

/**
 * `auto` uses threads from this many files. Measured on the 2-core benchmark machine: a worker
 * loads the rules and parsers again (about 150 ms of CPU) and two busy cores do less than twice
 * the work of one (OpenSSL 3.0 parses certificates only 1.2 times faster on two threads), so at
 * 10,000 files two threads were 3-10% faster (over several runs) at 70 MiB more memory (350 instead
 * of 280 MiB). One thread meets the bulk targets there; threads are for larger runs, or asked for.
 */
export const AUTO_MIN_FILES = 20_000;
/** `auto` gives each thread at least this many files. */
const AUTO_FILES_PER_THREAD = 10_000;

/**
 * The compiled worker, found from dist/lint/ or from the CLI bundle in dist/cli/; missing when
 * running from the TypeScript sources (tests), which then run in one thread.
 */
const WORKER_SCRIPT = path.resolve(__dirname, '..', 'lint', 'worker.js');

/** How many threads judge `files` files, the calling one included: 1 means it does it all. */
export function threadCount(concurrency: Concurrency | undefined, files: number): number {
  if (!existsSync(WORKER_SCRIPT)) return 1;
  const setting = concurrency ?? 'auto';
  if (setting === 'off') return 1;
  if (setting === 'auto')
    return files < AUTO_MIN_FILES ? 1 : Math.max(1, Math.min(availableParallelism(), Math.floor(files / AUTO_FILES_PER_THREAD)));
  // A thread costs about 25 MiB and a core's worth of work: more threads than cores only cost memory
  // (150 took 3.4 GiB), so a number is taken as at most the cores there are.
  return Math.max(1, Math.min(setting, files, availableParallelism()));
}

/** What a worker needs to read and judge its files: the run's plan (the main thread writes the cache it names). */
export interface WorkerJob {
  plan: Plan;
  candidates: Candidate[];
  caCertificates: Uint8Array[];
}

/** A cache lookup made by a worker: a hit (no result) or a new entry. */
export interface CacheTouch {
  key: string;
  file: string;
  result?: FileResult;
}

export type FromWorker =
  | { type: 'tick'; count: number }
  | { type: 'read'; results: FileResult[]; shared: SharedFacts[] }
  | { type: 'judged'; results: FileResult[]; cache: CacheTouch[] }
  | { type: 'failed'; message: string };

export interface ToWorker {
  type: 'judge';
  shared: SharedFacts[];
}

interface Thread {
  worker: Worker;
  next(type: 'read'): Promise<Extract<FromWorker, { type: 'read' }>>;
  next(type: 'judged'): Promise<Extract<FromWorker, { type: 'judged' }>>;
}

function startThread(script: string, job: WorkerJob, onTick: (count: number) => void): Thread {
  const worker = new Worker(script, { workerData: job });
  const waiting = new Map<string, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  const early = new Map<string, FromWorker>();
  let failure: Error | undefined;
  let finished = false;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(failure);
    waiting.clear();
  };
  worker.on('message', (message: FromWorker) => {
    if (message.type === 'tick') return onTick(message.count);
    if (message.type === 'failed') return fail(new Error(`a worker thread failed: ${message.message}`));
    if (message.type === 'judged') finished = true;
    const waiter = waiting.get(message.type);
    if (waiter) {
      waiting.delete(message.type);
      waiter.resolve(message);
    } else early.set(message.type, message);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!finished) fail(new Error(`a worker thread stopped before it finished (exit code ${code})`));
  });
  const next = (type: string) =>
    new Promise<FromWorker>((resolve, reject) => {
      const ready = early.get(type);
      if (ready) {
        early.delete(type);
        resolve(ready);
      } else if (failure) reject(failure);
      else waiting.set(type, { resolve, reject });
    });
  return { worker, next: next as Thread['next'] };
}

/** The threads of one run, between its two phases. */
export class ThreadPool {
  private readonly threads: Thread[];

  /** One worker thread per share of the files. */
  constructor(
    job: Omit<WorkerJob, 'candidates'>,
    shares: readonly Candidate[][],
    onTick: (count: number) => void,
    /** The worker's script (tests give one that fails). */
    script = WORKER_SCRIPT,
  ) {
    this.threads = shares.map((share) => startThread(script, { ...job, candidates: share }, onTick));
  }

  /** Phase 1: every thread's unreadable files and what the files it read share. */
  async read(): Promise<{ results: FileResult[]; shared: SharedFacts[] }> {
    try {
      const all = await Promise.all(this.threads.map((t) => t.next('read')));
      return { results: all.flatMap((a) => a.results), shared: all.flatMap((a) => a.shared) };
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  /** Phase 2: every thread judges its files against the whole run. */
  async judged(shared: SharedFacts[]): Promise<{ results: FileResult[]; cache: CacheTouch[] }> {
    try {
      const message: ToWorker = { type: 'judge', shared };
      const pending = this.threads.map((t) => t.next('judged'));
      for (const { worker } of this.threads) worker.postMessage(message);
      const all = await Promise.all(pending);
      return { results: all.flatMap((a) => a.results), cache: all.flatMap((a) => a.cache) };
    } finally {
      this.stop();
    }
  }

  /** Ends every thread (those done have ended on their own). */
  stop(): void {
    for (const { worker } of this.threads) void worker.terminate();
  }
}
