import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FILE_START } from '../../facts/diagnostic';
import type { FactSource, ParsedFile } from '../source';
import { logDescriptor } from './descriptor';

interface Scan {
  regexp: RegExp;
  count: number;
  firstLine: number | undefined;
}

function keyOf(params: Record<string, unknown>): string {
  return `${String(params['flags'] ?? '')}/${String(params['pattern'] ?? '')}`;
}

/**
 * Counts the lines matching each signature the rules look for (the `pattern` params of their
 * matchCount/firstMatch facts), in one pass. A combined regex skips the lines that match none,
 * which is nearly all of them.
 */
class SignatureScanner {
  private readonly scans = new Map<string, Scan>();
  private readonly any: RegExp | undefined;
  lineCount = 0;

  constructor(queryParams: readonly Record<string, unknown>[]) {
    for (const params of queryParams) {
      const key = keyOf(params);
      if (typeof params['pattern'] !== 'string' || this.scans.has(key)) continue;
      try {
        const flags = typeof params['flags'] === 'string' ? params['flags'].replace(/[gy]/g, '') : '';
        this.scans.set(key, { regexp: new RegExp(params['pattern'], flags), count: 0, firstLine: undefined });
      } catch {
        // rule files are validated at load; a pattern that still fails to compile matches nothing
      }
    }
    const list = [...this.scans.values()];
    const caseless = list.some((s) => s.regexp.flags.includes('i'));
    this.any = list.length > 0 ? new RegExp(list.map((s) => `(?:${s.regexp.source})`).join('|'), caseless ? 'i' : '') : undefined;
  }

  feed(line: string): void {
    this.lineCount += 1;
    if (!this.any?.test(line)) return;
    for (const scan of this.scans.values()) {
      if (scan.regexp.test(line)) {
        scan.count += 1;
        scan.firstLine ??= this.lineCount;
      }
    }
  }

  result(): ParsedFile {
    const lookup = (params: Record<string, unknown>) => this.scans.get(keyOf(params));
    return {
      kind: 'log',
      items: [{ scope: 'file', span: FILE_START, facts: { lineCount: this.lineCount } }],
      secrets: [],
      hints: {},
      locate: () => undefined,
      queries: {
        matchCount: (params) => lookup(params)?.count ?? 0,
        /** The first matching line, as a location; the line's text is never copied into a message. */
        firstMatch: (params) => {
          const line = lookup(params)?.firstLine;
          return line === undefined ? undefined : { line, column: 1, endLine: line, endColumn: 1 };
        },
      },
    };
  }
}

/** Bitbucket's atlassian-bitbucket.log: streamed line by line, so memory stays flat for a log of any size. */
export const logSource: FactSource = {
  ...logDescriptor,
  parse(bytes, _file, queryParams = []): ParsedFile {
    const scanner = new SignatureScanner(queryParams);
    for (const line of Buffer.from(bytes).toString('utf8').split(/\r?\n/)) scanner.feed(line);
    return scanner.result();
  },
  async parseFile(absolute, _file, queryParams): Promise<ParsedFile> {
    const scanner = new SignatureScanner(queryParams);
    const reader = createInterface({ input: createReadStream(absolute, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    for await (const line of reader) scanner.feed(line);
    return scanner.result();
  },
};
