import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { runCli } from '../support/cli';
import { mirrorConfig, NOW } from '../support/rule-tester';

const ROOT = path.resolve(__dirname, '..', '..');

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-config-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const json = async (args: string[], cwd: string) => {
  const run = await runCli(['--format', 'json', '--now', NOW, ...args], { cwd });
  return {
    ...run,
    report: run.stdout
      ? (JSON.parse(run.stdout) as { results: { file: string; diagnostics: { ruleId: string; severity: string }[] }[] })
      : undefined,
  };
};
const ids = (r: Awaited<ReturnType<typeof json>>) =>
  r.report?.results.flatMap((x) => x.diagnostics.map((d) => `${d.ruleId}:${d.severity}`)) ?? [];

describe('config file', () => {
  const noisy = 'server.port=7990\ncom.example.x=1\n';

  it('is found by walking up from the working directory', async () => {
    const cwd = workspace({
      'bitbucket-mirror-lint.config.json': JSON.stringify({ rules: { 'mirror/no-https': 'warning', 'properties/unknown-key': 'off' } }),
      'sub/dir/bitbucket.properties': noisy,
    });
    const run = await json(['.'], path.join(cwd, 'sub', 'dir'));
    expect(ids(run)).toEqual(['mirror/no-https:warning']);
    expect(run.code).toBe(0);
  });

  it('may be the rc name, or given with --config', async () => {
    const cwd = workspace({
      '.bitbucket-mirror-lintrc.json': '{"rules": {"mirror/no-https": "off"}}',
      'other.json': '{"rules": {"mirror/no-https": "info"}}',
      'bitbucket.properties': 'server.port=7990\n',
    });
    expect(ids(await json([], cwd))).toEqual([]);
    expect(ids(await json(['--config', 'other.json'], cwd))).toEqual(['mirror/no-https:info']);
  });

  it('passes rule options (the expiry window)', async () => {
    const cert = readFileSync(path.join(ROOT, 'fixtures/pki/expiring.crt'), 'utf8');
    const cwd = workspace({
      'mirror.pem': cert,
      'bitbucket-mirror-lint.config.json': '{"rules": {"cert/expires-soon": ["error", {"days": 10}]}}',
    });
    expect(ids(await json(['mirror.pem'], cwd)).filter((i) => i.startsWith('cert/expires'))).toEqual([]);
    writeFileSync(path.join(cwd, 'bitbucket-mirror-lint.config.json'), '{"rules": {"cert/expires-soon": ["error", {"days": 20}]}}');
    expect(ids(await json(['mirror.pem'], cwd)).filter((i) => i.startsWith('cert/expires'))).toEqual(['cert/expires-soon:error']);
  });

  // Issue #11 §1: the role of each properties file, declared for a fleet folder by folder.
  it('declares roles by path, and --role for every file', async () => {
    const plain = 'server.port=7990\n';
    const cwd = workspace({
      'bitbucket-mirror-lint.config.json': JSON.stringify({ overrides: [{ files: ['mirrors/**'], role: 'mirror' }] }),
      'mirrors/eu/bitbucket.properties': plain,
      'primary/bitbucket.properties': plain,
    });
    const byFile = (r: Awaited<ReturnType<typeof json>>) =>
      Object.fromEntries(
        r.report?.results.map((x) => [x.file, x.diagnostics.filter((d) => d.ruleId === 'mirror/no-https').map((d) => d.severity)]) ?? [],
      );
    expect(byFile(await json(['.'], cwd))).toEqual({
      'mirrors/eu/bitbucket.properties': ['error'],
      'primary/bitbucket.properties': ['info'],
    });
    expect(byFile(await json(['--role', 'primary', '.'], cwd))).toEqual({
      'mirrors/eu/bitbucket.properties': ['info'],
      'primary/bitbucket.properties': ['info'],
    });
    expect((await runCli(['--role', 'upstream', '.'], { cwd })).code).toBe(2);
  });

  it('sets context, and CLI flags override it', async () => {
    const cwd = workspace({
      'bitbucket-mirror-lint.config.json': '{"host": "upstream.example.com", "target": "datacenter", "bitbucketVersion": "7.9"}',
      'bitbucket.properties': mirrorConfig({ 'plugin.mirroring.upstream.url': 'https://upstream.example.com' }),
      'k.pub': readFileSync(path.join(ROOT, 'fixtures/ssh/ecdsa256.pub'), 'utf8'),
    });
    expect(ids(await json([], cwd)).sort()).toEqual(['mirror/upstream-is-self:error', 'ssh/unsupported-key-type:error']);
    expect(ids(await json(['--host', 'mirror.example.com', '--bitbucket-version', '8.0'], cwd))).toEqual([]);
  });

  it('ignores paths by glob, relative to the config file', async () => {
    const cwd = workspace({
      'bitbucket-mirror-lint.config.json': '{"ignore": ["vendor/", "**/*.old.properties"]}',
      'vendor/bitbucket.properties': 'server.port=1\n',
      'conf/x.old.properties': 'server.port=1\n',
      'conf/bitbucket.properties': mirrorConfig(),
    });
    const run = await json([], path.join(cwd, 'conf'));
    expect(run.report?.results.map((r) => r.file)).toEqual(['bitbucket.properties']);
    expect((await json(['..'], path.join(cwd, 'conf'))).report?.results.map((r) => r.file)).toEqual(['../conf/bitbucket.properties']);
  });

  it('adds rule folders', async () => {
    const rule = {
      id: 'company/no-debug',
      kind: 'properties',
      scope: 'property',
      severity: 'error',
      title: 'No debug logging',
      description: 'Debug logging fills the disk.',
      message: '`{{key}}` turns on debug logging',
      fix: ['Remove it.'],
      reference: { document: 'Handbook', section: 'Logging' },
      conditions: { all: [{ fact: 'key', operator: 'equal', value: 'logging.debug.enabled' }] },
    };
    const cwd = workspace({
      'bitbucket-mirror-lint.config.json': '{"ruleDirs": ["company-rules"]}',
      'company-rules/company/no-debug.json': JSON.stringify(rule),
      'bitbucket.properties': mirrorConfig({ 'logging.debug.enabled': 'true' }),
    });
    expect(ids(await json([], cwd))).toEqual(['company/no-debug:error']);
  });

  it('failOn decides which severity fails the run', async () => {
    const cwd = workspace({ 'bitbucket.properties': mirrorConfig({ 'com.example.x': '1' }) });
    expect((await json([], cwd)).code).toBe(0);
    expect((await json(['--fail-on', 'info'], cwd)).code).toBe(1);
    writeFileSync(path.join(cwd, 'bitbucket-mirror-lint.config.json'), '{"failOn": "info"}');
    expect((await json([], cwd)).code).toBe(1);
  });

  it('--print-config shows the effective configuration', async () => {
    const cwd = workspace({ 'bitbucket-mirror-lint.config.json': '{"target": "datacenter", "rules": {"mirror/proxy-port": "off"}}' });
    const run = await runCli(['--print-config', '--bitbucket-version', '8.19'], { cwd });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      configFile: path.join(cwd, 'bitbucket-mirror-lint.config.json'),
      target: 'datacenter',
      bitbucketVersion: '8.19',
      rules: { 'mirror/proxy-port': 'off' },
      failOn: 'error',
    });
  });

  it.each([
    ['{"rules": {"mirror/nope": "off"}}', 'no rule is called "mirror/nope"'],
    ['{"rules": {"mirror/no-https": "fatal"}}', 'rules.mirror/no-https'],
    ['{"rules": {"cert/expires-soon": ["error", {"weeks": 2}]}}', 'has no option "weeks"'],
    ['{"colour": true}', 'colour'],
    ['{ not json', 'is not valid JSON'],
  ])('a bad config %s is an error naming the file (exit 2)', async (content, expected) => {
    const cwd = workspace({ 'bitbucket-mirror-lint.config.json': content, 'bitbucket.properties': 'server.port=7990\n' });
    const run = await runCli([], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(expected);
    if (!expected.startsWith('no rule') && !expected.startsWith('has no'))
      expect(run.stderr).toContain('bitbucket-mirror-lint.config.json');
  });

  it('publishes a JSON Schema that accepts a full config and refuses a bad one', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'config.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(
      validate({
        rules: { 'cert/expires-soon': ['error', { days: 14 }], 'properties/unknown-key': 'off' },
        host: 'mirror.example.com',
        target: 'datacenter',
        bitbucketVersion: '8.19',
        ca: ['ca.pem'],
        ruleDirs: ['rules'],
        ignore: ['vendor/'],
        failOn: 'warning',
      }),
    ).toBe(true);
    expect(validate({ failOn: 'never' })).toBe(false);
  });
});
