/** The language server: diagnostics as you type, quick fixes, completion and hover over LSP 3.17 (vscode-languageserver). */
import {
  CodeActionKind,
  createConnection,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText } from '../lint/lint';
import { codeActions } from './code-actions';
import { completions } from './completion';
import { toLspDiagnostic } from './convert';
import { optionsFor, placeOf } from './documents';
import { hover } from './hover';

/** The findings of a document's current text, as LSP diagnostics; none for a file the linter does not read. */
async function diagnose(doc: TextDocument): Promise<LspDiagnostic[]> {
  const place = placeOf(doc);
  if (!place.kind) return [];
  const result = await lintText(doc.getText(), optionsFor(place));
  // A finding about another file (an unreadable --ca file) has no place in this document.
  return result.diagnostics.filter((d) => d.file === place.name).map(toLspDiagnostic);
}

/** Serves one client on `reader` and `writer` until it sends exit. */
export function serve(reader: MessageReader, writer: MessageWriter): Connection {
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  const documents = new TextDocuments(TextDocument);
  /** What was last published (or answered) per document, for hover. */
  const published = new Map<string, LspDiagnostic[]>();
  let pull = false;

  /** Runs `work`, logging a failure to the client instead of letting it end the server. */
  const guarded = async <T>(what: string, work: () => Promise<T> | T, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      connection.console.error(`bitbucket-mirror-lint: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  };

  connection.onInitialize((params) => {
    pull = params.capabilities.textDocument?.diagnostic !== undefined;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['=', ':', '.', ' '] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...(pull ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'bitbucket-mirror-lint' },
    };
  });

  /** Lints a version of a document and publishes it, unless a newer version came meanwhile (then it is dropped). */
  const publish = async (doc: TextDocument) => {
    const { uri, version } = doc;
    const diagnostics = await guarded(`linting ${uri}`, () => diagnose(doc), []);
    if (documents.get(uri)?.version !== version) return;
    published.set(uri, diagnostics);
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };

  documents.onDidChangeContent(({ document }) => {
    if (!pull) void publish(document);
  });
  documents.onDidClose(({ document }) => {
    published.delete(document.uri);
    if (!pull) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const items = doc ? await guarded(`linting ${doc.uri}`, () => diagnose(doc), []) : [];
    if (doc) published.set(doc.uri, items);
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? guarded('a code action', () => codeActions(doc, params.context.diagnostics, placeOf(doc)), []) : [];
  });
  connection.onCompletion((params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? guarded('completion', () => completions(doc, params.position, placeOf(doc)), []) : [];
  });
  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? guarded('hover', () => hover(doc, params.position, placeOf(doc), published.get(doc.uri) ?? []), null) : null;
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
