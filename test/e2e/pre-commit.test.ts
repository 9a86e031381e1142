import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/cli';
import { MIRROR_PLAIN_HTTP, mirrorConfig } from '../support/rule-tester';

/**
 * End to end with the real pre-commit framework (Debian's package; .ci/run installs it): the hook
 * in .pre-commit-hooks.yaml is installed from this repository as pre-commit does for users.
 */
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
if (!hasPreCommit && process.env['CI']) throw new Error('pre-commit is not installed; .ci/run should have installed it');
const maybe = hasPreCommit ? describe : describe.skip;

maybe('pre-commit hook', () => {
  jest.setTimeout(300_000);

  it('fails on a broken config naming the rule, and passes once it is fixed', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'bml-precommit-'));
    const env = { ...process.env, PRE_COMMIT_HOME: path.join(repo, '.cache'), PRE_COMMIT_COLOR: 'never', NO_COLOR: '1' };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env });
    git('init', '-q');
    git('config', 'user.email', 'admin@example.com');
    git('config', 'user.name', 'Mirror Admin');
    writeFileSync(path.join(repo, '.gitignore'), '.cache/\n');
    writeFileSync(path.join(repo, 'bitbucket.properties'), MIRROR_PLAIN_HTTP);
    git('add', '.');
    const tryRepo = () =>
      spawnSync('pre-commit', ['try-repo', ROOT, 'bitbucket-mirror-lint', '--all-files'], {
        cwd: repo,
        env,
        encoding: 'utf8',
        timeout: 280_000,
      });

    const broken = tryRepo();
    expect(broken.stdout).toMatch(/bitbucket-mirror-lint\.+Failed/);
    expect(broken.stdout).toContain('mirror/no-https');
    expect(broken.status).toBe(1);

    writeFileSync(path.join(repo, 'bitbucket.properties'), mirrorConfig());
    git('add', '.');
    const fixed = tryRepo();
    expect(fixed.stdout).toMatch(/bitbucket-mirror-lint\.+Passed/);
    expect(fixed.status).toBe(0);
  });
});
