import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint } from '../src';
import { RuleRunner } from '../src/engine/runner';
import { runCli } from './support/cli';
import { mirrorConfig, NOW } from './support/rule-tester';

const ROOT = path.resolve(__dirname, '..');

function workspace(): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'bml-cache-'));
  mkdirSync(path.join(cwd, 'keys'));
  writeFileSync(
    path.join(cwd, 'bitbucket.properties'),
    mirrorConfig({ 'server.proxy-port': '8443', 'setup.baseUrl': 'https://mirror.example.com:8443' }),
  );
  chmodSync(path.join(cwd, 'bitbucket.properties'), 0o600);
  writeFileSync(path.join(cwd, 'keys', 'alice.pub'), readFileSync(path.join(ROOT, 'fixtures/ssh/rsa3072.pub')));
  writeFileSync(path.join(cwd, 'mirror.pem'), readFileSync(path.join(ROOT, 'fixtures/pki/expiring.crt')));
  return cwd;
}

describe('--cache', () => {
  const options = (cwd: string) => ({ cwd, now: NOW, cache: '.cache.json' });

  it('gives the same report, evaluating only what changed', async () => {
    const cwd = workspace();
    const check = jest.spyOn(RuleRunner.prototype, 'judge');
    const first = await lint(['.'], options(cwd));
    const kinds = () => check.mock.calls.map((c) => c[0].kind).sort();
    expect(kinds()).toEqual(['pem', 'properties', 'ssh-key']);
    check.mockClear();
    const second = await lint(['.'], options(cwd));
    expect(second).toEqual(first);
    // Certificates depend on the clock and are never cached.
    expect(kinds()).toEqual(['pem']);
    check.mockRestore();
  });

  it('never hides a new finding: an edit, a new duplicate elsewhere, a mode change, other options', async () => {
    const cwd = workspace();
    await lint(['.'], options(cwd));
    writeFileSync(path.join(cwd, 'bitbucket.properties'), `${mirrorConfig()}jdbc.password=s3cret\n`);
    chmodSync(path.join(cwd, 'bitbucket.properties'), 0o600);
    let report = await lint(['.'], options(cwd));
    expect(report.results[0]?.diagnostics.map((d) => d.ruleId)).toEqual(['properties/plaintext-secret']);
    writeFileSync(path.join(cwd, 'keys', 'aaa.pub'), readFileSync(path.join(ROOT, 'fixtures/ssh/rsa3072.pub')));
    report = await lint(['.'], options(cwd));
    expect(report.results.find((r) => r.file === 'keys/alice.pub')?.diagnostics.map((d) => d.ruleId)).toEqual(['ssh/duplicate-key']);
    chmodSync(path.join(cwd, 'bitbucket.properties'), 0o644);
    report = await lint(['.'], options(cwd));
    expect(report.results[0]?.diagnostics.map((d) => d.ruleId)).toContain('security/file-permissions');
    report = await lint(['.'], { ...options(cwd), rules: { 'properties/plaintext-secret': 'off' } });
    expect(report.results[0]?.diagnostics.map((d) => d.ruleId)).toEqual(['security/file-permissions']);
  });

  it('ignores a damaged cache file', async () => {
    const cwd = workspace();
    writeFileSync(path.join(cwd, '.cache.json'), '{ not json');
    const report = await lint(['.'], options(cwd));
    expect(report.summary.files).toBe(3);
    expect((JSON.parse(readFileSync(path.join(cwd, '.cache.json'), 'utf8')) as { version: number }).version).toBe(1);
  });
});

describe('a cache that cannot be used', () => {
  const damaged: [string, string][] = [
    ['truncated JSON', '{"version":1,"entries":{"ab'],
    ['entries of the wrong shape', '{"version":1,"entries":{"k":{"kind":"properties","diagnostics":[{"ruleId":5}]}}}'],
    ['an entry with no findings list', '{"version":1,"entries":{"k":{"kind":"properties"}}}'],
    ['another version', '{"version":7,"entries":{}}'],
  ];

  it.each(damaged)('%s: the run goes on, says so once on stderr, and rebuilds it', async (_name, text) => {
    const cwd = workspace();
    const expected = await runCli(['-f', 'json', '--now', NOW, '.'], { cwd });
    writeFileSync(path.join(cwd, '.cache.json'), text);
    const run = await runCli(['-f', 'json', '--now', NOW, '--cache', '--cache-location', '.cache.json', '.'], { cwd });
    expect(run.stdout).toBe(expected.stdout);
    expect(run.code).toBe(expected.code);
    expect(run.stderr).toBe('bitbucket-mirror-lint: the cache .cache.json is damaged or from another version; it is rebuilt\n');
    expect((JSON.parse(readFileSync(path.join(cwd, '.cache.json'), 'utf8')) as { version: number }).version).toBe(1);
    const again = await runCli(['-f', 'json', '--now', NOW, '--cache', '--cache-location', '.cache.json', '.'], { cwd });
    expect(again.stderr).toBe('');
  });

  it('a folder as the cache: the report is still printed, and a warning says why nothing was cached', async () => {
    const cwd = workspace();
    mkdirSync(path.join(cwd, 'cache-dir'));
    const expected = await runCli(['-f', 'json', '--now', NOW, '.'], { cwd });
    const run = await runCli(['-f', 'json', '--now', NOW, '--cache', '--cache-location', 'cache-dir', '.'], { cwd });
    expect(run.stdout).toBe(expected.stdout);
    expect(run.code).toBe(expected.code);
    expect(run.stderr).toContain('bitbucket-mirror-lint: the cache cache-dir cannot be read (it is a folder); linting without it\n');
    expect(run.stderr).toContain('cannot write cache-dir');
  });
});
