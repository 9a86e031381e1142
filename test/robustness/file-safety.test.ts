import { spawn } from 'node:child_process';
import { promises as fsp, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint } from '../../src';
import { writeFileAtomic } from '../../src/lint/atomic-write';
import { BIN, ROOT, runCli } from '../support/cli';
import { mirrorConfig, NOW } from '../support/rule-tester';

function dir(): string {
  return mkdtempSync(path.join(tmpdir(), 'bml-safety-'));
}

describe('atomic writes', () => {
  it('leave the original untouched and no temporary file when the rename fails', async () => {
    const cwd = dir();
    const target = path.join(cwd, 'bitbucket.properties');
    writeFileSync(target, 'original\n');
    const spy = jest.spyOn(fsp, 'rename').mockRejectedValueOnce(Object.assign(new Error('EXDEV'), { code: 'EXDEV' }));
    await expect(writeFileAtomic(target, 'new content\n')).rejects.toThrow('EXDEV');
    spy.mockRestore();
    expect(readFileSync(target, 'utf8')).toBe('original\n');
    expect(readdirSync(cwd)).toEqual(['bitbucket.properties']);
  });

  it('--fix leaves the file as it was when the write fails, and says so (exit 2)', async () => {
    const cwd = dir();
    const target = path.join(cwd, 'bitbucket.properties');
    writeFileSync(target, 'server.port=7990   \n');
    const spy = jest.spyOn(fsp, 'rename').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    const run = await runCli(['--fix'], { cwd });
    spy.mockRestore();
    expect(run.code).toBe(2);
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
