import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint, lintText } from '../../src';
import { FORMATS } from '../../src/formatters';
import { runCli } from '../support/cli';
import { NOW } from '../support/rule-tester';

/**
 * Unique markers planted as secrets in every kind of input; no output format, message, diff or
 * error may contain any of them.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const MARKERS = Array.from({ length: 12 }, (_, i) => `ZqMarker${i}x${'K'.repeat(6)}`);
const [m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11] = MARKERS as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];

function workspace(): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'bml-secrets-'));
  mkdirSync(path.join(cwd, 'tls'));
  mkdirSync(path.join(cwd, 'ssh'));
  writeFileSync(
    path.join(cwd, 'bitbucket.properties'),
    [
      'server.port=7990',
      `jdbc.password=${m0}`,
      `jdbc.password=${m0}`,
      `setup.sysadmin.password=${m1}  `,
      `server.ssl.key-store-password=${m2} # not a comment`,
      `server.ssl.key-password=\\u12${m3}`,
      `hazelcast.group.password=${m4}`,
      `plugin.search.config.password=${m5}`,
      `com.example.api.token=${m6}`,
      `JDBC_PASSWORD=${m7}`,
      `setup.license=${m8}`,
      'server.scheme=https',
    ].join('\n'),
  );
  // A private key whose body carries a marker (so it is also corrupt), and a pasted key in a .pub.
  const key = readFileSync(path.join(ROOT, 'fixtures/pki/private-keys/pkcs8-rsa.key'), 'utf8').split('\n');
  key.splice(3, 0, `${m9}AAAA`);
  writeFileSync(path.join(cwd, 'tls', 'mirror.key'), key.join('\n'));
  writeFileSync(path.join(cwd, 'tls', 'mirror.crt'), readFileSync(path.join(ROOT, 'fixtures/pki/mirror.crt')));
  writeFileSync(path.join(cwd, 'ssh', 'admin.pub'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${m10}\n-----END OPENSSH PRIVATE KEY-----\n`);
  writeFileSync(path.join(cwd, 'atlassian-bitbucket.log'), `2026-11-24 ERROR jdbc url=postgres://u:${m11}@db Connection refused\n`);
  return cwd;
}

const leaks = (text: string) => MARKERS.filter((m) => text.includes(m));

describe('secrets never reach the output', () => {
  it.each(FORMATS)('%s', async (format) => {
    const cwd = workspace();
    const run = await runCli(['--format', format, '--now', NOW, '--report-unused-disable-directives', '.'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout.length).toBeGreaterThan(200);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });

  it('the fixes diff, --print-config and --list-rules', async () => {
    const cwd = workspace();
    for (const args of [['--fix-dry-run'], ['--print-config'], ['--list-rules', '--format', 'json']]) {
      const run = await runCli([...args, '.'], { cwd });
      expect(leaks(run.stdout + run.stderr)).toEqual([]);
    }
    const diff = await runCli(['--fix-dry-run', '.'], { cwd });
    expect(diff.stdout).toContain('-setup.sysadmin.password=****');
  });

  it('the library: diagnostics, suppressed findings and thrown errors', async () => {
    const cwd = workspace();
    const report = await lint(['.'], { cwd, now: NOW });
    expect(leaks(JSON.stringify(report))).toEqual([]);
    const text = readFileSync(path.join(cwd, 'bitbucket.properties'), 'utf8');
    const result = await lintText(`# bitbucket-mirror-lint-disable -- ${'hidden'}\n${text}`, { now: NOW });
    expect(leaks(JSON.stringify(result))).toEqual([]);
    await expect(lintText(text, { now: `not a date ${m0}`.slice(0, 10) })).rejects.toThrow(/is not a valid date/);
  });
});

describe('secrets by what they are, not by the spelling of their key', () => {
  // Secrets of every length, in the places the issue found them printed.
  const S = {
    continued: 'ContinuedSecretPartTwo99',
    misspelt: 'MisspeltPw77',
    escaped: 'EscapedPw55',
    pemLine: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ',
    urlPass: 'UrlPass88',
    jdbcParam: 'JdbcParam66',
    jdbcUser: 'JdbcUser44',
    short: 'q7z',
  };
  const file = [
    'application.mode=mirror',
    'server.port=7990 ',
    `jdbc.password=first-half-\\`,
    `    ${S.continued}`,
    `jdbc.pasword=${S.misspelt}`,
    `setup.sysadmin.pass\\word=${S.escaped}`,
    'plugin.custom.key=-----BEGIN PRIVATE KEY-----\\',
    `  ${S.pemLine}\\`,
    '  -----END PRIVATE KEY-----',
    // Plain http, so mirror/upstream-url prints the URL; quotes, so properties/quoted-value prints the JDBC URL.
    `plugin.mirroring.upstream.url=http://admin:${S.urlPass}@bitbucket.example.com`,
    `jdbc.url="jdbc:postgresql://db.example.com:5432/bitbucket?user=bb&password=${S.jdbcParam}"`,
    `jdbc.driver=org.postgresql.Driver`,
    `plugin.other.url="jdbc:postgresql://bb:${S.jdbcUser}@db.example.com/bitbucket"`,
    `hazelcast.group.password=${S.short}`,
    '',
  ].join('\n');
  const leaked = (text: string) =>
    Object.entries(S)
      .filter(([, secret]) => text.includes(secret))
      .map(([name]) => name);

  it('the --fix-dry-run diff blanks them all, the diff still shows what changes', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'bml-secrets-'));
    writeFileSync(path.join(cwd, 'bitbucket.properties'), file);
    const run = await runCli(['--fix-dry-run', '--now', NOW], { cwd });
    expect(run.stdout).toContain('-server.port=7990 \n+server.port=7990\n');
    expect(leaked(run.stdout + run.stderr)).toEqual([]);
  });

  it.each(FORMATS)('every format (%s) blanks them, URL and JDBC credentials included', async (format) => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'bml-secrets-'));
    writeFileSync(path.join(cwd, 'bitbucket.properties'), file);
    const run = await runCli(['--format', format, '--now', NOW], { cwd });
    expect(run.stdout.length).toBeGreaterThan(100);
    expect(leaked(run.stdout + run.stderr)).toEqual([]);
  });

  it('a custom rule that prints a short password gets it blanked', async () => {
    const rules = mkdtempSync(path.join(tmpdir(), 'bml-secret-rules-'));
    mkdirSync(path.join(rules, 'company'));
    writeFileSync(
      path.join(rules, 'company', 'show.json'),
      JSON.stringify({
        id: 'company/show',
        kind: 'properties',
        scope: 'file',
        severity: 'warning',
        title: 'Shows a value',
        description: 'A careless template.',
        message: 'group password is {{pw}}; in a sentence: [{{pw}}]',
        fix: ['None.'],
        reference: { document: 'Company', section: 'Templates' },
        conditions: { all: [{ fact: 'propertyCount', operator: 'greaterThan', value: 0 }] },
        data: { pw: { fact: 'property', params: { key: 'hazelcast.group.password' } } },
      }),
    );
    const result = await lintText(file, { now: NOW, ruleDirs: [rules] });
    const shown = result.diagnostics.find((d) => d.ruleId === 'company/show')?.message;
    expect(shown).toBe('group password is ****; in a sentence: [****]');
  });
});
