/** --cache: per-file results reused when nothing they depend on changed, kept in one file written atomically. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from './atomic-write';
import type { FileResult } from '../model/report';

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

/** A cached result as this version writes it; anything else in the file means it is damaged. */
function isEntry(value: unknown): value is Omit<FileResult, 'file'> {
  if (!value || typeof value !== 'object') return false;
  const entry = value as { kind?: unknown; diagnostics?: unknown; suppressed?: unknown };
  const diagnostics = (list: unknown) =>
    Array.isArray(list) &&
    list.every(
      (d) =>
        d &&
        typeof d === 'object' &&
        typeof (d as { ruleId?: unknown }).ruleId === 'string' &&
        typeof (d as { line?: unknown }).line === 'number' &&
        Array.isArray((d as { fix?: unknown }).fix),
    );
  return (
    typeof entry.kind === 'string' && diagnostics(entry.diagnostics) && (entry.suppressed === undefined || diagnostics(entry.suppressed))
  );
}

export class ResultCache {
  private readonly used = new Map<string, Omit<FileResult, 'file'>>();
  private changed = false;

  private constructor(
    private readonly location: string,
    private readonly entries: Record<string, Omit<FileResult, 'file'>>,
    /** Why the file on disk was not used, when it was not: said once on stderr, never a failure. */
    readonly warning?: string,
  ) {}

  /** The cache at `location`; a missing one starts empty, a damaged one too, with a warning. */
  static async open(location: string, shown = location): Promise<ResultCache> {
    let text: string;
    try {
      text = await fs.readFile(location, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return new ResultCache(location, {});
      return new ResultCache(
        location,
        {},
        `the cache ${shown} cannot be read (${code === 'EISDIR' ? 'it is a folder' : (code ?? 'error')}); linting without it`,
      );
    }
    try {
      const data = JSON.parse(text) as Partial<CacheFile>;
      const entries = data.entries && typeof data.entries === 'object' ? Object.values(data.entries) : undefined;
      if (data.version === 1 && entries && entries.every(isEntry)) return new ResultCache(location, data.entries as CacheFile['entries']);
    } catch {
      // not JSON: damaged below
    }
    return new ResultCache(location, {}, `the cache ${shown} is damaged or from another version; it is rebuilt`);
  }

  get(key: string, file: string): FileResult | undefined {
    const entry = this.entries[key];
    if (!entry) return undefined;
    this.used.set(key, entry);
    const relocate = <T extends { file: string }>(d: T): T => ({ ...d, file });
    return {
      file,
      ...entry,
      diagnostics: entry.diagnostics.map(relocate),
      ...(entry.suppressed ? { suppressed: entry.suppressed.map(relocate) } : {}),
    };
  }

  set(key: string, result: FileResult): void {
    const entry: Omit<FileResult, 'file'> & { file?: string } = { ...result };
    delete entry.file;
    this.used.set(key, entry);
    this.changed = true;
  }

  /**
   * Keeps the entries this run used (so the file does not grow without end) and writes them
   * atomically. A cache that cannot be written never costs the run its report: the reason is returned.
   */
  async save(shown = this.location): Promise<string | undefined> {
    if (!this.changed && this.used.size === Object.keys(this.entries).length) return undefined;
    const data: CacheFile = { version: 1, entries: Object.fromEntries([...this.used].sort(([a], [b]) => (a < b ? -1 : 1))) };
    try {
      await writeFileAtomic(this.location, `${JSON.stringify(data)}\n`, shown);
      return undefined;
    } catch (error) {
      return `${error instanceof Error ? error.message : String(error)}; the results were not cached`;
    }
  }
}
