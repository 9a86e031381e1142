/** A properties file as Java reads it (keys and values), placed where the admin's editor shows it (positions). */
import { isAscii } from 'node:buffer';
import type { Span } from '../../model/diagnostic';
import { LIMITS } from '../../model/limits';
import { readJavaPropertiesUpTo, type JavaProperty } from './java-properties';

/**
 * How an editor shows the file. Java itself always reads ISO-8859-1 (one character per byte), so
 * only positions and what the admin meant depend on this.
 */
export type DisplayEncoding = 'utf-8' | 'latin1' | 'utf-16le' | 'utf-16be';

/** One occurrence of a key in a properties file, as java.util.Properties.load(InputStream) reads it. */
export interface PropertyEntry {
  /** The key and value Java hands to Bitbucket: unescaped, continuations joined, trailing whitespace kept. */
  key: string;
  value: string;
  /** The key and value as written (escapes kept, continuations removed), in Java's reading. */
  rawKey: string;
  rawValue: string;
  /**
   * The key and value as the admin wrote them, read in the file's own encoding: they differ from
   * `key` and `value` when UTF-8 text outside ASCII is in them (Java reads `Café` as `CafÃ©`).
   */
  displayKey: string;
  displayValue: string;
  /** The raw value as the admin sees it (escapes kept), for fixes that rewrite it. */
  displayRawValue: string;
  /** UTF-8 text outside ASCII in the key or value, which Java reads as ISO-8859-1. */
  nonAscii: boolean;
  /** The first key of a file that starts with a UTF-8 byte order mark: Java keeps the mark in it. */
  bomInKey: boolean;
  /** Whether `=` or `:` separates key and value. */
  hasSeparator: boolean;
  span: Span;
  /** 1-based index among the occurrences of this key, and how many there are. */
  occurrence: number;
  occurrences: number;
  /** Java keeps the last occurrence; this is the line of that one. */
  effectiveLine: number;
  /** Unescaped whitespace Java keeps at the end of the value. */
  trailingWhitespace?: Span;
  /** A `\u` not followed by four hex digits; Java refuses the whole file. */
  malformedEscape?: Span;
  /** Offsets in the file's bytes (the ISO-8859-1 text), for fixes. */
  offsets: { start: number; keyEnd: number; valueStart: number; end: number; trailingWhitespace?: { from: number; to: number } };
}

export interface PropertiesDocument {
  entries: PropertyEntry[];
  /** The occurrence that wins for each key. */
  effective: Map<string, PropertyEntry>;
  encoding: DisplayEncoding;
  /** A UTF-8 byte order mark starts the file (Java reads it as three characters of the first line). */
  hadBom: boolean;
  containsNul: boolean;
  /** The file as Java reads it: one character per byte. */
  javaText: string;
  /** Where reading stopped, past LIMITS.propertiesPerFile properties (a million-line file took 1.6 GB): the rest is not read or judged. */
  unreadFromLine?: number;
}

const BOM = '\u00ef\u00bb\u00bf';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-16 by its byte order mark, or without one by its shape: text in which every other byte of the
 * first few dozen is NUL (how Windows' "Unicode" and PowerShell's older defaults write files).
 */
function utf16Of(bytes: Uint8Array): DisplayEncoding | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(32, Math.floor(bytes.length / 2));
  if (pairs < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i += 1) {
    const a = bytes[2 * i] ?? 0;
    const b = bytes[2 * i + 1] ?? 0;
    if (a === 0 && b >= 0x09 && b < 0x7f) evenNul += 1;
    if (b === 0 && a >= 0x09 && a < 0x7f) oddNul += 1;
  }
  if (oddNul === pairs) return 'utf-16le';
  if (evenNul === pairs) return 'utf-16be';
  return undefined;
}

/** Line starts (byte offsets) of the text: lines end at \n, \r\n or a lone \r, as Java reads them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) starts.push(i + 1);
    else if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i += 1;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Turns byte offsets into lines and columns as an editor shows them (columns in UTF-16 code units, as LSP and SARIF count). */
class Positions {
  private readonly starts: number[];

  constructor(
    private readonly text: string,
    private readonly encoding: DisplayEncoding,
    private readonly skip: number,
  ) {
    this.starts = lineStarts(text);
  }

  at(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    const from = (this.starts[low] ?? 0) + (low === 0 ? this.skip : 0);
    return { line: low + 1, column: this.width(from, Math.max(from, offset)) + 1 };
  }

  private width(from: number, to: number): number {
    if (this.encoding === 'latin1') return to - from;
    if (this.encoding !== 'utf-8') return Math.floor((to - from) / 2);
    let units = 0;
    for (let i = from; i < to; i += 1) {
      const byte = this.text.charCodeAt(i);
      if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
    }
    return units;
  }

  span(from: number, to: number): Span {
    const start = this.at(from);
    const end = this.at(to);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}

/** Java's reading of a run of the ISO-8859-1 text, read again as UTF-8 (what the admin typed). */
function asDisplayed(javaText: string, encoding: DisplayEncoding): string {
  return encoding === 'utf-8' ? Buffer.from(javaText, 'latin1').toString('utf8') : javaText;
}

/** Unescapes as Java does, leniently (for the displayed text; Java's own reading is in java-properties.ts). */
function unescapeDisplayed(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (_, escape: string) => {
    if (escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return escape === 't' ? '\t' : escape === 'r' ? '\r' : escape === 'n' ? '\n' : escape === 'f' ? '\f' : escape;
  });
}

/** Unescaped blanks at the end of the raw value (an odd run of backslashes keeps the first on purpose). */
function trailingBlanks(property: JavaProperty): { from: number; count: number } | undefined {
  // Scanned from the end: a regex anchored at the end is tried from every backslash of a long run.
  const raw = property.rawValue;
  let blanksStart = raw.length;
  while (blanksStart > 0 && ' \t\f'.includes(raw[blanksStart - 1] as string)) blanksStart -= 1;
  if (blanksStart === raw.length) return undefined;
  let slashes = 0;
  while (blanksStart - slashes > 0 && raw[blanksStart - slashes - 1] === '\\') slashes += 1;
  const escapedFirst = slashes % 2 === 1;
  const count = raw.length - blanksStart - (escapedFirst ? 1 : 0);
  if (count <= 0) return undefined;
  return { from: property.valueIndex + property.rawValue.length - count, count };
}

export function readPropertiesDocument(bytes: Uint8Array): PropertiesDocument {
  const javaText = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // Most files are ASCII: what Java reads is then what the admin sees, character for character.
  const ascii = isAscii(bytes);
  const utf16 = utf16Of(bytes);
  const hadBom = javaText.startsWith(BOM);
  const encoding: DisplayEncoding = utf16 ?? (ascii || isUtf8(bytes) ? 'utf-8' : 'latin1');
  const skip = utf16 && (bytes[0] === 0xff || bytes[0] === 0xfe) ? 2 : hadBom ? 3 : 0;
  const positions = new Positions(javaText, ascii ? 'latin1' : encoding, skip);
  const { properties: read, unreadFrom } = readJavaPropertiesUpTo(javaText, LIMITS.propertiesPerFile);

  const counts = new Map<string, number>();
  const lastLine = new Map<string, number>();
  const entries = read.map((property): PropertyEntry => {
    const span = positions.span(property.start, property.end);
    counts.set(property.key, (counts.get(property.key) ?? 0) + 1);
    lastLine.set(property.key, span.line);
    const blanks = trailingBlanks(property);
    const nonAscii = !ascii && encoding === 'utf-8' && /[\u0080-\uffff]/.test(property.rawKey + property.rawValue);
    const displayRawValue = nonAscii ? asDisplayed(property.rawValue, encoding) : property.rawValue;
    const entry: PropertyEntry = {
      key: property.key,
      value: property.value,
      rawKey: property.rawKey,
      rawValue: property.rawValue,
      displayKey: nonAscii ? unescapeDisplayed(asDisplayed(property.rawKey, encoding)) : property.key,
      displayValue: nonAscii ? unescapeDisplayed(displayRawValue) : property.value,
      displayRawValue,
      nonAscii,
      bomInKey: hadBom && property.start === 0,
      hasSeparator: property.hasSeparator,
      span,
      occurrence: counts.get(property.key) ?? 1,
      occurrences: 0,
      effectiveLine: 0,
      offsets: { start: property.start, keyEnd: property.keyEnd, valueStart: property.valueStart, end: property.end },
    };
    if (blanks) {
      const from = property.offsetOf(blanks.from);
      const to = property.offsetOf(blanks.from + blanks.count - 1) + 1;
      entry.trailingWhitespace = positions.span(from, to);
      entry.offsets.trailingWhitespace = { from, to };
    }
    if (property.malformedEscape) entry.malformedEscape = positions.span(property.malformedEscape.start, property.malformedEscape.end);
    return entry;
  });
  for (const entry of entries) {
    entry.occurrences = counts.get(entry.key) ?? 1;
    entry.effectiveLine = lastLine.get(entry.key) ?? entry.span.line;
  }
  const effective = new Map<string, PropertyEntry>();
  for (const entry of entries) effective.set(entry.key, entry);

  const unread = unreadFrom === undefined ? {} : { unreadFromLine: positions.span(unreadFrom, unreadFrom).line };
  return { entries, effective, encoding, hadBom, containsNul: javaText.includes('\u0000'), javaText, ...unread };
}
