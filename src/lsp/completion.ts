/** Completion in the editor: property keys from the catalogue, values of enum and boolean keys, and rule ids after a disable comment. */
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { listRules } from '../engine/rule-info';
import { KNOWN_KEYS, lookupProperty, type CatalogueEntry } from '../knowledge/catalogue';
import type { Place } from './documents';
import { optionsFor } from './documents';

/** One line saying what a key is: its type, its values, its default and whether the reference confirms it. */
export function describeKey(entry: CatalogueEntry): string {
  const values = entry.values ? ` (${entry.values.join(', ')})` : '';
  const fallback = entry.default !== undefined ? `; default ${entry.default}` : '';
  return `${entry.type}${values}${fallback}${entry.confirmed ? '' : '; not confirmed by the reference'}`;
}

function keyItems(): CompletionItem[] {
  return KNOWN_KEYS.map((key) => {
    const entry = lookupProperty(key);
    return { label: key, kind: CompletionItemKind.Property, detail: entry ? describeKey(entry) : undefined, documentation: entry?.source };
  });
}

function valueItems(key: string): CompletionItem[] {
  const entry = lookupProperty(key.trim());
  const values = entry?.values ?? (entry?.type === 'boolean' ? ['true', 'false'] : []);
  return values.map((value) => ({
    label: value,
    kind: CompletionItemKind.Value,
    detail: `${key.trim()}: ${entry ? describeKey(entry) : ''}`,
  }));
}

export function completions(doc: TextDocument, position: Position, place: Place): CompletionItem[] {
  const before = doc.getText({ start: { line: position.line, character: 0 }, end: position });
  if (/^\s*[#!]\s*bitbucket-mirror-lint-disable(-next-line)?\s/.test(before)) {
    const options = optionsFor(place);
    return listRules(options.ruleDirs ?? [], options.rules).map((rule) => ({
      label: rule.id,
      kind: CompletionItemKind.Reference,
      detail: rule.title,
    }));
  }
  if (place.kind !== 'properties' || /^\s*[#!]/.test(before)) return [];
  const separator = /^\s*((?:\\.|[^=:\s\\])+)\s*[=:]\s*/.exec(before) ?? /^\s*((?:\\.|[^=:\s\\])+)\s+/.exec(before);
  return separator ? valueItems(separator[1] ?? '') : keyItems();
}
