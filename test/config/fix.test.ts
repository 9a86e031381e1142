import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readPropertiesDocument } from '../../src/sources/properties/document';
import { runCli } from '../support/cli';
import { NOW } from '../support/rule-tester';

function workspace(content: string | Buffer): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-fix-'));
  const file = path.join(dir, 'bitbucket.properties');
  writeFileSync(file, content);
  return { dir, file };
}

const BEFORE = [
  '# Mirror config — keep this comment',
  'application.mode=mirror',
  'plugin.mirroring.upstream.url=https://bitbucket.example.com',
  '',
  'server.port=7990',
  'server.proxy-name=mirror.example.com   ',
  'server.scheme=https',
  'server.proxyPort=8443',
  '! an old value, replaced below',
  'setup.baseUrl=https://old.example.com',
  'setup.baseUrl=https://mirror.example.com',
  'jdbc.user=bitbucket',
].join('\r\n');

describe('--fix', () => {
  it('changes only the lines of fixable findings and keeps comments, order and CRLF byte for byte', async () => {
    const { dir, file } = workspace(`${BEFORE}\r\n`);
    chmodSync(file, 0o640);
    const run = await runCli(['--fix', '--now', NOW, '--format', 'json'], { cwd: dir });
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(
      [
        '# Mirror config — keep this comment',
        'application.mode=mirror',
        'plugin.mirroring.upstream.url=https://bitbucket.example.com',
        '',
        'server.port=7990',
        'server.proxy-name=mirror.example.com',
        'server.scheme=https',
        // A rename is a suggestion: --fix leaves it, and adds no proxy port in its place.
        'server.proxyPort=8443',
        '! an old value, replaced below',
        'setup.baseUrl=https://mirror.example.com',
        'jdbc.user=bitbucket',
        'server.secure=true',
        '',
      ].join('\r\n'),
    );
    expect(statSync(file).mode & 0o777).toBe(0o640);
    // What is left needs a person: the typo'd key and the proxy port it would have set.
    const report = JSON.parse(run.stdout) as { results: { diagnostics: { ruleId: string }[] }[] };
    expect(report.results[0]?.diagnostics.map((d) => d.ruleId)).toEqual(['mirror/proxy-port', 'properties/unknown-key']);
  });

  it('--fix-type fix,suggestion also renames a key to its one suggestion', async () => {
    const { dir, file } = workspace(`${BEFORE}\r\n`);
    const run = await runCli(['--fix', '--fix-type', 'fix,suggestion', '--now', NOW, '--format', 'json'], { cwd: dir });
    expect(readFileSync(file, 'utf8')).toContain('\r\nserver.proxy-port=8443\r\n');
    expect(readFileSync(file, 'utf8')).not.toContain('proxyPort');
    const report = JSON.parse(run.stdout) as { results: { diagnostics: { ruleId: string }[] }[] };
    expect(report.results[0]?.diagnostics.map((d) => d.ruleId)).toEqual(['mirror/proxy-port', 'mirror/base-url-mismatch']);
  });

  it('--fix-dry-run lists the suggestions it leaves out', async () => {
    const { dir } = workspace('application.mode=mirror\nserver.contextPath=/bitbucket\n');
    const run = await runCli(['--fix-dry-run', '--now', NOW], { cwd: dir });
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'bitbucket-mirror-lint: 0 files would change\n' +
        'bitbucket-mirror-lint: bitbucket.properties:2: suggestion not applied: rename `server.contextPath` to `server.context-path` (properties/unknown-key; --fix-type suggestion applies it)\n',
    );
  });

  it('adds a proxy port only beside a proxy host, where it makes the connector whole', async () => {
    const { dir, file } = workspace('application.mode=mirror\nserver.scheme=https\nserver.secure=true\n');
    await runCli(['--fix'], { cwd: dir });
    expect(readFileSync(file, 'utf8')).toBe('application.mode=mirror\nserver.scheme=https\nserver.secure=true\n');
  });

  it('does not rename a key with more than one suggestion, and leaves a clean file untouched', async () => {
    const clean =
      'application.mode=mirror\nplugin.mirroring.upstream.url=https://bitbucket.example.com\nserver.proxy-name=mirror.example.com\nserver.secure=true\nserver.scheme=https\nserver.proxy-port=443\n';
    const { dir, file } = workspace(clean);
    const before = statSync(file).mtimeMs;
    const run = await runCli(['--fix'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(clean);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it('keeps a Latin-1 file Latin-1, byte for byte', async () => {
    const latin1 = Buffer.concat([Buffer.from('setup.displayName=Caf'), Buffer.from([0xe9]), Buffer.from(' \nserver.port=7990\n')]);
    const a = workspace(latin1);
    await runCli(['--fix'], { cwd: a.dir });
    expect(readFileSync(a.file)).toEqual(
      Buffer.concat([Buffer.from('setup.displayName=Caf'), Buffer.from([0xe9]), Buffer.from('\nserver.port=7990\n')]),
    );
  });

  // Java reads a byte order mark into the first key (issue #11 §5): --fix removes it, and nothing else.
  it('removes a UTF-8 byte order mark, keeping every other byte', async () => {
    const b = workspace(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('server.port=7990\r\n# Café\r\n')]));
    await runCli(['--fix'], { cwd: b.dir });
    expect(readFileSync(b.file)).toEqual(Buffer.from('server.port=7990\r\n# Café\r\n'));
  });

  // A BOM before Latin-1 bytes: Java reads both one character a byte, so the BOM still breaks the
  // first key and is removed (its rule's fix); the Latin-1 bytes stay exactly as they were.
  it('a byte order mark before Latin-1 text: the mark goes, every Latin-1 byte stays', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const b = workspace(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1('server.port=7990  \nsetup.displayName=Caf\u00e9\n')]));
    await runCli(['--fix'], { cwd: b.dir });
    expect(readFileSync(b.file)).toEqual(latin1('server.port=7990\nsetup.displayName=Caf\u00e9\n'));
  });

  it('writes UTF-8 text outside ASCII as the \\u escapes Java needs, leaving comments alone', async () => {
    const { dir, file } = workspace('# Café\nsetup.displayName=Café ✓ 😀\nserver.port=7990\n');
    await runCli(['--fix'], { cwd: dir });
    expect(readFileSync(file, 'utf8')).toBe('# Café\nsetup.displayName=Caf\\u00e9 \\u2713 \\ud83d\\ude00\nserver.port=7990\n');
  });

  it('never lets an added line join a value ending in a continuation backslash', async () => {
    const { dir, file } = workspace(
      'server.scheme=https\nserver.proxy-name=mirror.example.com\nserver.proxy-port=443\nsetup.displayName=Mirror\\\n',
    );
    await runCli(['--fix'], { cwd: dir });
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(
      'server.scheme=https\nserver.proxy-name=mirror.example.com\nserver.proxy-port=443\nsetup.displayName=Mirror\\\n\nserver.secure=true\n',
    );
    expect(readPropertiesDocument(Buffer.from(after)).effective.get('setup.displayName')?.value).toBe('Mirror');
    expect(readPropertiesDocument(Buffer.from(after)).effective.get('server.secure')?.value).toBe('true');
  });

  it('--fix-dry-run prints a diff and writes nothing', async () => {
    const { dir, file } = workspace('server.scheme=https\nserver.proxy-name=mirror.example.com\n');
    const run = await runCli(['--fix-dry-run'], { cwd: dir });
    expect(readFileSync(file, 'utf8')).toBe('server.scheme=https\nserver.proxy-name=mirror.example.com\n');
    expect(run.stdout).toContain('--- a/bitbucket.properties');
    expect(run.stdout).toContain('+server.secure=true');
    expect(run.stdout).toContain('+server.proxy-port=443');
    expect(run.stderr).toContain('1 file would change');
    expect(run.code).toBe(1);
  });
});

describe('a fix never changes what a correctly written key means', () => {
  it.each([
    ['server.proxy-name', 'server.proxyname', 'mirror.example.com', 'old-mirror.example.com'],
    ['jdbc.password', 'jdbc.pasword', 'the-real-one', 'an-old-one'],
    ['setup.license', 'setup.licence', 'AAAB-real', 'AAAB-old'],
  ])('%s stays as written when a typo of it follows (even with suggestions applied)', async (key, typo, real, old) => {
    const text = `application.mode=mirror\n${key}=${real}\n${typo}=${old}\n`;
    for (const types of ['fix', 'fix,suggestion']) {
      const { dir, file } = workspace(text);
      await runCli(['--fix', '--fix-type', types, '--now', NOW], { cwd: dir });
      const after = readPropertiesDocument(readFileSync(file)).effective;
      expect(after.get(key)?.value).toBe(real);
    }
  });

  it('two typos of one key: only one is renamed in a run, and the other is left for a person', async () => {
    const { dir, file } = workspace('application.mode=mirror\nserver.proxyname=a.example.com\nserver.proxy_name=b.example.com\n');
    await runCli(['--fix', '--fix-type', 'fix,suggestion', '--now', NOW], { cwd: dir });
    const after = readFileSync(file, 'utf8');
    expect(after.match(/^server\.proxy-name=/gm)).toHaveLength(1);
    expect(after).toContain('server.proxy-name=a.example.com\n');
  });
});

describe('fixing stays linear in the number of changed lines', () => {
  // Myers' diff over a fix touching every line took minutes at 300 kB; the dry run's patch now falls
  // back to one hunk. Full sizes: scripts/hostile.js.
  it('5,000 changed lines: --fix and --fix-dry-run finish, the patch applies', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `plugin.mirroring.x${i}=v${i}   `);
    const { dir, file } = workspace(`application.mode=mirror\n${lines.join('\n')}\n`);
    const dry = await runCli(['--fix-dry-run', '--now', NOW], { cwd: dir });
    expect(dry.stdout.match(/^\+plugin/gm)).toHaveLength(5000);
    // The one-hunk patch is a real patch: git applies it and gets what --fix writes.
    const copy = workspace(readFileSync(file));
    execFileSync('git', ['apply', '--whitespace=nowarn', '-p1', '-'], {
      cwd: copy.dir,
      input: dry.stdout,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    await runCli(['--fix', '--now', NOW], { cwd: dir });
    expect(readFileSync(file, 'utf8')).not.toMatch(/ +\n/);
    expect(readFileSync(copy.file, 'utf8')).toBe(readFileSync(file, 'utf8'));
  }, 20_000);
});
