/** The real tools tests compare against: present here, or the test is skipped (never in CI, where .ci/run installs them). */
import { spawnSync } from 'node:child_process';

/** Whether `command` runs; in CI a missing tool fails the suite instead of skipping it. */
export function hasTool(command: string, args: string[] = ['--version'], packageName = command): boolean {
  const ok = spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  if (!ok && process.env['CI']) throw new Error(`${command} is not installed; .ci/run should have installed ${packageName}`);
  return ok;
}

/** `describe`, or `describe.skip` when the tool is missing outside CI. */
export function describeWithTool(command: string, args: string[] = ['--version'], packageName = command): jest.Describe {
  return hasTool(command, args, packageName) ? describe : describe.skip;
}
