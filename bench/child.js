'use strict';
// Runs the CLI in this process and reports its wall time, peak memory and, per input kind, the time
// spent judging files with the rules in this thread (RuleRunner.judge), and the number of worker threads, on
// stderr as one JSON line. stdout is discarded.
const path = require('node:path');
const dist = path.resolve(__dirname, '..', 'dist');
const start = process.hrtime.bigint();
const { RuleRunner } = require(path.join(dist, 'engine', 'runner.js'));
const engine = {};
const judge = RuleRunner.prototype.judge;
RuleRunner.prototype.judge = async function timedJudge(facts, ...rest) {
  const t = process.hrtime.bigint();
  try {
    return await judge.call(this, facts, ...rest);
  } finally {
    const entry = (engine[facts.kind] ??= { ms: 0, files: 0 });
    entry.ms += Number(process.hrtime.bigint() - t) / 1e6;
    entry.files += 1;
  }
};
// Worker threads started by the run (--concurrency), counted as they are created.
let threads = 0;
const workerThreads = require('node:worker_threads');
const { Worker } = workerThreads;
workerThreads.Worker = class CountedWorker extends Worker {
  constructor(...args) {
    super(...args);
    threads += 1;
  }
};
const { main } = require(path.join(dist, 'cli', 'main.js'));
const io = { stdout: { write() {} }, stderr: { write() {} }, env: {}, cwd: process.cwd() };
main(process.argv.slice(2), io).then((code) => {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stderr.write(`${JSON.stringify({ code, ms, maxRssKiB: process.resourceUsage().maxRSS, engine, threads })}\n`);
});
