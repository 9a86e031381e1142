import { chmodSync, mkdtempSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { runCli, spawnCli } from '../support/cli';
import { MIRROR_PLAIN_HTTP, mirrorConfig, NOW } from '../support/rule-tester';

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('CLI', () => {
  it('exits 0 and prints nothing for a healthy mirror config', async () => {
    const cwd = workspace({ 'bitbucket.properties': mirrorConfig() });
    const run = await runCli(['--now', NOW], { cwd });
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 1 on lint errors and prints them with their fixes (stylish)', async () => {
    const cwd = workspace({ 'shared/bitbucket.properties': MIRROR_PLAIN_HTTP });
    const run = await runCli(['.'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('shared/bitbucket.properties\n');
    expect(run.stdout).toMatch(/ {2}3:1 {2}error {2}The mirror serves plain HTTP.*mirror\/no-https/);
    expect(run.stdout).toContain('server.port=7990, server.proxy-name=');
    expect(run.stdout).toMatch(/✖ 1 problem \(1 error, 0 warnings, 0 infos\)/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('colours only on a TTY and honours NO_COLOR and FORCE_COLOR', async () => {
    const cwd = workspace({ 'bitbucket.properties': 'application.mode=mirror\nserver.port=7990\n' });
    expect((await runCli([], { cwd, tty: true })).stdout).toContain('\u001b[31m');
    expect((await runCli([], { cwd, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await runCli([], { cwd, tty: false, env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
  });

  it('--quiet shows errors only; --max-warnings turns too many warnings into exit 1', async () => {
    const cwd = workspace({
      'bitbucket.properties': mirrorConfig({ 'server.proxy-port': '8443', 'setup.baseUrl': 'https://mirror.example.com:8443' }),
    });
    const loud = await runCli([], { cwd });
    expect(loud.code).toBe(0);
    expect(loud.stdout).toContain('mirror/proxy-port');
    expect((await runCli(['--quiet'], { cwd })).stdout).toBe('');
    const strict = await runCli(['--max-warnings', '0'], { cwd });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('more than --max-warnings 0');
    expect((await runCli(['--max-warnings', '1'], { cwd })).code).toBe(0);
  });

  it('walks folders, skipping .git and node_modules, and sniffs *.properties by content', async () => {
    const cwd = workspace({
      'a/bitbucket.properties': 'server.port=7990\n',
      'a/mirror.properties': 'server.scheme=http\n',
      'a/log4j.properties': 'log4j.rootLogger=INFO\n',
      '.git/bitbucket.properties': 'server.port=1\n',
      'node_modules/x/bitbucket.properties': 'server.port=1\n',
    });
    const run = await runCli(['--format', 'json'], { cwd });
    const report = JSON.parse(run.stdout) as { results: { file: string }[] };
    expect(report.results.map((r) => r.file)).toEqual(['a/bitbucket.properties', 'a/mirror.properties']);
  });

  it('takes the host from --host', async () => {
    const cwd = workspace({ 'bitbucket.properties': mirrorConfig({ 'plugin.mirroring.upstream.url': 'https://upstream.example.com' }) });
    const run = await runCli(['--host', 'upstream.example.com'], { cwd });
    expect(run.stdout).toContain('mirror/upstream-is-self');
  });

  it('exits 2 on a usage error', async () => {
    expect((await runCli(['--format', 'xml'])).code).toBe(2);
    expect((await runCli(['--now', 'yesterday'])).stderr).toContain('"yesterday" is not a valid date');
    expect((await runCli(['--max-warnings', 'many'])).code).toBe(2);
    expect((await runCli(['--no-such-option'])).code).toBe(2);
  });

  it('prints help and version with exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-warnings <n>');
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('still lints the readable files when one cannot be read, and exits 2', async () => {
    const cwd = workspace({ 'good/bitbucket.properties': 'server.port=7990\n', 'locked/bitbucket.properties': 'x=1\n' });
    const locked = path.join(cwd, 'locked', 'bitbucket.properties');
    chmodSync(locked, 0o000);
    const run = await runCli(['--format', 'json', 'good', 'locked/bitbucket.properties', 'missing.properties'], { cwd });
    chmodSync(locked, 0o644);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      results: { file: string; kind: string; diagnostics: { ruleId: string; message: string }[] }[];
    };
    const byFile = Object.fromEntries(report.results.map((r) => [r.file, r]));
    expect(byFile['good/bitbucket.properties']?.diagnostics.map((d) => d.ruleId)).toContain('mirror/no-https');
    expect(byFile['missing.properties']?.diagnostics).toMatchObject([{ ruleId: 'io/unreadable', message: 'no such file or folder' }]);
    if (process.getuid?.() !== 0) {
      expect(byFile['locked/bitbucket.properties']?.diagnostics).toMatchObject([{ ruleId: 'io/unreadable', message: 'permission denied' }]);
    }
  });

  it('does not follow folder links (no loop) and skips dangling links', async () => {
    const cwd = workspace({ 'conf/bitbucket.properties': mirrorConfig() });
    symlinkSync(cwd, path.join(cwd, 'conf', 'loop'));
    symlinkSync(path.join(cwd, 'nowhere'), path.join(cwd, 'conf', 'dangling.properties'));
    const run = await runCli(['--now', NOW], { cwd });
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('runs as a process with the documented exit codes', () => {
    const cwd = workspace({
      'ok/bitbucket.properties': mirrorConfig(),
      'bad/bitbucket.properties': 'application.mode=mirror\nserver.port=7990\n',
    });
    expect(spawnCli(['ok'], { cwd }).code).toBe(0);
    const bad = spawnCli(['bad'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('mirror/no-https');
    expect(spawnCli(['--format', 'nope'], { cwd }).code).toBe(2);
  });
});

describe('rule documentation in the CLI', () => {
  it('--list-rules lists id, severity and title, as text or JSON', async () => {
    const text = await runCli(['--list-rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^cert\/ca-as-leaf\s+warning\s+CA certificate used as a server certificate$/m);
    const json = JSON.parse((await runCli(['--list-rules', '--format', 'json'])).stdout) as { id: string; docUrl: string }[];
    expect(json.find((r) => r.id === 'mirror/no-https')?.docUrl).toMatch(/docs\/rules\/mirror\/no-https\.md$/);
  });

  it('explain <ruleId> shows why, the fix, the reference and an example', async () => {
    const run = await runCli(['explain', 'ssh/unsupported-key-type']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ssh/unsupported-key-type — SSH key type the mirror does not support');
    expect(run.stdout).toContain('How to fix:\n  1. Check the type of the key');
    expect(run.stdout).toContain('Reference: Troubleshoot Bitbucket Smart Mirroring, Unknown public key');
    expect(run.stdout).toContain('Example that fires:\n  ssh-ed25519');
    const unknown = await runCli(['explain', 'nope/nothing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no rule is called "nope/nothing"');
  });
});

describe('explain "<what you saw>"', () => {
  it('lists the likely causes, most likely first, with fixes and the command that checks each', async () => {
    const run = await runCli([
      'explain',
      "Cloning into 'local-repo'... Permission denied (publickey). fatal: Could not read from remote repository.",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Likely causes of .*, most likely first:\n\n1\. Your public key may be missing .*\(symptom\/missing-public-key\)/,
    );
    expect(run.stdout).toMatch(
      /\n2\. Your SSH key type may not be supported by the mirror \(Ed25519 is not\) {2}\(symptom\/unsupported-key-type\)\n {3}fix: {3}Look inside your public key/,
    );
    expect(run.stdout).toContain('   check: bitbucket-mirror-lint ~/.ssh/*.pub  (ssh/unsupported-key-type)');
  });

  it('answers in JSON, and says so when nothing matches', async () => {
    const json = JSON.parse((await runCli(['explain', '--format', 'json', 'NET::ERR_CERT_DATE_INVALID'])).stdout) as {
      ruleId: string;
      checks: string[];
    }[];
    expect(json[0]?.ruleId).toBe('symptom/certificate-expired');
    const none = await runCli(['explain', 'the coffee machine is empty']);
    expect(none.stdout).toContain('No known cause matches');
  });
});

describe('progress bar', () => {
  function manyFiles(): string {
    const cwd = mkdtempSync(path.join(tmpdir(), 'bml-progress-'));
    for (let i = 0; i < 250; i += 1) writeFileSync(path.join(cwd, `m${i}.properties`), mirrorConfig());
    return cwd;
  }

  it('shows on a terminal stderr for a long run, and never in the report', async () => {
    const cwd = manyFiles();
    let stdout = '';
    let stderr = '';
    const code = await main(['--format', 'json', '--now', NOW], {
      stdout: { write: (t: string) => (stdout += t), isTTY: true },
      stderr: { write: (t: string) => (stderr += t), isTTY: true },
      env: {},
      cwd,
    });
    expect(code).toBe(0);
    expect(stderr).toContain('bitbucket-mirror-lint [');
    expect((JSON.parse(stdout) as { summary: { files: number } }).summary.files).toBe(250);
  });

  it('stays off in CI, when stderr is not a terminal, and when the report is piped', async () => {
    const cwd = manyFiles();
    let stderr = '';
    await main(['--now', NOW], {
      stdout: { write: () => true, isTTY: false },
      stderr: { write: (t: string) => (stderr += t), isTTY: true },
      env: {},
      cwd,
    });
    expect(stderr).toBe('');
    expect((await runCli(['--now', NOW], { cwd, env: { CI: 'true' } })).stderr).toBe('');
    expect((await runCli(['--now', NOW], { cwd })).stderr).toBe('');
  });
});
