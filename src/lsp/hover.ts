/** Hover in the editor: on a finding, its rule's explanation and fix; on a key, what the catalogue knows of it. */
import type { Diagnostic as LspDiagnostic, Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { listRules } from '../engine/rule-info';
import { lookupProperty } from '../knowledge/catalogue';
import { readPropertiesDocument } from '../sources/properties/document';
import { describeKey } from './completion';
import type { Place } from './documents';
import { optionsFor } from './documents';

const inside = (p: Position, d: LspDiagnostic) =>
  (p.line > d.range.start.line || (p.line === d.range.start.line && p.character >= d.range.start.character)) &&
  (p.line < d.range.end.line || (p.line === d.range.end.line && p.character <= d.range.end.character));

export function hover(doc: TextDocument, position: Position, place: Place, published: readonly LspDiagnostic[]): Hover | null {
  const parts: string[] = [];
  const codes = new Set(published.filter((d) => inside(position, d)).map((d) => String(d.code)));
  if (codes.size > 0) {
    const options = optionsFor(place);
    for (const rule of listRules(options.ruleDirs ?? [], options.rules).filter((r) => codes.has(r.id))) {
      parts.push(
        `**${rule.id}**: ${rule.title}\n\n${rule.description}\n\n${rule.fix.map((step, i) => `${i + 1}. ${step}`).join('\n')}\n\n[Rule documentation](${rule.docUrl})`,
      );
    }
  }
  if (place.kind === 'properties') {
    const entry = readPropertiesDocument(Buffer.from(doc.getText(), 'utf8')).entries.find(
      (e) =>
        e.span.line === position.line + 1 &&
        position.character >= e.span.column - 1 &&
        position.character <= e.span.column - 1 + e.rawKey.length,
    );
    const known = entry ? lookupProperty(entry.key) : undefined;
    if (entry && known) parts.push(`**${entry.key}**: ${describeKey(known)}\n\nSource: ${known.source}`);
  }
  return parts.length > 0 ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
}
