/** Reading files: one candidate in, the facts its source made of it (or an I/O finding) out; never throws. */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { FILE_START, type Diagnostic } from '../model/diagnostic';
import { FILE_SYSTEM_SCOPE } from '../engine/rule-kinds';
import type { RuleRunner } from '../engine/runner';
import { detectKind, loadSource, SOURCES, type SourceEntry } from '../sources/registry';
import type { FactSource, ParseOptions, FileFacts } from '../sources/source';
import { digest } from './cache';
import { DIRECTIVE_MARK, parseDirectives, type Directive } from './directives';
import { describeError, type Candidate } from './discover';
import { IO_UNKNOWN_KIND, IO_UNREADABLE, type FileResult } from '../model/report';
import { UsageError } from '../model/errors';
import type { ReadPlan } from './plan';

const SNIFF_BYTES = 4096;

export function ioDiagnostic(file: string, ruleId: string, message: string, severity: Diagnostic['severity']): Diagnostic {
  return { ruleId, severity, message, file, ...FILE_START, fix: [], reference: 'bitbucket-mirror-lint' };
}

/** A file read: the facts its source made of it, and what the run needs besides. */
export interface ReadFile {
  file: string;
  facts: FileFacts;
  /** SHA-256 of the file's bytes and mode, for the result cache. */
  digest?: string;
  /** Inline disable comments, found when the file was read (so its text need not be kept). */
  directives: Directive[];
}

/**
 * Files in flight at once. Files are read synchronously (see readStart), so this matters for the
 * kinds that stream (logs), whose reads overlap.
 */
export const READ_CONCURRENCY = 32;

export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** How to read, and the runner whose rules say what a scanning source looks for. */
export interface ReadSettings extends ReadPlan {
  runner: RuleRunner;
}

/** Files up to this size are read whole in one go; larger ones get their head read first. */
const WHOLE_READ_BYTES = 1024 * 1024;

/**
 * The first `length` bytes of a file (all of it when shorter): one open, reads, one close.
 * Reading a small file whole at once, instead of its head to sniff the kind and then all of it,
 * halves the file-system calls of a bulk run. Synchronous, as ESLint reads its files: 10,000 small
 * files take 90 ms this way and 430 ms through promises (with the thread busy for most of it).
 */
function readStart(absolute: string, length: number): Buffer {
  const fd = openSync(absolute, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const bytesRead = readSync(fd, buffer, filled, length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/** Adds the facts about the file on disk (its mode) as one item of scope "file-system". */
function withFileSystem(facts: FileFacts, mode: number, absolute: string): FileFacts {
  facts.items.push({
    scope: FILE_SYSTEM_SCOPE,
    span: FILE_START,
    facts: {
      mode: `0${mode.toString(8).padStart(3, '0')}`,
      groupOrOthersHaveAccess: (mode & 0o077) !== 0,
      holdsSecrets: facts.holdsSecrets === true,
      platform: process.platform,
      inGitWorkTree: inGitWorkTree(path.dirname(absolute)),
    },
  });
  return facts;
}

/** Folders known to be inside (or outside) a git work tree: a fleet's files share their folders. */
const gitFolders = new Map<string, boolean>();

/**
 * Whether a folder is in a git work tree (a `.git` folder or file in it or above it). There, a
 * file's mode says nothing: git keeps only the executable bit, so every checkout makes it 0644.
 */
export function inGitWorkTree(folder: string): boolean {
  const known = gitFolders.get(folder);
  if (known !== undefined) return known;
  let found: boolean;
  if (existsSync(path.join(folder, '.git'))) found = true;
  else {
    const parent = path.dirname(folder);
    found = parent !== folder && inGitWorkTree(parent);
  }
  gitFolders.set(folder, found);
  return found;
}

/** Why a file named explicitly is not linted. */
export function unknownKindMessage(file: string): string {
  return /\.properties$/i.test(file)
    ? 'not a Bitbucket properties file (it sets no key only Bitbucket reads, and is not named bitbucket*.properties); it was not checked'
    : 'no linter reads this kind of file; it was skipped';
}

export function unreadable(display: string, message: string): FileResult {
  return { file: display, kind: 'unreadable', diagnostics: [ioDiagnostic(display, IO_UNREADABLE, message, 'error')] };
}

/** The source of a file: the kind asked for, else the one its name and first bytes point to. */
export function sourceFor(kind: string | undefined, name: string, head: Uint8Array, explicit: boolean): SourceEntry | undefined {
  if (kind) return SOURCES.find((s) => s.kind === kind);
  return detectKind(name, Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, SNIFF_BYTES)).toString('latin1'), explicit);
}

/** A file's bytes parsed as `kind`, with its inline disable comments (looked for only in files that hold one). */
export function parseBytes(
  source: FactSource,
  kind: string,
  bytes: Uint8Array,
  file: string,
  runner: RuleRunner,
  options: ParseOptions = {},
): { facts: FileFacts; directives: Directive[] } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    facts: source.parse(bytes, file, runner.queryParams(kind), options),
    directives: buffer.includes(DIRECTIVE_MARK) ? parseDirectives(buffer.toString('latin1')) : [],
  };
}

/** A file held in memory: parsed as a file of that name would be, without facts about a file on disk. */
function readContent(candidate: Candidate, content: Uint8Array, settings: ReadSettings): ReadFile | FileResult {
  const { display } = candidate;
  const entry = sourceFor(settings.kind, display, content, true);
  if (!entry) {
    if (settings.kind) throw new UsageError(`unknown kind "${settings.kind}" (known: ${SOURCES.map((s) => s.kind).join(', ')})`);
    return { file: display, kind: 'unknown', diagnostics: [ioDiagnostic(display, IO_UNKNOWN_KIND, unknownKindMessage(display), 'info')] };
  }
  try {
    const { facts, directives } = parseBytes(loadSource(entry), entry.kind, content, display, settings.runner);
    const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    return { file: display, facts, directives, digest: settings.hash ? digest(bytes.toString('base64'), 'memory') : undefined };
  } catch (error) {
    return unreadable(display, `could not be read as ${entry.kind} (${error instanceof Error ? error.name : 'error'}); please report this`);
  }
}

/** Reads and parses one candidate; never throws. Streams the kinds that stream (logs); refuses huge files. */
export async function readCandidate(candidate: Candidate, settings: ReadSettings): Promise<ReadFile | FileResult | undefined> {
  const { display, absolute, explicit, content } = candidate;
  if (content) return readContent(candidate, content, settings);
  let size: number;
  let mode: number;
  let start: Buffer;
  try {
    const stat = statSync(absolute);
    mode = stat.mode & 0o777;
    if (!stat.isFile()) {
      // A FIFO or device would block or never end; only explicit ones are worth a word.
      return explicit ? unreadable(display, 'not a regular file; not read') : undefined;
    }
    size = stat.size;
    start = readStart(absolute, size <= WHOLE_READ_BYTES ? size : SNIFF_BYTES);
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // a dangling link found by a walk
    return unreadable(display, describeError(error));
  }
  const entry = candidate.trustAnchor ? SOURCES.find((s) => s.kind === 'pem') : sourceFor(settings.kind, absolute, start, explicit);
  if (!entry) {
    return explicit
      ? { file: display, kind: 'unknown', diagnostics: [ioDiagnostic(display, IO_UNKNOWN_KIND, unknownKindMessage(display), 'info')] }
      : undefined;
  }
  const source = loadSource(entry);
  try {
    if (source.parseFile) {
      return {
        file: display,
        facts: withFileSystem(await source.parseFile(absolute, display, settings.runner.queryParams(entry.kind)), mode, absolute),
        directives: [],
      };
    }
    if (size > settings.maxFileBytes) {
      const mib = (n: number) => `${Math.round(n / 1048576)} MiB`;
      return unreadable(display, `${mib(size)}, larger than the ${mib(settings.maxFileBytes)} limit for a ${entry.kind} file; not read`);
    }
    let bytes = start;
    if (start.length < size) {
      try {
        bytes = readFileSync(absolute);
      } catch (error) {
        return unreadable(display, describeError(error));
      }
    }
    const { facts, directives } = parseBytes(source, entry.kind, bytes, display, settings.runner, {
      trustAnchor: candidate.trustAnchor === true,
    });
    return {
      file: display,
      facts: withFileSystem(facts, mode, absolute),
      directives,
      digest: settings.hash ? digest(bytes.toString('base64'), mode) : undefined,
    };
  } catch (error) {
    // A parser bug must not take the other files down with it.
    // The error's name only: a parser's message may quote the file's content.
    return unreadable(display, `could not be read as ${entry.kind} (${error instanceof Error ? error.name : 'error'}); please report this`);
  }
}

/** Reads `candidates` (never throws): the files read, and results for files that could not be. */
export async function readAll(
  candidates: readonly Candidate[],
  settings: ReadSettings,
  tick: () => void = () => undefined,
): Promise<{ read: ReadFile[]; results: FileResult[] }> {
  const read: ReadFile[] = [];
  const results: FileResult[] = [];
  const outcomes = await mapBounded(candidates, READ_CONCURRENCY, async (candidate) => {
    const outcome = await readCandidate(candidate, settings);
    tick();
    return outcome;
  });
  for (const outcome of outcomes) {
    if (!outcome) continue;
    if ('facts' in outcome) read.push(outcome);
    else results.push(outcome);
  }
  return { read, results };
}
