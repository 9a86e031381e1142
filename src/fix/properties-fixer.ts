import { KNOWN_KEYS } from '../facts/catalogue';
import type { Diagnostic } from '../facts/diagnostic';
import { suggestKeys } from '../facts/suggest';
import { readPropertiesDocument } from '../sources/properties/document';
import type { RuleFile } from '../engine/rule-schema';

type Autofix = NonNullable<RuleFile['autofix']>;

/** A line of the file with its own line end, so untouched lines come back byte for byte. */
interface Line {
  content: string;
  eol: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  for (let match = re.exec(text); match; match = re.exec(text)) {
    lines.push({ content: match[1] ?? '', eol: match[2] ?? '' });
    if (match[2] === '') break;
  }
  return lines;
}

/**
 * Applies the mechanical fixes of the given findings to a properties file's text and returns the
 * new text. Only the lines a fix touches change; comments, blank lines, order and line ends stay.
 */
export function applyPropertyFixes(text: string, diagnostics: readonly Diagnostic[], autofixOf: (ruleId: string) => Autofix | undefined): string {
  const doc = readPropertiesDocument(Buffer.from(text, 'utf8'));
  const lines = splitLines(text);
  const deleted = new Set<number>();
  const replaced = new Map<number, string>();
  const additions = new Map<string, string>();

  const renamedTo = new Set<string>();
  const adds: Record<string, string>[] = [];
  for (const d of diagnostics) {
    const autofix = autofixOf(d.ruleId);
    if (!autofix) continue;
    if (autofix.action === 'add-properties') {
      adds.push(autofix.properties);
      continue;
    }
    const entry = doc.entries.find((e) => d.line >= e.span.line && d.line <= e.span.endLine);
    if (!entry) continue;
    const index = entry.span.line - 1;
    if (autofix.action === 'delete-property') {
      for (let l = entry.span.line; l <= entry.span.endLine; l += 1) deleted.add(l - 1);
    } else if (autofix.action === 'delete-trailing-whitespace' && entry.trailingWhitespace) {
      const at = entry.trailingWhitespace.line - 1;
      const line = lines[at];
      if (line) replaced.set(at, (replaced.get(at) ?? line.content).slice(0, entry.trailingWhitespace.column - 1));
    } else if (autofix.action === 'rename-to-suggestion') {
      const suggestions = suggestKeys(entry.key, KNOWN_KEYS);
      const line = lines[index];
      const start = entry.span.column - 1;
      const target = suggestions[0];
      // Only an unambiguous suggestion, and only a key written plainly on its first line.
      if (suggestions.length === 1 && target && line && line.content.slice(start, start + entry.rawKey.length) === entry.rawKey) {
        const current = replaced.get(index) ?? line.content;
        replaced.set(index, current.slice(0, start) + target + current.slice(start + entry.rawKey.length));
        renamedTo.add(target);
      }
    }
  }
  // A missing key is added only when no rename in this pass brings it.
  for (const properties of adds) {
    for (const [key, value] of Object.entries(properties)) {
      if (!doc.effective.has(key) && !renamedTo.has(key) && !additions.has(key)) additions.set(key, value);
    }
  }

  const eol = lines.find((l) => l.eol !== '')?.eol ?? '\n';
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (deleted.has(i)) return;
    out.push((replaced.get(i) ?? line.content) + line.eol);
  });
  if (additions.size > 0) {
    let result = out.join('');
    if (result !== '' && !/[\r\n]$/.test(result)) result += eol;
    for (const [key, value] of additions) result += `${key}=${value}${eol}`;
    return result;
  }
  return out.join('');
}
