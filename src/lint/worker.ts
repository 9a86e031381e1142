import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { ResultCache } from './cache';
import { evaluate, sharedFacts, type ResultStore } from './evaluate';
import { runnerFor } from './lint';
import type { CacheTouch, FromWorker, ToWorker, WorkerJob } from './parallel';
import { readAll } from './read';
import type { FileResult } from './report';

/** One worker thread of a parallel run (see parallel.ts for the two phases). */

const TICK_BATCH = 64;

/** Reads the cache the main thread owns, and tells it what was used and what is new. */
class RecordingStore implements ResultStore {
  readonly touches: CacheTouch[] = [];

  constructor(private readonly cache: ResultCache) {}

  get(key: string, file: string): FileResult | undefined {
    const hit = this.cache.get(key, file);
    if (hit) this.touches.push({ key, file });
    return hit;
  }

  set(key: string, result: FileResult): void {
    this.touches.push({ key, file: result.file, result });
  }
}

async function run(port: NonNullable<typeof parentPort>, job: WorkerJob): Promise<void> {
  const post = (message: FromWorker) => port.postMessage(message);
  let ticks = 0;
  const flush = () => {
    if (ticks > 0) post({ type: 'tick', count: ticks });
    ticks = 0;
  };
  const tick = () => {
    ticks += 1;
    if (ticks >= TICK_BATCH) flush();
  };

  const runner = runnerFor(job.options.ruleDirs, job.options.rules);
  const settings = { kind: job.options.kind, maxFileBytes: job.options.maxFileBytes, runner, hash: job.options.hash };
  const { parsed: parsedFiles, results } = await readAll(job.candidates, settings, tick);
  flush();
  const answer = once(port, 'message');
  post({ type: 'parsed', results, shared: sharedFacts(parsedFiles) });

  const [{ shared }] = (await answer) as [ToWorker];
  const store = job.cachePath ? new RecordingStore(await ResultCache.open(job.cachePath)) : undefined;
  const checked = await evaluate(runner, parsedFiles, shared, job.options, job.caCertificates, store, tick);
  flush();
  post({ type: 'checked', results: checked, cache: store?.touches ?? [] });
  port.close();
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as WorkerJob).catch((error: unknown) => {
    // The message only (a parser's message never gets here: readCandidate keeps those to itself).
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
  });
}
