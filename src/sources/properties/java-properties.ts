/** java.util.Properties.load(InputStream) over the file's bytes: logical lines, keys and values, with offsets. */
import { isBlank, splitKeyValue, unescape } from './java-key-value';

/**
 * One property as Java reads it. Offsets index the ISO-8859-1 text of the file (one character per
 * byte, which is how load(InputStream) decodes), so they are byte offsets too.
 */
export interface JavaProperty {
  /** The key and value Java puts in the table. */
  key: string;
  value: string;
  /** The key and value as written, continuations removed, escapes kept. */
  rawKey: string;
  rawValue: string;
  /** Where the logical line starts (its first character after leading whitespace) and ends (its last line break, or the end). */
  start: number;
  end: number;
  /** Offsets of the key's characters: first, and just past the last; of the value's first character. */
  keyEnd: number;
  valueStart: number;
  /** The file offset of each character of rawKey + rawValue's logical line, for positions inside them. */
  offsetOf(index: number): number;
  /** Index in the logical line where rawValue starts. */
  valueIndex: number;
  /** Whether `=` or `:` separates key and value (whitespace alone may). */
  hasSeparator: boolean;
  /** A `\u` not followed by four hex digits: Java refuses the whole file. Offsets of the escape. */
  malformedEscape?: { start: number; end: number };
}

const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;

/** A logical line: its characters as contiguous runs of the text, continuation backslashes left out. */
interface LogicalLine {
  /** Pairs of [from, to) offsets, flattened: one pair for a line without continuations. */
  runs: number[];
  length: number;
  start: number;
  end: number;
}

/**
 * The offset of the next \r or \n at or after `from` (or -1), for `from` that only grows. Each kind of
 * break is searched for again only once passed: a file of \n lines has no \r, and looking for one
 * from every line scanned the rest of the file each time (a million lines took minutes).
 */
function lineBreaks(text: string): (from: number) => number {
  let lf = -2;
  let cr = -2;
  return (from) => {
    if (lf !== -1 && lf < from) lf = text.indexOf('\n', from);
    if (cr !== -1 && cr < from) cr = text.indexOf('\r', from);
    return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  };
}

/** Drops the last character of the runs (the backslash of a continuation). */
function dropLast(runs: number[]): void {
  const last = runs.length - 1;
  if (last < 1) return;
  runs[last] = (runs[last] as number) - 1;
  if ((runs[last] as number) <= (runs[last - 1] as number)) runs.length -= 2;
}

/**
 * Java's LineReader (Java 9 and later): comments and blank lines are skipped, an odd run of
 * backslashes at a line end joins the next line (whose leading blanks are dropped), and a line holding
 * only that backslash starts the next line afresh, so a `#` line after it is a comment.
 */
function* logicalLines(text: string): Generator<LogicalLine> {
  const n = text.length;
  const lineBreak = lineBreaks(text);
  let i = 0;
  for (;;) {
    let skipBlanks = true;
    let appendedLineBegin = false;
    let precedingBackslash = false;
    let skipLF = false;
    let length = 0;
    let start = -1;
    const runs: number[] = [];
    let runFrom = -1;
    let end: number;
    let dropTrailing = false;
    for (;;) {
      if (i >= n) {
        if (length === 0) return;
        end = n;
        dropTrailing = precedingBackslash;
        break;
      }
      const c = text.charCodeAt(i);
      i += 1;
      if (skipLF) {
        skipLF = false;
        if (c === LF) continue;
      }
      if (skipBlanks) {
        if (isBlank(c)) continue;
        if (!appendedLineBegin && (c === CR || c === LF)) continue;
        skipBlanks = false;
        appendedLineBegin = false;
      }
      if (length === 0 && (c === 0x23 || c === 0x21)) {
        // A comment: the rest of the physical line. At the end of the file there is no line to return.
        const next = lineBreak(i);
        if (next < 0) return;
        i = next + 1;
        skipBlanks = true;
        continue;
      }
      if (length === 0 && start < 0 && c !== LF && c !== CR) {
        // Most lines hold no continuation: take the whole physical line at once when it does not end
        // in an odd run of backslashes (the character loop below gives the same line, slower).
        const next = lineBreak(i);
        const eol = next < 0 ? n : next;
        let slashes = 0;
        while (eol - 1 - slashes >= i - 1 && text.charCodeAt(eol - 1 - slashes) === BACKSLASH) slashes += 1;
        if (slashes % 2 === 0) {
          start = i - 1;
          runs.push(i - 1, eol);
          length = eol - (i - 1);
          end = eol;
          i = next < 0 ? n : next + 1;
          break;
        }
      }
      if (c !== LF && c !== CR) {
        if (start < 0) start = i - 1;
        if (runFrom < 0) runFrom = i - 1;
        length += 1;
        precedingBackslash = c === BACKSLASH ? !precedingBackslash : false;
        continue;
      }
      // A line break.
      if (length === 0) {
        skipBlanks = true;
        continue;
      }
      if (i >= n) {
        end = i - 1;
        dropTrailing = precedingBackslash;
        break;
      }
      if (precedingBackslash) {
        // The backslash joins the next physical line and is not part of the logical one.
        if (runFrom >= 0 && i - 1 > runFrom) runs.push(runFrom, i - 1);
        runFrom = -1;
        dropLast(runs);
        length -= 1;
        // A line of only the backslash: the logical line begins at the next character written.
        if (length === 0) start = -1;
        skipBlanks = true;
        appendedLineBegin = true;
        precedingBackslash = false;
        if (c === CR) skipLF = true;
        continue;
      }
      end = i - 1;
      break;
    }
    if (runFrom >= 0 && end > runFrom) runs.push(runFrom, end);
    if (dropTrailing) {
      dropLast(runs);
      length -= 1;
    }
    yield { runs, length, start: start < 0 ? end : start, end };
  }
}

/** The text offset of character `index` of a logical line. */
function offsetIn(line: LogicalLine, index: number): number {
  const runs = line.runs;
  let passed = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const from = runs[r] as number;
    const size = (runs[r + 1] as number) - from;
    if (index < passed + size) return from + (index - passed);
    passed += size;
  }
  return runs.length > 0 ? (runs[runs.length - 1] as number) : line.start;
}

/** Every property of the text in file order, duplicates included, as Java's load reads them. */
export function readJavaProperties(text: string): JavaProperty[] {
  return readJavaPropertiesUpTo(text, Infinity).properties;
}

/** The first `max` properties, and where the first one left unread starts (when there is one). */
export function readJavaPropertiesUpTo(text: string, max: number): { properties: JavaProperty[]; unreadFrom?: number } {
  const properties: JavaProperty[] = [];
  for (const line of logicalLines(text)) {
    if (properties.length >= max) return { properties, unreadFrom: line.start };
    const runs = line.runs;
    let chars = '';
    for (let r = 0; r < runs.length; r += 2) chars += text.slice(runs[r], runs[r + 1]);
    const { keyLength, valueIndex, hasSeparator } = splitKeyValue(chars);
    const rawKey = chars.slice(0, keyLength);
    const rawValue = chars.slice(valueIndex);
    const key = unescape(rawKey);
    const value = unescape(rawValue);
    const malformedIndex = key.malformedAt ?? (value.malformedAt === undefined ? undefined : valueIndex + value.malformedAt);
    const offsetOf = (index: number): number => offsetIn(line, index);
    const property: JavaProperty = {
      key: key.text,
      value: value.text,
      rawKey,
      rawValue,
      start: line.start,
      end: line.end,
      keyEnd: keyLength === 0 ? line.start : offsetOf(keyLength - 1) + 1,
      valueStart: offsetOf(valueIndex),
      offsetOf,
      valueIndex,
      hasSeparator,
    };
    if (malformedIndex !== undefined) {
      const from = offsetOf(malformedIndex);
      const last = Math.min(chars.length, malformedIndex + 6) - 1;
      property.malformedEscape = { start: from, end: offsetOf(last) + 1 };
    }
    properties.push(property);
  }
  return { properties };
}
