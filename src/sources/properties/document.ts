import { Properties } from 'properties-file/parser';
import type { PropertyNode } from 'properties-file/parser';
import type { Span } from '../../facts/diagnostic';
import { decodeText, physicalLines, type TextEncoding } from '../text';

/** One occurrence of a key in a properties file, as java.util.Properties reads it. */
export interface PropertyEntry {
  key: string;
  /** The key as written, before unescaping. */
  rawKey: string;
  /** The value Java hands to Bitbucket: unescaped, continuations joined, trailing whitespace kept. */
  value: string;
  rawValue: string;
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
}

export interface PropertiesDocument {
  entries: PropertyEntry[];
  /** The occurrence that wins for each key. */
  effective: Map<string, PropertyEntry>;
  encoding: TextEncoding;
  containsNul: boolean;
  /** A parse failure the recovery could not locate (should not happen; kept so nothing is lost). */
  unlocatedError?: string;
}

const MALFORMED_UNICODE = /\\u(?![0-9a-fA-F]{4})/g;

/**
 * Finds `\u` escapes without four hex digits on non-comment lines, where the backslash is itself
 * unescaped. Java reads comments without unescaping, so escapes there are harmless.
 */
function findMalformedEscapes(lines: string[]): Span[] {
  const found: Span[] = [];
  let continues = false;
  lines.forEach((line, index) => {
    const isComment = !continues && /^[ \t\f]*[#!]/.test(line);
    if (!isComment) {
      for (const match of line.matchAll(MALFORMED_UNICODE)) {
        const before = /\\*$/.exec(line.slice(0, match.index))?.[0].length ?? 0;
        if (before % 2 === 0) {
          const column = match.index + 1;
          const end = Math.min(line.length, match.index + 6) + 1;
          found.push({ line: index + 1, column, endLine: index + 1, endColumn: end });
        }
      }
    }
    const trailing = /\\*$/.exec(line)?.[0].length ?? 0;
    continues = !isComment && trailing % 2 === 1;
  });
  return found;
}

/** Replaces the backslash of each bad escape with `?`, keeping every column where it was. */
function neutralise(lines: string[], spans: Span[]): string[] {
  const copy = [...lines];
  for (const span of spans) {
    const line = copy[span.line - 1] ?? '';
    copy[span.line - 1] = line.slice(0, span.column - 1) + '?' + line.slice(span.column);
  }
  return copy;
}

function trailingWhitespaceOf(node: PropertyNode): Span | undefined {
  if (node.escapedValue === '') return undefined;
  const match = /(\\*)([ \t\f]+)$/.exec(node.escapedValue);
  if (!match) return undefined;
  // An odd run of backslashes escapes the first blank, which Java then keeps on purpose.
  const escapedFirst = (match[1]?.length ?? 0) % 2 === 1;
  const length = (match[2]?.length ?? 0) - (escapedFirst ? 1 : 0);
  if (length <= 0) return undefined;
  const last = node.rawLines[node.rawLines.length - 1] ?? '';
  return {
    line: node.endingLineNumber,
    column: last.length - length + 1,
    endLine: node.endingLineNumber,
    endColumn: last.length + 1,
  };
}

function spanOf(node: PropertyNode): Span {
  const last = node.rawLines[node.rawLines.length - 1] ?? '';
  return {
    line: node.startingLineNumber,
    column: node.leadingWhitespace.length + 1,
    endLine: node.endingLineNumber,
    endColumn: last.length + 1,
  };
}

export function readPropertiesDocument(bytes: Uint8Array): PropertiesDocument {
  const decoded = decodeText(bytes);
  const lines = physicalLines(decoded.text);
  let malformed: Span[] = [];
  let nodes: PropertyNode[];
  let unlocatedError: string | undefined;
  try {
    nodes = new Properties(decoded.text).getProperties();
  } catch (error) {
    malformed = findMalformedEscapes(lines);
    try {
      nodes = new Properties(neutralise(lines, malformed).join('\n')).getProperties();
    } catch {
      nodes = [];
    }
    // The library quotes the text it failed on, which may be part of a password: keep only the words.
    if (malformed.length === 0) unlocatedError = (error instanceof Error ? error.message : String(error)).replace(/'[^']*'/g, '').trim();
  }

  const byKey = new Map<string, PropertyNode[]>();
  for (const node of nodes) {
    const list = byKey.get(node.key);
    if (list) list.push(node);
    else byKey.set(node.key, [node]);
  }

  const entries = nodes.map((node): PropertyEntry => {
    const same = byKey.get(node.key) ?? [node];
    const last = same[same.length - 1] ?? node;
    const escape = malformed.find((s) => s.line >= node.startingLineNumber && s.line <= node.endingLineNumber);
    return {
      key: node.key,
      rawKey: node.escapedKey,
      value: node.value,
      rawValue: node.escapedValue,
      span: spanOf(node),
      occurrence: same.indexOf(node) + 1,
      occurrences: same.length,
      effectiveLine: last.startingLineNumber,
      trailingWhitespace: trailingWhitespaceOf(node),
      malformedEscape: escape,
    };
  });

  const effective = new Map<string, PropertyEntry>();
  for (const entry of entries) effective.set(entry.key, entry);

  return {
    entries,
    effective,
    encoding: decoded.encoding,
    containsNul: decoded.text.includes('\u0000'),
    unlocatedError,
  };
}
