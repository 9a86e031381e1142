import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint } from '../src';
import { runCli } from './support/cli';
import { NOW } from './support/rule-tester';

const ROOT = path.resolve(__dirname, '..');
const PATHS = ['fixtures/ssh', 'fixtures/pki/mirror-chain.pem', 'fixtures/pki/expired.crt', 'examples/mirror', 'fixtures/logs'];

describe('--shard and merge-reports', () => {
  it('shards split the sorted file list into contiguous parts that cover every file once', async () => {
    const whole = await lint(PATHS, { cwd: ROOT, now: NOW });
    const parts = await Promise.all([1, 2, 3].map((index) => lint(PATHS, { cwd: ROOT, now: NOW, shard: { index, count: 3 } })));
    const files = parts.flatMap((p) => p.results.map((r) => r.file));
    expect(files).toEqual(whole.results.map((r) => r.file));
    expect(parts.every((p) => p.results.length > 0)).toBe(true);
  });

  it.each(['json', 'sarif'])('merges %s reports of the shards', async (format) => {
    const out = mkdtempSync(path.join(tmpdir(), 'bml-shard-'));
    for (const index of [1, 2]) {
      const run = await runCli([
        '--format',
        format,
        '--now',
        NOW,
        '--shard',
        `${index}/2`,
        '--output-file',
        path.join(out, `part${index}.${format}`),
        ...PATHS,
      ]);
      expect([0, 1]).toContain(run.code);
    }
    const merged = await runCli(['merge-reports', path.join(out, `part1.${format}`), path.join(out, `part2.${format}`)]);
    expect(merged.code).toBe(1);
    const whole = await runCli(['--format', format, '--now', NOW, ...PATHS]);
    if (format === 'json') {
      // Cross-file facts (a key in two shards, a host from another shard's properties) do not depend on the split.
      const report = (text: string) => JSON.parse(text) as { results: unknown[]; summary: unknown };
      expect(report(merged.stdout).results).toEqual(report(whole.stdout).results);
    } else {
      const log = JSON.parse(merged.stdout) as {
        runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
      };
      const [run] = log.runs;
      expect(log.runs).toHaveLength(1);
      for (const r of run?.results ?? []) expect(run?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(new Set(run?.tool.driver.rules.map((r) => r.id)).size).toBe(run?.tool.driver.rules.length);
    }
  });

  // Issue #13 §8: a fleet's certificate checked against its own folder's host, whatever the shard.
  it('a certificate takes its host from a properties file in another shard', async () => {
    const fleet = ['fixtures/fleet'];
    const whole = await lint(fleet, { cwd: ROOT, now: NOW });
    for (const count of [2, 3, 4]) {
      const parts = await Promise.all(
        Array.from({ length: count }, (_, i) => lint(fleet, { cwd: ROOT, now: NOW, shard: { index: i + 1, count } })),
      );
      expect(parts.flatMap((p) => p.results)).toEqual(whole.results);
    }
    expect(whole.results.flatMap((r) => r.diagnostics).some((d) => d.ruleId === 'cert/hostname-mismatch')).toBe(true);
  });

  it('a certificate named alone takes its host from the nearest bitbucket.properties above it', async () => {
    const alone = await lint(['fixtures/fleet/other/tls/copied-from-mirror.pem'], { cwd: ROOT, now: NOW });
    const withFolder = await lint(['fixtures/fleet/other'], { cwd: ROOT, now: NOW });
    const ids = (r: typeof alone) =>
      r.results.filter((x) => x.file.endsWith('copied-from-mirror.pem')).flatMap((x) => x.diagnostics.map((d) => d.ruleId));
    expect(ids(alone)).toEqual(ids(withFolder));
    // The properties file read for its host is not reported.
    expect(alone.results.map((r) => r.file)).toEqual(['fixtures/fleet/other/tls/copied-from-mirror.pem']);
  });

  it('refuses a bad shard and reports that are not ours', async () => {
    expect((await runCli(['--shard', '3/2'])).code).toBe(2);
    const dir = mkdtempSync(path.join(tmpdir(), 'bml-shard-'));
    writeFileSync(path.join(dir, 'x.json'), '{"hello": 1}');
    const run = await runCli(['merge-reports', path.join(dir, 'x.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('neither a bitbucket-mirror-lint JSON report');
  });
});
