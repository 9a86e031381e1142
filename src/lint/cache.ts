import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from './atomic-write';
import type { FileResult } from './report';

/**
 * `--cache`: per-file results reused when nothing they depend on has changed (ESLint's cache is the
 * model). The key of a result covers the file's bytes and mode, its path, the tool version, the
 * active rules and settings, the run context the file was judged in, and what other files of the run
 * contributed (the first place of each of its SSH keys). Kinds whose findings depend on the clock or
 * on the network (certificates, probes) or that stream (logs) are never cached, so a stale entry can
 * never hide a new finding. The file is replaced atomically; a damaged cache is ignored.
 */
export const CACHEABLE_KINDS: readonly string[] = ['properties', 'ssh-key'];

interface CacheFile {
  version: 1;
  entries: Record<string, Omit<FileResult, 'file'>>;
}

export function digest(...parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export class ResultCache {
  private readonly used = new Map<string, Omit<FileResult, 'file'>>();
  private changed = false;

  private constructor(
    private readonly location: string,
    private readonly entries: Record<string, Omit<FileResult, 'file'>>,
  ) {}

  static async open(location: string): Promise<ResultCache> {
    try {
      const data = JSON.parse(await fs.readFile(location, 'utf8')) as CacheFile;
      if (data.version === 1 && data.entries && typeof data.entries === 'object') return new ResultCache(location, data.entries);
    } catch {
      // missing or damaged: start empty
    }
    return new ResultCache(location, {});
  }

  get(key: string, file: string): FileResult | undefined {
    const entry = this.entries[key];
    if (!entry) return undefined;
    this.used.set(key, entry);
    const relocate = <T extends { file: string }>(d: T): T => ({ ...d, file });
    return { file, ...entry, diagnostics: entry.diagnostics.map(relocate), ...(entry.suppressed ? { suppressed: entry.suppressed.map(relocate) } : {}) };
  }

  set(key: string, result: FileResult): void {
    const entry: Omit<FileResult, 'file'> & { file?: string } = { ...result };
    delete entry.file;
    this.used.set(key, entry);
    this.changed = true;
  }

  /** Keeps the entries this run used (so the file does not grow without end) and writes them atomically. */
  async save(): Promise<void> {
    if (!this.changed && this.used.size === Object.keys(this.entries).length) return;
    const data: CacheFile = { version: 1, entries: Object.fromEntries([...this.used].sort(([a], [b]) => (a < b ? -1 : 1))) };
    await writeFileAtomic(this.location, `${JSON.stringify(data)}\n`);
  }
}
