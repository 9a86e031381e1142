/** Writing output files and fixed files without losing anything: content, owner, mode, links, special files. */
import { mkdirSync, promises as fs, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import writeFileAtomicLib from 'write-file-atomic';
import { FileAccessError } from '../model/errors';

export { FileAccessError } from '../model/errors';

/**
 * Writes `data` to `target` so that readers see the old or the new content, never a mix, and the file
 * keeps what it had:
 * - a symbolic link is written through to the file it points at (the link stays a link);
 * - a regular file is replaced atomically by write-file-atomic (temporary file in the same folder,
 *   fsync, rename), keeping its mode and, when run as root, its owner and group;
 * - a FIFO, a device or any other special file (/dev/stdout, /dev/null) is written in place, never
 *   replaced by a regular file;
 * - a new file gets its missing folders created.
 * Errors name `shown` (the path as the user gave it), never the temporary file.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, shown: string = target): Promise<void> {
  let real = target;
  let stats: Stats | undefined;
  try {
    real = realpathSync(target);
    stats = statSync(real);
  } catch {
    // a new file (or a dangling link, written where it points): no stats
  }
  try {
    if (stats && !stats.isFile()) {
      if (stats.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      await fs.writeFile(real, data);
      return;
    }
    if (!stats) {
      try {
        mkdirSync(path.dirname(real), { recursive: true });
      } catch (error) {
        // A file where a folder of the path should be.
        throw (error as NodeJS.ErrnoException).code === 'EEXIST' ? Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }) : error;
      }
    }
    await writeFileAtomicLib(real, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  } catch (error) {
    throw new FileAccessError('write', shown, error);
  }
}
