import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from './support/cli';

describe('logs command', () => {
  it('reads any file named on the command line as a log and reports first line and count', async () => {
    const run = await runCli(['logs', 'fixtures/logs/atlassian-bitbucket.log']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '2:1   error  The upstream refused to register the mirror (409 Conflict): it lacks a valid Data Center licence (matching lines: 2; the first is line 2)  logs/registration-conflict',
    );
  });

  it('picks up atlassian-bitbucket*.log when it walks a folder', async () => {
    const run = await runCli(['--format', 'json', 'fixtures/logs']);
    const report = JSON.parse(run.stdout) as { results: { file: string; kind: string; diagnostics: unknown[] }[] };
    expect(report.results.map((r) => [r.file, r.kind, r.diagnostics.length])).toEqual([
      ['fixtures/logs/atlassian-bitbucket.log', 'log', 7],
    ]);
  });
});

/** Writes a log of about `mib` MiB: routine lines with a few known errors spread through it. */
function writeLog(file: string, mib: number): void {
  const fd = openSync(file, 'w');
  const routine =
    '2026-11-24 10:00:00,000 INFO  [sync-thread-7]  c.a.b.i.m.m.s.DefaultSyncService Synchronised repository PROJECT/repo-0042 in 153 ms\n';
  const block = routine.repeat(8000);
  const blocks = Math.ceil((mib * 1048576) / block.length);
  for (let i = 0; i < blocks; i += 1) {
    if (i % 97 === 0)
      writeSync(
        fd,
        '2026-11-24 10:00:01,000 WARN  [jwt]  com.atlassian.jwt.exception.JwtExpiredException: Expired at ... (30 seconds leeway is allowed)\n',
      );
    writeSync(fd, block);
  }
  closeSync(fd);
}

describe('a large log', () => {
  jest.setTimeout(120_000);

  it('is streamed: peak memory does not grow with the size of the log', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bml-log-'));
    const small = path.join(dir, 'atlassian-bitbucket-small.log');
    const large = path.join(dir, 'atlassian-bitbucket-large.log');
    // Past the first tens of MiB (V8 sizing its heap), peak memory must stay where it is.
    writeLog(small, 64);
    writeLog(large, 256);
    const measure = (file: string) => {
      const script = `require(${JSON.stringify(path.join(ROOT, 'dist'))}).lint([${JSON.stringify(file)}]).then((r) => console.log(JSON.stringify({ rss: process.resourceUsage().maxRSS, found: r.results[0].diagnostics.map((d) => d.message) })))`;
      return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { rss: number; found: string[] };
    };
    const a = measure(small);
    const b = measure(large);
    expect(b.found).toEqual([
      expect.stringMatching(/^Signed requests between mirror and upstream expired.*\(matching lines: \d+; the first is line 1\)$/),
    ]);
    // maxRSS is in KiB. Measured here: 125 MiB at 64 MiB of log, 135 at 256, 145 at 1 GiB.
    expect(b.rss - a.rss).toBeLessThan(32 * 1024);
  });
});
