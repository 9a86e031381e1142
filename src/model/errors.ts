/** The errors the linter throws on purpose, one family the CLI turns into a message and exit code 2. */

/** The base of every error meant for the user: its message says what failed and where. */
export class LinterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A mistake in how the linter was called (a bad option value). */
export class UsageError extends LinterError {}

/** A config file that cannot be used; the message names the file and what is wrong. */
export class ConfigError extends LinterError {}

/** Rule files that cannot be used; the message names each file and what is wrong in it. */
export class RuleLoadError extends LinterError {
  constructor(readonly problems: string[]) {
    super(`Invalid rule files:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** A file that could not be read or written; the message names the path the user gave and what failed. */
export class FileAccessError extends LinterError {
  constructor(
    readonly action: 'read' | 'write',
    readonly file: string,
    cause: unknown,
  ) {
    super(`cannot ${action} ${file}: ${describeError(cause, action)}`);
  }
}

/** What an errno means, in words, for a read or a write. */
export function describeError(error: unknown, action: 'read' | 'write' = 'read'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many symbolic links (a link loop?)';
    case 'EISDIR':
      return 'is a folder';
    default:
      return code
        ? `cannot be ${action === 'read' ? 'read' : 'written'} (${code})`
        : action === 'read'
          ? 'cannot be read'
          : 'cannot be written';
  }
}
