/** One worker thread of a parallel run (see parallel.ts for the two phases). */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { runnerFor } from '../engine/runner-cache';
import type { FileResult } from '../model/report';
import { ResultCache } from './cache';
import { judgeFiles, sharedFacts, type ResultStore } from './judge';
import type { CacheTouch, FromWorker, ToWorker, WorkerJob } from './parallel';
import { readAll } from './read';

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

  const { plan } = job;
  const runner = runnerFor(plan.ruleDirs, plan.rules);
  const { read, results } = await readAll(job.candidates, { ...plan.read, runner }, tick);
  flush();
  const answer = once(port, 'message');
  post({ type: 'read', results, shared: sharedFacts(read) });

  const [{ shared }] = (await answer) as [ToWorker];
  const store = plan.cachePath ? new RecordingStore(await ResultCache.open(plan.cachePath)) : undefined;
  const judged = await judgeFiles(runner, read, shared, plan.judge, job.caCertificates, store, tick);
  flush();
  post({ type: 'judged', results: judged, cache: store?.touches ?? [] });
  port.close();
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as WorkerJob).catch((error: unknown) => {
    // The message only (a parser's message never gets here: readCandidate keeps those to itself).
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
  });
}
