/** Small hostile inputs of issue #14: odd report files, file names that are not UTF-8, more threads than cores. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { threadCount } from '../../src/lint/parallel';
import { runCli } from '../support/cli';
import { MIRROR_PLAIN_HTTP, NOW } from '../support/rule-tester';

const dir = () => mkdtempSync(path.join(tmpdir(), 'bml-odd-'));

describe('merge-reports', () => {
  it.each([['null'], ['[]'], ['"text"'], ['42'], ['{"version": 1}']])('a report holding %s is a usage error naming it', async (content) => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'r.json'), content);
    const run = await runCli(['merge-reports', 'r.json'], { cwd });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^bitbucket-mirror-lint: r\.json is (neither|not)/);
  });

  it('a missing report names the path', async () => {
    const run = await runCli(['merge-reports', 'null'], { cwd: dir() });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'bitbucket-mirror-lint: cannot read null: no such file or folder\n' });
  });
});

describe('a file name that is not UTF-8', () => {
  it('is reported, with its bytes written out, when it could be a linted kind; the rest is linted', async () => {
    const cwd = dir();
    writeFileSync(Buffer.concat([Buffer.from(cwd), Buffer.from('/bitbucket-\xff.properties', 'latin1')]), MIRROR_PLAIN_HTTP);
    writeFileSync(Buffer.concat([Buffer.from(cwd), Buffer.from('/photo-\xfe.jpg', 'latin1')]), 'x');
    writeFileSync(path.join(cwd, 'bitbucket.properties'), MIRROR_PLAIN_HTTP);
    const run = await runCli(['-f', 'json', '--now', NOW, '.'], { cwd });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { results: { file: string; diagnostics: { ruleId: string; message: string }[] }[] };
    expect(report.results.map((r) => [r.file, r.diagnostics.map((d) => d.ruleId)])).toEqual([
      ['bitbucket-\\xff.properties', ['io/unreadable']],
      ['bitbucket.properties', ['mirror/no-https']],
    ]);
    expect(report.results[0]?.diagnostics[0]?.message).toBe('the name is not valid UTF-8, so it cannot be opened; rename it to lint it');
  });
});

describe('--concurrency', () => {
  it('takes a number of threads as at most the cores there are', () => {
    expect(threadCount(150, 100_000)).toBeLessThanOrEqual(availableParallelism());
    expect(threadCount(1, 100_000)).toBe(1);
  });
});
