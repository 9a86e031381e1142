import { execFileSync, spawn } from 'node:child_process';
import fs, { chmodSync, chownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint } from '../../src';
import { fixProperties } from '../../src/fix/fix-files';
import { writeFileAtomic } from '../../src/lint/atomic-write';
import { BIN, ROOT, runCli } from '../support/cli';
import { mirrorConfig, NOW } from '../support/rule-tester';

function dir(): string {
  return mkdtempSync(path.join(tmpdir(), 'bml-safety-'));
}

/** Makes the next rename fail as the file system would (write-file-atomic renames through node:fs). */
function failRename(code: string): jest.SpyInstance {
  return jest.spyOn(fs, 'rename').mockImplementationOnce(((_from: string, _to: string, done: (error: Error) => void) => {
    done(Object.assign(new Error(code), { code }));
  }) as unknown as typeof fs.rename);
}

const isRoot = process.getuid?.() === 0;

// Issue #13 §1-5: writes keep owner, group, mode and links, never replace a special file, create
// missing folders, and name the path the user gave.
describe('writes that lose nothing', () => {
  const broken = 'server.scheme=https\nserver.secure=true\nserver.proxy-name=mirror.example.com\nserver.proxy-port=443   \n';
  const fixed = 'server.scheme=https\nserver.secure=true\nserver.proxy-name=mirror.example.com\nserver.proxy-port=443\n';

  (isRoot ? it : it.skip)('--fix as root keeps the owner, group and mode of the file', async () => {
    const cwd = dir();
    const target = path.join(cwd, 'bitbucket.properties');
    writeFileSync(target, broken);
    chownSync(target, 65534, 65534);
    chmodSync(target, 0o600);
    expect((await runCli(['--fix'], { cwd })).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(fixed);
    const after = statSync(target);
    expect([after.uid, after.gid, after.mode & 0o777]).toEqual([65534, 65534, 0o600]);
  });

  it('--fix on a symbolic link fixes the file it points at and keeps the link', async () => {
    const cwd = dir();
    const real = path.join(cwd, 'managed', 'bitbucket.properties');
    fs.mkdirSync(path.dirname(real));
    writeFileSync(real, broken);
    symlinkSync(real, path.join(cwd, 'bitbucket.properties'));
    await runCli(['--fix', 'bitbucket.properties'], { cwd });
    expect(lstatSync(path.join(cwd, 'bitbucket.properties')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(fixed);
  });

  it('--output-file to a FIFO writes into it and leaves a FIFO', async () => {
    const cwd = dir();
    const fifo = path.join(cwd, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(path.join(cwd, 'bitbucket.properties'), fixed);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise((resolve) => reader.once('close', resolve));
    const run = await runCli(['--format', 'json', '--output-file', 'report.fifo'], { cwd });
    await closed;
    expect(run.code).toBe(0);
    expect(JSON.parse(received)).toMatchObject({ version: 1 });
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('--output-file creates missing folders, and errors name the path given', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'bitbucket.properties'), fixed);
    expect((await runCli(['--format', 'json', '-o', 'new/dir/report.json'], { cwd })).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(cwd, 'new/dir/report.json'), 'utf8'))).toMatchObject({ version: 1 });
    writeFileSync(path.join(cwd, 'plain-file'), '');
    const failed = await runCli(['-o', 'plain-file/report.txt'], { cwd });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^bitbucket-mirror-lint: cannot write plain-file\/report\.txt: /);
    expect(failed.stderr).not.toContain('.tmp');
  });

  it('a failed read says it was a read', async () => {
    const report = {
      version: 1 as const,
      results: [
        {
          file: 'gone.properties',
          kind: 'properties',
          diagnostics: [
            {
              ruleId: 'properties/trailing-whitespace',
              severity: 'warning' as const,
              message: '',
              file: 'gone.properties',
              line: 1,
              column: 1,
              endLine: 1,
              endColumn: 1,
              fix: [],
              reference: '',
            },
          ],
        },
      ],
      summary: { files: 1, errors: 0, warnings: 1, infos: 0 },
    };
    await expect(fixProperties(report, { cwd: dir() }, { write: true })).rejects.toThrow(
      'cannot read gone.properties: no such file or folder',
    );
  });
});

describe('atomic writes', () => {
  it('leave the original untouched and no temporary file when the rename fails', async () => {
    const cwd = dir();
    const target = path.join(cwd, 'bitbucket.properties');
    writeFileSync(target, 'original\n');
    const spy = failRename('EXDEV');
    await expect(writeFileAtomic(target, 'new content\n', 'bitbucket.properties')).rejects.toThrow(
      'cannot write bitbucket.properties: cannot be written (EXDEV)',
    );
    spy.mockRestore();
    expect(readFileSync(target, 'utf8')).toBe('original\n');
    expect(readdirSync(cwd)).toEqual(['bitbucket.properties']);
  });

  it('--fix leaves the file as it was when the write fails, and says so (exit 2)', async () => {
    const cwd = dir();
    const target = path.join(cwd, 'bitbucket.properties');
    writeFileSync(target, 'server.port=7990   \n');
    const spy = failRename('EIO');
    const run = await runCli(['--fix'], { cwd });
    spy.mockRestore();
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('bitbucket-mirror-lint: cannot write bitbucket.properties: cannot be written (EIO)\n');
    expect(readFileSync(target, 'utf8')).toBe('server.port=7990   \n');
    expect(readdirSync(cwd)).toEqual(['bitbucket.properties']);
  });

  it('a process killed while writing leaves the old or the new file, never a mix', async () => {
    const cwd = dir();
    const target = path.join(cwd, 'big.txt');
    const before = 'A'.repeat(8 * 1024 * 1024);
    const after = 'B'.repeat(8 * 1024 * 1024);
    writeFileSync(target, before);
    for (const delay of [5, 20, 60]) {
      const script = `require(${JSON.stringify(path.join(ROOT, 'dist/lint/atomic-write.js'))}).writeFileAtomic(${JSON.stringify(target)}, 'B'.repeat(8 * 1024 * 1024))`;
      const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const content = readFileSync(target, 'utf8');
      expect(content === before || content === after).toBe(true);
    }
  });

  it('two --fix runs at once on the same files end with one correct result', async () => {
    const cwd = dir();
    const target = path.join(cwd, 'bitbucket.properties');
    const broken = `${mirrorConfig()}server.port=7990  \n`;
    writeFileSync(target, broken);
    const runOnce = () =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [BIN, '--fix', '--now', NOW, '.'], { cwd, stdio: 'ignore' });
        child.once('exit', (code) => resolve(code ?? -1));
      });
    const codes = await Promise.all([runOnce(), runOnce(), runOnce()]);
    expect(codes.every((c) => c === 0 || c === 1)).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(broken.replace('7990  \n', '7990\n').replace(/^server\.port=7990\n/m, ''));
    expect(readdirSync(cwd)).toEqual(['bitbucket.properties']);
  });
});

describe('determinism', () => {
  it('the same inputs give byte-identical output, whatever the order of the paths', async () => {
    const paths = ['fixtures/ssh', 'examples/mirror', 'fixtures/pki/mirror-chain.pem', 'fixtures/logs'];
    const a = JSON.stringify(await lint(paths, { cwd: ROOT, now: NOW }));
    const b = JSON.stringify(await lint([...paths].reverse(), { cwd: ROOT, now: NOW }));
    const c = JSON.stringify(await lint(paths, { cwd: ROOT, now: NOW }));
    expect(b).toBe(a);
    expect(c).toBe(a);
  });
});
