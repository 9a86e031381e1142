/** Mechanical fixes of a properties file, made on its bytes so everything a fix does not touch stays byte for byte. */
import type { Diagnostic } from '../model/diagnostic';
import { suggestionsFor } from '../knowledge/catalogue';
import type { FixType, RuleFile } from '../engine/rule-schema';
import { readPropertiesDocument, type PropertyEntry } from '../sources/properties/document';

type Autofix = NonNullable<RuleFile['autofix']>;

/** Replace `[from, to)` of the ISO-8859-1 text (byte offsets) with `text`. */
interface Edit {
  from: number;
  to: number;
  text: string;
}

/** The start of the physical line holding `offset`. */
function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i -= 1;
  return i;
}

/** Just past the line break at `offset` (or `offset` at the end of the text). */
function pastLineBreak(text: string, offset: number): number {
  if (text[offset] === '\r' && text[offset + 1] === '\n') return offset + 2;
  return text[offset] === '\r' || text[offset] === '\n' ? offset + 1 : offset;
}

/** Every character outside ASCII of a run of UTF-8 bytes (held one byte a character) as Java `\uXXXX` escapes. */
function escapeUtf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1')
    .toString('utf8')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The key a rename would write, when it is safe: the one suggestion, for a key written plainly (no
 * escapes, on one line), that the file does not already set. Renaming `server.proxyname` onto a
 * `server.proxy-name` the file has would override the value the user wrote correctly.
 */
function renameTarget(entry: PropertyEntry, doc: ReturnType<typeof readPropertiesDocument>): string | undefined {
  const suggestions = suggestionsFor(entry.key);
  const target = suggestions[0];
  if (suggestions.length !== 1 || !target || doc.effective.has(target)) return undefined;
  const { start, keyEnd } = entry.offsets;
  return doc.javaText.slice(start, keyEnd) === entry.rawKey && entry.rawKey === entry.key ? target : undefined;
}

/** The entry on each physical line (a continued entry on each of its lines), so finding one costs nothing. */
function entriesByLine(entries: readonly PropertyEntry[]): Map<number, PropertyEntry> {
  const byLine = new Map<number, PropertyEntry>();
  for (const entry of entries) for (let line = entry.span.line; line <= entry.span.endLine; line += 1) byLine.set(line, entry);
  return byLine;
}

/**
 * Applies the mechanical fixes of the given findings to a properties file and returns its new
 * bytes. Edits are made on the bytes as Java reads them (one character a byte), so comments, blank
 * lines, order, line ends, the encoding and any byte no fix touches come back unchanged.
 */
export function applyPropertyFixes(
  bytes: Uint8Array,
  diagnostics: readonly Diagnostic[],
  autofixOf: (ruleId: string) => Autofix | undefined,
  types: ReadonlySet<FixType> = new Set(['fix']),
): Buffer {
  const doc = readPropertiesDocument(bytes);
  const text = doc.javaText;
  const byLine = entriesByLine(doc.entries);
  const edits: Edit[] = [];
  const touched = new Set<PropertyEntry>();
  const renamedTo = new Set<string>();
  const adds: Extract<Autofix, { action: 'add-properties' }>[] = [];

  for (const d of diagnostics) {
    const autofix = autofixOf(d.ruleId);
    if (!autofix) continue;
    if (!types.has(autofix.type ?? 'fix')) {
      // A rename not made still says what the user meant: no key is added in its place (a typo'd
      // `server.proxyPort=8443` must not gain a `server.proxy-port=443`).
      const entry = autofix.action === 'rename-to-suggestion' ? byLine.get(d.line) : undefined;
      const target = entry ? renameTarget(entry, doc) : undefined;
      if (target) renamedTo.add(target);
      continue;
    }
    if (autofix.action === 'add-properties') {
      adds.push(autofix);
      continue;
    }
    if (autofix.action === 'delete-byte-order-mark') {
      if (doc.hadBom) edits.push({ from: 0, to: 3, text: '' });
      continue;
    }
    const entry = byLine.get(d.line);
    // One edit per property and pass: a second one waits for the next pass, on the new text.
    if (!entry || touched.has(entry)) continue;
    const { start, keyEnd, end, trailingWhitespace } = entry.offsets;
    if (autofix.action === 'delete-property') {
      edits.push({ from: lineStart(text, start), to: pastLineBreak(text, end), text: '' });
    } else if (autofix.action === 'delete-trailing-whitespace' && trailingWhitespace !== undefined) {
      edits.push({ ...trailingWhitespace, text: '' });
    } else if (autofix.action === 'escape-non-ascii' && entry.nonAscii) {
      edits.push({ from: start, to: end, text: escapeUtf8(text.slice(start, end)) });
    } else if (autofix.action === 'rename-to-suggestion') {
      const target = renameTarget(entry, doc);
      // Two typos of one key: the first rename wins this pass; the next pass finds the key set.
      if (!target || renamedTo.has(target)) continue;
      edits.push({ from: start, to: keyEnd, text: target });
      renamedTo.add(target);
    } else continue;
    touched.add(entry);
  }

  // A missing key is added only when no rename (made or suggested) brings it, and only beside the keys it
  // completes: a proxy port alone would make a connector that is still wrong, in a new way.
  const additions = new Map<string, string>();
  for (const { properties, requires = [] } of adds) {
    if (!requires.every((key) => doc.effective.has(key))) continue;
    for (const [key, value] of Object.entries(properties)) {
      if (!doc.effective.has(key) && !renamedTo.has(key) && !additions.has(key)) additions.set(key, value);
    }
  }

  let out = applyEdits(text, edits);
  if (additions.size > 0) {
    const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
    if (out !== '' && !/[\r\n]$/.test(out)) out += eol;
    // A last line ending in a continuation backslash would swallow the first added line: a blank
    // line ends it first (Java then ends the logical line there, its value unchanged).
    if (/(^|[^\\])(\\\\)*\\(\r\n|\r|\n)$/.test(out)) out += eol;
    for (const [key, value] of additions) out += `${key}=${value}${eol}`;
  }
  return Buffer.from(out, 'latin1');
}

/** What changes a file's findings would make, in words, for `--fix-dry-run` (only renames are suggestions today). */
export function describeChanges(
  bytes: Uint8Array,
  changes: readonly { diagnostic: Diagnostic; autofix: Autofix }[],
): (string | undefined)[] {
  const doc = readPropertiesDocument(bytes);
  const byLine = entriesByLine(doc.entries);
  return changes.map(({ diagnostic, autofix }) => describeChange(byLine.get(diagnostic.line), autofix, doc));
}

/** Undefined when there is no safe change to make (a rename onto a key the file sets). */
function describeChange(
  entry: PropertyEntry | undefined,
  autofix: Autofix,
  doc: ReturnType<typeof readPropertiesDocument>,
): string | undefined {
  if (autofix.action === 'rename-to-suggestion') {
    const target = entry ? renameTarget(entry, doc) : undefined;
    return entry && target ? `rename \`${entry.key}\` to \`${target}\`` : undefined;
  }
  if (autofix.action === 'add-properties')
    return `add ${Object.entries(autofix.properties)
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(', ')}`;
  return `${autofix.action.replace(/-/g, ' ')}${entry ? ` \`${entry.key}\`` : ''}`;
}

/** Applies non-overlapping edits in one pass (linear in the size of the text). */
function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.from - b.from || a.to - b.to);
  const parts: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    if (edit.from < at) continue; // overlaps an earlier edit: left for the next pass
    parts.push(text.slice(at, edit.from), edit.text);
    at = edit.to;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
