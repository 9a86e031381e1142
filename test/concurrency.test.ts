import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { ThreadPool } from '../src/lint/parallel';
import { makePlan } from '../src/lint/plan';
import { ROOT, spawnCli, type CliRun } from './support/cli';
import { NOW } from './support/rule-tester';

/**
 * --concurrency: worker threads give the same report, byte for byte, as one thread. The built CLI
 * runs here (worker threads load compiled JavaScript), and NODE_DEBUG=worker shows how many started.
 */

const FIXTURES = path.join(ROOT, 'fixtures');
let fleet = '';

/**
 * A fleet whose findings cross files: chains split over files, a key pair in two files, the same SSH
 * key in many files, hosts taken from properties files, a disable comment, an unreadable link.
 */
beforeAll(() => {
  fleet = mkdtempSync(path.join(tmpdir(), 'bml-threads-'));
  for (let i = 0; i < 12; i += 1) {
    const mirror = path.join(fleet, `mirror-${String(i).padStart(2, '0')}`);
    cpSync(path.join(FIXTURES, 'healthy-mirror'), mirror, { recursive: true });
    if (i % 3 === 1) writeFileSync(path.join(mirror, 'tls', 'mirror.pem'), readFileSync(path.join(FIXTURES, 'pki', 'mirror.crt'))); // leaf only: the intermediate is elsewhere
    if (i % 4 === 2) cpSync(path.join(FIXTURES, 'pki', 'intermediate.pem'), path.join(mirror, 'tls', 'intermediate.pem'));
    if (i % 5 === 3) cpSync(path.join(FIXTURES, 'pki', 'mismatch.key'), path.join(mirror, 'tls', 'mirror.key')); // a key that is not the certificate's
    if (i % 2 === 0) cpSync(path.join(FIXTURES, 'ssh', 'rsa1024.pub'), path.join(mirror, 'ssh', 'old.pub')); // the same weak key in six mirrors
    if (i === 7)
      writeFileSync(
        path.join(mirror, 'bitbucket.properties'),
        '# bitbucket-mirror-lint-disable mirror/no-https\nsetup.baseUrl=http://mirror-7.example.com\n',
      );
  }
  cpSync(path.join(FIXTURES, 'properties'), path.join(fleet, 'properties'), { recursive: true });
  cpSync(path.join(FIXTURES, 'pki'), path.join(fleet, 'pki'), { recursive: true });
  mkdirSync(path.join(fleet, 'broken'));
  symlinkSync(path.join(fleet, 'nowhere.pem'), path.join(fleet, 'broken', 'dangling.pem'));
});

afterAll(() => rmSync(fleet, { recursive: true, force: true }));

function run(concurrency: string, ...extra: string[]): CliRun & { threads: number } {
  const result = spawnCli(
    ['--now', NOW, '-f', 'json', '--ca', 'pki/root-ca.pem', '--concurrency', concurrency, ...extra, '.', 'broken/dangling.pem'],
    {
      cwd: fleet,
      env: { NODE_DEBUG: 'worker' },
    },
  );
  return { ...result, threads: (result.stderr.match(/created Worker with ID/g) ?? []).length };
}

describe('--concurrency', () => {
  it('gives the report of a single-threaded run, whatever the number of threads', () => {
    const single = run('off');
    expect(single.threads).toBe(0);
    const report = JSON.parse(single.stdout) as { results: { file: string; diagnostics: { ruleId: string; message: string }[] }[] };
    const ruleIds = new Set(report.results.flatMap((r) => r.diagnostics.map((d) => d.ruleId)));
    // The fleet exercises every cross-file rule, so agreement below means something.
    for (const id of ['ssh/duplicate-key', 'cert/incomplete-chain', 'cert/key-mismatch', 'io/unreadable']) expect(ruleIds).toContain(id);
    expect(report.results.length).toBeGreaterThan(100);

    for (const threads of [2, 3]) {
      const parallel = run(String(threads));
      // The main thread takes a share of its own: n threads are n - 1 workers, and never more threads than cores.
      expect(parallel.threads).toBe(Math.min(threads, availableParallelism()) - 1);
      expect(parallel.code).toBe(single.code);
      expect(parallel.stdout).toBe(single.stdout);
    }
  });

  it('auto stays in one thread for a repository of a few files', () => {
    expect(run('auto').threads).toBe(0);
  });

  it('with --cache: the same cache file and the same report, from threads or not, cold and warm', () => {
    const location = (name: string) => ['--cache', '--cache-location', path.join(fleet, name)];
    const single = run('off', ...location('single.cache'));
    const cold = run('2', ...location('threads.cache'));
    const warm = run('2', ...location('threads.cache'));
    expect([cold.stdout, warm.stdout]).toEqual([single.stdout, single.stdout]);
    expect(readFileSync(path.join(fleet, 'threads.cache'), 'utf8')).toBe(readFileSync(path.join(fleet, 'single.cache'), 'utf8'));
  });

  it.each(['0', 'many', '-1'])('rejects --concurrency %s (exit 2)', (value) => {
    const result = spawnCli(['--concurrency', value, '.'], { cwd: fleet });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--concurrency');
  });
});

describe('ThreadPool when a worker fails', () => {
  const job = { plan: makePlan({ maxFileBytes: 1024 }), caCertificates: [] };
  const script = (name: string, body: string) => {
    const file = path.join(fleet, `${name}.js`);
    writeFileSync(file, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
    return file;
  };

  it.each([
    ['exits before it reads', 'process.exit(3);', /stopped before it finished \(exit code 3\)/],
    ['throws', "throw new Error('boom');", /boom/],
    [
      'reports a failure',
      "parentPort.postMessage({ type: 'failed', message: 'cannot read the rules' });",
      /a worker thread failed: cannot read the rules/,
    ],
  ])('rejects, never hangs, when a worker %s', async (name, body, message) => {
    const pool = new ThreadPool(job, [[]], () => undefined, script(name.replace(/\W+/g, '-'), body));
    await expect(pool.read()).rejects.toThrow(message);
  });

  it('rejects the second phase when a worker dies between the phases', async () => {
    const pool = new ThreadPool(
      job,
      [[]],
      () => undefined,
      script(
        'dies-after-reading',
        "parentPort.postMessage({ type: 'read', results: [], shared: [] });\nparentPort.once('message', () => process.exit(4));",
      ),
    );
    await expect(pool.read()).resolves.toEqual({ results: [], shared: [] });
    await expect(pool.judged([])).rejects.toThrow(/exit code 4/);
  });
});
