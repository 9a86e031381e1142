/** java.util.Properties.load(InputStream) over the file's bytes: logical lines, keys and values, with offsets. */

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

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0c;
}

/** A logical line: its characters as contiguous runs of the text, continuation backslashes left out. */
interface LogicalLine {
  runs: { from: number; to: number }[];
  length: number;
  start: number;
  end: number;
}

/**
 * Java's LineReader (Java 9 and later): comments and blank lines are skipped, an odd run of
 * backslashes at a line end joins the next line (whose leading blanks are dropped), and a line holding
 * only that backslash starts the next line afresh, so a `#` line after it is a comment.
 */
function* logicalLines(text: string): Generator<LogicalLine> {
  const n = text.length;
  let i = 0;
  for (;;) {
    let skipBlanks = true;
    let appendedLineBegin = false;
    let precedingBackslash = false;
    let skipLF = false;
    let length = 0;
    let start = -1;
    const runs: { from: number; to: number }[] = [];
    let runFrom = -1;
    const closeRun = (to: number) => {
      if (runFrom >= 0 && to > runFrom) runs.push({ from: runFrom, to });
      runFrom = -1;
    };
    const finish = (end: number, dropLast: boolean): LogicalLine => {
      closeRun(end);
      if (dropLast) trimLast(runs);
      return { runs, length: dropLast ? length - 1 : length, start: start < 0 ? end : start, end };
    };
    let line: LogicalLine | undefined;
    for (;;) {
      if (i >= n) {
        if (length === 0) return;
        line = finish(n, precedingBackslash);
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
        let ended = false;
        while (i < n) {
          const d = text.charCodeAt(i);
          i += 1;
          if (d === CR || d === LF) {
            ended = true;
            break;
          }
        }
        if (!ended) return;
        skipBlanks = true;
        continue;
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
        line = finish(i - 1, precedingBackslash);
        break;
      }
      if (precedingBackslash) {
        // The backslash joins the next physical line and is not part of the logical one.
        closeRun(i - 1);
        trimLast(runs);
        length -= 1;
        // A line of only the backslash: the logical line begins at the next character written.
        if (length === 0) start = -1;
        skipBlanks = true;
        appendedLineBegin = true;
        precedingBackslash = false;
        if (c === CR) skipLF = true;
        continue;
      }
      line = finish(i - 1, false);
      break;
    }
    yield line;
  }
}

function trimLast(runs: { from: number; to: number }[]): void {
  const last = runs[runs.length - 1];
  if (!last) return;
  last.to -= 1;
  if (last.to <= last.from) runs.pop();
}

/** Java's loadConvert: escapes resolved; a malformed `\u` is noted (Java throws) and read leniently. */
function unescape(raw: string): { text: string; malformedAt?: number } {
  if (!raw.includes('\\')) return { text: raw };
  let out = '';
  let malformedAt: number | undefined;
  let i = 0;
  while (i < raw.length) {
    const c = raw[i] ?? '';
    i += 1;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[i] ?? '';
    i += 1;
    if (next === 'u') {
      const hex = raw.slice(i, i + 4);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else {
        malformedAt ??= i - 2;
        out += 'u';
      }
      continue;
    }
    out += next === 't' ? '\t' : next === 'r' ? '\r' : next === 'n' ? '\n' : next === 'f' ? '\f' : next;
  }
  return { text: out, malformedAt };
}

/** Splits a logical line into key and value as Properties.load0 does. */
function splitKeyValue(chars: string): { keyLength: number; valueIndex: number; hasSeparator: boolean } {
  const limit = chars.length;
  let keyLength = 0;
  let valueIndex = limit;
  let hasSeparator = false;
  let precedingBackslash = false;
  while (keyLength < limit) {
    const c = chars.charCodeAt(keyLength);
    if ((c === 0x3d || c === 0x3a) && !precedingBackslash) {
      valueIndex = keyLength + 1;
      hasSeparator = true;
      break;
    }
    if (isBlank(c) && !precedingBackslash) {
      valueIndex = keyLength + 1;
      break;
    }
    precedingBackslash = c === BACKSLASH ? !precedingBackslash : false;
    keyLength += 1;
  }
  while (valueIndex < limit) {
    const c = chars.charCodeAt(valueIndex);
    if (!isBlank(c)) {
      if (!hasSeparator && (c === 0x3d || c === 0x3a)) hasSeparator = true;
      else break;
    }
    valueIndex += 1;
  }
  return { keyLength, valueIndex, hasSeparator };
}

/** Every property of the text in file order, duplicates included, as Java's load reads them. */
export function readJavaProperties(text: string): JavaProperty[] {
  const properties: JavaProperty[] = [];
  for (const line of logicalLines(text)) {
    const chars = line.runs.length === 1 ? text.slice(line.runs[0]?.from, line.runs[0]?.to) : line.runs.map((r) => text.slice(r.from, r.to)).join('');
    const runs = line.runs;
    const offsetOf = (index: number): number => {
      let passed = 0;
      for (const run of runs) {
        const size = run.to - run.from;
        if (index < passed + size) return run.from + (index - passed);
        passed += size;
      }
      const last = runs[runs.length - 1];
      return last ? last.to : line.start;
    };
    const { keyLength, valueIndex, hasSeparator } = splitKeyValue(chars);
    const rawKey = chars.slice(0, keyLength);
    const rawValue = chars.slice(valueIndex);
    const key = unescape(rawKey);
    const value = unescape(rawValue);
    const malformedIndex = key.malformedAt ?? (value.malformedAt === undefined ? undefined : valueIndex + value.malformedAt);
    const property: JavaProperty = {
      key: key.text,
      value: value.text,
      rawKey,
      rawValue,
      start: line.start,
      end: line.end,
      keyEnd: offsetOf(keyLength - 1) + 1,
      valueStart: offsetOf(valueIndex),
      offsetOf,
      valueIndex,
      hasSeparator,
    };
    if (keyLength === 0) property.keyEnd = line.start;
    if (malformedIndex !== undefined) {
      const from = offsetOf(malformedIndex);
      const last = Math.min(chars.length, malformedIndex + 6) - 1;
      property.malformedEscape = { start: from, end: offsetOf(last) + 1 };
    }
    properties.push(property);
  }
  return properties;
}
