/** Every option on every command, on either side of the arguments; options a command does not take are errors. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint } from '../../src/lint/lint';
import { runCli, spawnCli } from '../support/cli';
import { mirrorConfig, MIRROR_PLAIN_HTTP, NOW } from '../support/rule-tester';

function workspace(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-options-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const LOG =
  '2026-11-24 10:00:00,000 ERROR [http-nio-7990-exec-1] c.a.b.i.m.DefaultMirrorService Mirror upstream refused: com.atlassian.bitbucket.mirroring.upstream.JwtExpiredException: JWT expired\n';

describe('options on either side of the arguments', () => {
  it('logs takes its report options after the files as before them', async () => {
    const cwd = workspace({ 'atlassian-bitbucket.log': LOG });
    const after = await runCli(['logs', 'atlassian-bitbucket.log', '--format', 'json'], { cwd });
    const before = await runCli(['--format', 'json', 'logs', 'atlassian-bitbucket.log'], { cwd });
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
    expect((JSON.parse(after.stdout) as { summary: { files: number } }).summary.files).toBe(1);
  });

  it('the lint command takes options after its paths', async () => {
    const cwd = workspace({ 'bitbucket.properties': MIRROR_PLAIN_HTTP });
    const run = await runCli(['bitbucket.properties', '--format', 'json', '-q'], { cwd });
    expect((JSON.parse(run.stdout) as { summary: { errors: number } }).summary.errors).toBe(1);
  });

  it('explain takes --format json before its name', async () => {
    const run = await runCli(['--format', 'json', 'explain', 'mirror/no-https']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { id: string }).id).toBe('mirror/no-https');
  });

  it('an option the command does not take is an error, never ignored', async () => {
    const quiet = await runCli(['-q', 'explain', 'mirror/no-https']);
    expect(quiet).toMatchObject({ code: 2, stdout: '' });
    expect(quiet.stderr).toBe('bitbucket-mirror-lint: -q is not an option of "explain" (see bitbucket-mirror-lint explain --help)\n');
    expect((await runCli(['--format', 'sarif', 'explain', 'mirror/no-https'])).code).toBe(2);
    expect((await runCli(['merge-reports', 'a.json', '--format', 'json'])).code).toBe(2);
    expect((await runCli(['--fix', 'probe', 'mirror.example.com'])).stderr).toContain('--fix is not an option of "probe"');
    expect((await runCli(['logs', 'x.log', '--fix'])).code).toBe(2);
  });

  it('probe flags in a lint run without --probe are an error', async () => {
    const cwd = workspace({ 'bitbucket.properties': mirrorConfig() });
    const run = await runCli(['--ssh-port', '7999'], { cwd });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('--ssh-port applies to the live probe: add --probe, or use the probe command');
  });

  it('a path named like a command after another path is a path', async () => {
    const cwd = workspace({ 'a/bitbucket.properties': mirrorConfig(), 'probe/bitbucket.properties': MIRROR_PLAIN_HTTP });
    const run = await runCli(['a', 'probe', '--format', 'json', '--now', NOW], { cwd });
    expect((JSON.parse(run.stdout) as { results: { file: string }[] }).results.map((r) => r.file)).toEqual([
      'a/bitbucket.properties',
      'probe/bitbucket.properties',
    ]);
  });
});

describe('--quiet shows what fails the run', () => {
  const cwd = () =>
    workspace({
      'bitbucket.properties': mirrorConfig({ 'server.proxy-port': '8443', 'setup.baseUrl': 'https://mirror.example.com:8443' }),
    });

  it('warnings stay hidden when they cannot fail the run', async () => {
    expect(await runCli(['-q', '--now', NOW], { cwd: cwd() })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('with --fail-on warning the failing warnings are shown, in every format', async () => {
    const dir = cwd();
    const run = await runCli(['-q', '--fail-on', 'warning', '--now', NOW], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('mirror/proxy-port');
    const json = JSON.parse((await runCli(['-q', '--fail-on', 'warning', '-f', 'json', '--now', NOW], { cwd: dir })).stdout) as {
      summary: { warnings: number };
    };
    expect(json.summary.warnings).toBe(1);
  });

  it('with --max-warnings exceeded the warnings are shown', async () => {
    const run = await runCli(['-q', '--max-warnings', '0', '--now', NOW], { cwd: cwd() });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('mirror/proxy-port');
    expect(run.stderr).toContain('1 warnings, more than --max-warnings 0');
  });
});

describe('standard input', () => {
  it("--stdin with --stdin-filename lints the text as that file, with that file's folder for context", async () => {
    const cwd = workspace({ 'conf/bitbucket.properties': mirrorConfig() });
    const run = await runCli(['--stdin', '--stdin-filename', 'conf/bitbucket.properties', '-f', 'json', '--now', NOW], {
      cwd,
      stdin: MIRROR_PLAIN_HTTP,
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { results: { file: string; diagnostics: { ruleId: string; line: number }[] }[] };
    expect(report.results.map((r) => r.file)).toEqual(['conf/bitbucket.properties']);
    expect(report.results[0]?.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['mirror/no-https', 3]]);
  });

  it('- as the only path reads standard input; without a name the content picks the kind', async () => {
    const cwd = workspace();
    const properties = await runCli(['-', '-f', 'json', '--now', NOW], { cwd, stdin: MIRROR_PLAIN_HTTP });
    expect((JSON.parse(properties.stdout) as { results: { file: string; kind: string }[] }).results).toMatchObject([
      { file: '<stdin>', kind: 'properties' },
    ]);
    const certificate = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'pki', 'expired.crt'));
    const cert = await runCli(['-', '-f', 'json', '--now', NOW], { cwd, stdin: certificate });
    const result = (JSON.parse(cert.stdout) as { results: { kind: string; diagnostics: { ruleId: string }[] }[] }).results[0];
    expect(result?.kind).toBe('pem');
    expect(result?.diagnostics.map((d) => d.ruleId)).toContain('cert/expired');
  });

  it('refuses paths beside --stdin, and --fix on standard input', async () => {
    expect((await runCli(['--stdin', 'a.properties'], { stdin: '' })).stderr).toContain('give no paths with it');
    expect((await runCli(['-', 'a.properties'], { stdin: '' })).stderr).toContain('- (standard input) must be the only path');
    expect((await runCli(['--stdin', '--fix'], { stdin: '' })).code).toBe(2);
    expect((await runCli(['--stdin-filename', 'x.properties'])).stderr).toContain('add --stdin');
  });

  it("reads a real process's standard input", () => {
    const cwd = workspace();
    const run = spawnCli(['--stdin', '--stdin-filename', 'bitbucket.properties', '--now', NOW], { cwd, input: MIRROR_PLAIN_HTTP });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^bitbucket\.properties\n {2}3:1 {2}error/);
  });
});

describe('a closed stdout', () => {
  it('ends the run quietly, with no stack trace', () => {
    const run = spawnCli(['--list-rules', '-f', 'json', '--now', NOW], { env: {} });
    expect(run.code).toBe(0);
    const piped = spawnSync(
      '/bin/sh',
      ['-c', `"${process.execPath}" bin/bitbucket-mirror-lint.js --list-rules -f json | head -c 10 >/dev/null`],
      { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' },
    );
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
  });
});

describe('bad option values are errors', () => {
  it('in the library, each naming the option and what it must be', async () => {
    await expect(lint([], { target: 'Cloud' as never })).rejects.toThrow('target must be "cloud" or "datacenter", not "Cloud"');
    await expect(lint([], { role: 'replica' as never })).rejects.toThrow('role must be "mirror" or "primary"');
    await expect(lint([], { bitbucketVersion: 'banana' })).rejects.toThrow(
      'bitbucketVersion must be a version such as "8.19", not "banana"',
    );
    await expect(lint([], { concurrency: 0 })).rejects.toThrow('concurrency');
    await expect(lint([], { rules: { 'mirror/no-https': 'loud' as never } })).rejects.toThrow('"loud" is not a level');
  });

  it('the library takes ESLint\'s "warn" and numbers for levels', async () => {
    const cwd = workspace({ 'bitbucket.properties': MIRROR_PLAIN_HTTP });
    const report = await lint(['.'], { cwd, now: NOW, rules: { 'mirror/no-https': 'warn' as never } });
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
    const off = await lint(['.'], { cwd, now: NOW, rules: { 'mirror/no-https': 0 as never } });
    expect(off.summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('on the command line', async () => {
    const run = await runCli(['--bitbucket-version', 'banana']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--bitbucket-version <x.y>' argument 'banana' is invalid. must be a version such as 8.19");
    expect((await runCli(['--fix-type', 'layout', '--fix'])).code).toBe(2);
    expect((await runCli(['--fix-type', 'suggestion'])).stderr).toContain('add --fix or --fix-dry-run');
  });

  it('in the config: "warn" is a warning, and a wrong level says which are allowed', async () => {
    const cwd = workspace({
      'bitbucket.properties': MIRROR_PLAIN_HTTP,
      'bitbucket-mirror-lint.config.json': '{"rules": {"mirror/no-https": "warn"}}',
    });
    const warned = await runCli(['-f', 'json', '--now', NOW], { cwd });
    expect(warned.code).toBe(0);
    expect((JSON.parse(warned.stdout) as { summary: { warnings: number } }).summary.warnings).toBe(1);
    writeFileSync(path.join(cwd, 'bitbucket-mirror-lint.config.json'), '{"rules": {"mirror/no-https": "warnings"}}');
    const wrong = await runCli([], { cwd });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('rules.mirror/no-https: must be "error", "warning" (or "warn"), "info" or "off"');
  });
});

describe('an empty run', () => {
  it('says that no file was linted, on stderr, and exits 0', async () => {
    const cwd = workspace({ 'README.md': '# nothing here\n' });
    const run = await runCli([], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'bitbucket-mirror-lint: no files were linted in .: bitbucket.properties, SSH keys, certificates and Bitbucket logs are (see --help)\n',
    );
  });
});
