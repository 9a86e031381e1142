/** Quick fixes for a document's findings: each rule's mechanical fix, each did-you-mean key, and a disable comment for the line. */
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { runnerFor } from '../engine/runner-cache';
import { applyPropertyFixes, describeChanges } from '../fix/properties-fixer';
import { suggestionsFor } from '../knowledge/catalogue';
import { readPropertiesDocument } from '../sources/properties/document';
import { fromLspDiagnostic, SOURCE } from './convert';
import type { Place } from './documents';
import { optionsFor } from './documents';

/** The smallest edit that turns `before` into `after`: the text between their common head and tail. */
export function minimalEdit(doc: TextDocument, before: string, after: string): TextEdit {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head += 1;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail])
    tail += 1;
  return {
    range: { start: doc.positionAt(head), end: doc.positionAt(before.length - tail) },
    newText: after.slice(head, after.length - tail),
  };
}

function action(title: string, doc: TextDocument, diagnostic: LspDiagnostic, edits: TextEdit[], preferred = false): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred,
    edit: { changes: { [doc.uri]: edits } },
  };
}

/** The rule's own fix (or suggestion) for this finding, as --fix would make it, on the editor's text. */
function ruleFix(doc: TextDocument, diagnostic: LspDiagnostic, place: Place): CodeAction | undefined {
  const options = optionsFor(place);
  const runner = runnerFor(options.ruleDirs ?? [], options.rules);
  const autofixOf = (ruleId: string) => runner.activeRules.find((r) => r.id === ruleId)?.autofix;
  const finding = fromLspDiagnostic(diagnostic, place.name);
  const autofix = autofixOf(finding.ruleId);
  if (!autofix) return undefined;
  const text = doc.getText();
  const bytes = Buffer.from(text, 'utf8');
  const fixed = applyPropertyFixes(bytes, [finding], autofixOf, new Set(['fix', 'suggestion'])).toString('utf8');
  if (fixed === text) return undefined;
  const said = describeChanges(bytes, [{ diagnostic: finding, autofix }])[0] ?? autofix.action.replace(/-/g, ' ');
  return action(
    `${said.charAt(0).toUpperCase()}${said.slice(1)}`,
    doc,
    diagnostic,
    [minimalEdit(doc, text, fixed)],
    autofix.type !== 'suggestion',
  );
}

/** Every key an unknown key may have meant, each as a rename of the key alone. */
function didYouMean(doc: TextDocument, diagnostic: LspDiagnostic): CodeAction[] {
  const line = diagnostic.range.start.line;
  const entry = readPropertiesDocument(Buffer.from(doc.getText(), 'utf8')).entries.find((e) => e.span.line === line + 1);
  if (!entry || entry.rawKey !== entry.key) return [];
  const start = doc.offsetAt({ line, character: entry.span.column - 1 });
  return suggestionsFor(entry.key)
    .filter((key) => key !== entry.key)
    .map((key) =>
      action(`Rename to \`${key}\``, doc, diagnostic, [
        { range: { start: doc.positionAt(start), end: doc.positionAt(start + entry.key.length) }, newText: key },
      ]),
    );
}

/** A comment above the line that disables the rule there, its reason left for the user to write. */
function disableForLine(doc: TextDocument, diagnostic: LspDiagnostic): CodeAction {
  const line = diagnostic.range.start.line;
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const comment = `${indent}# bitbucket-mirror-lint-disable-next-line ${String(diagnostic.code)} -- <reason>\n`;
  return action(`Disable ${String(diagnostic.code)} for this line`, doc, diagnostic, [
    { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: comment },
  ]);
}

export function codeActions(doc: TextDocument, diagnostics: readonly LspDiagnostic[], place: Place): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string') continue;
    if (place.kind === 'properties') {
      const fix = ruleFix(doc, diagnostic, place);
      if (fix) actions.push(fix);
      // The rule renames only to a single suggestion; the editor offers every one.
      else if (diagnostic.code === 'properties/unknown-key') actions.push(...didYouMean(doc, diagnostic));
    }
    if (!diagnostic.code.startsWith('io/')) actions.push(disableForLine(doc, diagnostic));
  }
  return actions;
}
