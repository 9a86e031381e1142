/** The log source: atlassian-bitbucket.log streamed once, counting the lines that match each signature the rules ask for. */
import { createReadStream } from 'node:fs';
import { FILE_START } from '../../model/diagnostic';
import { LIMITS } from '../../model/limits';
import type { FactSource, FileFacts } from '../source';
import { logDescriptor } from './descriptor';
import { LineSplitter } from './lines';
import { isUntrusted, ruleRegExp } from '../../util/rule-regexp';

interface Scan {
  regexp: RegExp;
  count: number;
  firstLine: number | undefined;
  /** From a custom rule: on the linear engine, never in the prefilter. */
  untrusted: boolean;
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
  /** Scans the prefilter covers, and those tested on every line. */
  private readonly joined: Scan[];
  private readonly alone: Scan[];
  lineCount = 0;
  longLineCount = 0;
  firstLongLine: number | undefined;

  constructor(queryParams: readonly Record<string, unknown>[]) {
    for (const params of queryParams) {
      const key = keyOf(params);
      if (typeof params['pattern'] !== 'string' || this.scans.has(key)) continue;
      try {
        const flags = typeof params['flags'] === 'string' ? params['flags'] : '';
        this.scans.set(key, {
          regexp: ruleRegExp(params['pattern'], flags),
          count: 0,
          firstLine: undefined,
          untrusted: isUntrusted(params['pattern'], flags),
        });
      } catch {
        // rule files are validated at load; a pattern that still fails to compile matches nothing
      }
    }
    // One prefilter of the built-in patterns skips the lines that match none of them (nearly all). A
    // custom rule's pattern runs on the linear engine and is tested on its own; so is one that refers
    // back to its own groups, which a union would renumber.
    const joinable = [...this.scans.values()].filter((s) => !s.untrusted && !/\\[1-9]|\\k</.test(s.regexp.source));
    this.alone = [...this.scans.values()].filter((s) => !joinable.includes(s));
    const caseless = joinable.some((s) => s.regexp.flags.includes('i'));
    try {
      // Group names are dropped: two rules may name a group alike, which one regex cannot.
      const union = joinable.map((s) => `(?:${s.regexp.source.replace(/\(\?<(?![=!])[^>]*>/g, '(?:')})`).join('|');
      this.any = joinable.length > 0 ? new RegExp(union, caseless ? 'i' : '') : undefined;
    } catch {
      this.any = undefined;
      this.alone = [...this.scans.values()];
    }
    this.joined = this.any ? joinable : [];
  }

  /** A line, cut to its first LIMITS.logLineBytes bytes when `cut`. */
  feed(line: string, cut = false): void {
    this.lineCount += 1;
    if (cut) {
      this.longLineCount += 1;
      this.firstLongLine ??= this.lineCount;
    }
    for (const scan of this.alone) this.test(scan, line);
    if (!this.any?.test(line)) return;
    for (const scan of this.joined) this.test(scan, line);
  }

  private test(scan: Scan, line: string): void {
    if (scan.regexp.test(line)) {
      scan.count += 1;
      scan.firstLine ??= this.lineCount;
    }
  }

  result(): FileFacts {
    const lookup = (params: Record<string, unknown>) => this.scans.get(keyOf(params));
    return {
      kind: 'log',
      items: [
        {
          scope: 'file',
          span: FILE_START,
          facts: {
            lineCount: this.lineCount,
            longLineCount: this.longLineCount,
            firstLongLine: this.firstLongLine,
            lineLimitKiB: Math.floor(LIMITS.logLineBytes / 1024),
          },
        },
      ],
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
  parse(bytes, _file, queryParams = []): FileFacts {
    const scanner = new SignatureScanner(queryParams);
    const lines = new LineSplitter({ line: (text, cut) => scanner.feed(text, cut) });
    lines.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    lines.end();
    return scanner.result();
  },
  async parseFile(absolute, _file, queryParams): Promise<FileFacts> {
    const scanner = new SignatureScanner(queryParams);
    const lines = new LineSplitter({ line: (text, cut) => scanner.feed(text, cut) });
    for await (const chunk of createReadStream(absolute, { highWaterMark: 1 << 20 })) lines.push(chunk as Buffer);
    lines.end();
    return scanner.result();
  },
};
