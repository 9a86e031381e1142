import { execFileSync } from 'node:child_process';
import type * as FsModule from 'node:fs';
import { closeSync, mkdirSync, mkdtempSync, openSync, promises as fsp, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint } from '../../src';
import { runCli, spawnCli } from '../support/cli';
import { mirrorConfig, NOW } from '../support/rule-tester';

// The module object itself (not an import namespace, whose properties cannot be spied on).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof FsModule;

/** The bad-input matrix: every case goes through the CLI and must end in 0, 1 or 2 as the contract says, never a crash. */

const ROOT = path.resolve(__dirname, '..', '..');
const cert = readFileSync(path.join(ROOT, 'fixtures/pki/mirror.crt'), 'utf8');
const key = readFileSync(path.join(ROOT, 'fixtures/ssh/rsa3072.pub'), 'utf8');

function dir(): string {
  return mkdtempSync(path.join(tmpdir(), 'bml-matrix-'));
}

interface Json {
  results: { file: string; kind: string; diagnostics: { ruleId: string; message: string; line: number }[] }[];
}

async function cli(cwd: string, ...args: string[]) {
  const run = await runCli(['--format', 'json', '--now', NOW, ...args], { cwd });
  expect(run.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  return { code: run.code, report: JSON.parse(run.stdout || '{"results":[]}') as Json };
}

const contents: [string, string, string | Buffer][] = [
  ['empty properties', 'bitbucket.properties', ''],
  ['empty public key file', 'admin.pub', ''],
  ['empty certificate', 'mirror.pem', ''],
  ['empty log', 'atlassian-bitbucket.log', ''],
  ['only whitespace', 'bitbucket.properties', ' \t\n\n   \r\n'],
  ['NUL bytes', 'bitbucket.properties', Buffer.from([0, 0, 0, 10, 0])],
  ['NUL bytes in a key file', 'admin.pub', Buffer.from([0, 115, 115, 104, 0, 10])],
  [
    'Latin-1 properties',
    'bitbucket.properties',
    Buffer.concat([Buffer.from('setup.displayName=Caf'), Buffer.from([0xe9]), Buffer.from('\nserver.port=7990\n')]),
  ],
  ['UTF-16 with a BOM', 'bitbucket.properties', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(mirrorConfig(), 'utf16le')])],
  ['CRLF', 'bitbucket.properties', mirrorConfig().replace(/\n/g, '\r\n')],
  ['lone CR', 'bitbucket.properties', mirrorConfig().replace(/\n/g, '\r')],
  ['a PEM label with no END', 'mirror.pem', `${cert.split('\n').slice(0, 10).join('\n')}\n`],
  ['a thousand certificates in one bundle', 'bundle.pem', cert.repeat(1000)],
  ['a key line of 100 kB', 'big.pub', `ssh-rsa AAAAB3NzaC1yc2E${'A'.repeat(100_000)} big\n`],
  ['a public key line of garbage', 'admin.pub', `${key.slice(0, 30)}\u0000\u00ff${key.slice(30)}`],
];

describe('bad input through the CLI', () => {
  jest.setTimeout(60_000);

  it.each(contents)('%s: a diagnostic or nothing, exit 0 or 1', async (_name, file, content) => {
    const cwd = dir();
    writeFileSync(path.join(cwd, file), content);
    const { code, report } = await cli(cwd, file);
    expect([0, 1]).toContain(code);
    expect(report.results.map((r) => r.file)).toEqual([file]);
  });

  it('a 10 MB properties file is linted (comments, and a 1 MB value)', async () => {
    const cwd = dir();
    const comment = '# a long comment line, as generated config files carry them, with nothing to report\n';
    const text = `${mirrorConfig()}setup.license=${'A'.repeat(1024 * 1024)}\n${comment.repeat(Math.ceil((9 * 1024 * 1024) / comment.length))}server.port=7990\n`;
    writeFileSync(path.join(cwd, 'bitbucket.properties'), text);
    const { code, report } = await cli(cwd, 'bitbucket.properties');
    expect(code).toBe(0);
    expect(report.results[0]?.diagnostics.map((d) => d.ruleId)).toEqual([
      'security/file-permissions',
      'properties/duplicate-key',
      'properties/plaintext-secret',
    ]);
  });

  it('a 1 GB sparse file is refused by its size and never read, and the other files are still linted', async () => {
    const cwd = dir();
    const fd = openSync(path.join(cwd, 'huge.pem'), 'w');
    closeSync(fd);
    await fsp.truncate(path.join(cwd, 'huge.pem'), 1024 * 1024 * 1024);
    writeFileSync(path.join(cwd, 'bitbucket.properties'), mirrorConfig());
    const spy = jest.spyOn(fs, 'readFileSync');
    const { code, report } = await cli(cwd, '.');
    expect(spy.mock.calls.map((c) => String(c[0]))).not.toContain(path.join(cwd, 'huge.pem'));
    spy.mockRestore();
    expect(code).toBe(2);
    expect(report.results.map((r) => [r.file, r.kind])).toEqual([
      ['bitbucket.properties', 'properties'],
      ['huge.pem', 'unreadable'],
    ]);
    expect(report.results[1]?.diagnostics[0]?.message).toBe('1024 MiB, larger than the 32 MiB limit for a pem file; not read');
  });

  it('--max-file-size sets the limit', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'bitbucket.properties'), `${mirrorConfig()}${'# filler\n'.repeat(400_000)}`);
    expect((await cli(cwd, 'bitbucket.properties', '--max-file-size', '2')).code).toBe(2);
    expect((await cli(cwd, 'bitbucket.properties', '--max-file-size', '8')).code).toBe(0);
  });

  it('a directory symlink loop and a dangling symlink end the walk normally', async () => {
    const cwd = dir();
    mkdirSync(path.join(cwd, 'conf'));
    writeFileSync(path.join(cwd, 'conf', 'bitbucket.properties'), mirrorConfig());
    symlinkSync(path.join(cwd, 'conf'), path.join(cwd, 'conf', 'again'));
    symlinkSync(path.join(cwd, 'gone.pem'), path.join(cwd, 'conf', 'gone.pem'));
    const { code, report } = await cli(cwd, '.');
    expect(code).toBe(0);
    expect(report.results.map((r) => r.file)).toEqual(['conf/bitbucket.properties']);
  });

  it('a file that cannot be read is reported (exit 2) and the readable ones are still linted', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'locked.pem'), cert);
    writeFileSync(path.join(cwd, 'bitbucket.properties'), 'server.port=7990\n');
    // Tests run as root in CI, where chmod 000 would not stop a read: make the read itself fail.
    const real = fs.openSync;
    const spy = jest.spyOn(fs, 'openSync').mockImplementation((file, flags, mode) => {
      if (String(file).endsWith('locked.pem')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return real(file, flags, mode);
    });
    const { code, report } = await cli(cwd, '.');
    spy.mockRestore();
    expect(code).toBe(2);
    expect(report.results.map((r) => [r.file, r.diagnostics.map((d) => d.ruleId)])).toEqual([
      ['bitbucket.properties', ['mirror/no-https']],
      ['locked.pem', ['io/unreadable']],
    ]);
    expect(report.results[1]?.diagnostics[0]?.message).toBe('permission denied');
  });

  it('a path that does not exist: exit 2, named in the report', async () => {
    const { code, report } = await cli(dir(), 'nope/bitbucket.properties');
    expect(code).toBe(2);
    expect(report.results[0]?.diagnostics[0]).toMatchObject({ ruleId: 'io/unreadable', message: 'no such file or folder' });
  });

  it('a FIFO is never opened: skipped in a walk, reported when named', async () => {
    const cwd = dir();
    execFileSync('mkfifo', [path.join(cwd, 'pipe.pem')]);
    writeFileSync(path.join(cwd, 'bitbucket.properties'), mirrorConfig());
    expect((await cli(cwd, '.')).code).toBe(0);
    const named = await cli(cwd, 'pipe.pem');
    expect(named.code).toBe(2);
    expect(named.report.results[0]?.diagnostics[0]?.message).toBe('not a regular file; not read');
  });

  it('the real process never prints a stack trace for bad input', () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'x.pem'), Buffer.from([0x2d, 0x2d, 0x2d, 0x2d, 0x2d, 0x42, 0x45, 0x47, 0x49, 0x4e, 0]));
    const run = spawnCli(['x.pem', 'missing.pub'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('missing.pub');
  });

  it('the library lints the readable inputs of a mixed run', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'bitbucket.properties'), mirrorConfig());
    const report = await lint(['bitbucket.properties', 'missing.pem'], { cwd, now: NOW });
    expect(report.results.map((r) => [r.file, r.kind])).toEqual([
      ['bitbucket.properties', 'properties'],
      ['missing.pem', 'unreadable'],
    ]);
  });
});
