/** The lsp command: the language server on this process's stdin and stdout, until the client sends exit. */
import type { Command } from 'commander';
import type * as LspModule from '../lsp/server';
import type * as NodeServerModule from 'vscode-languageserver/node';
import { UsageError } from '../model/errors';
import { lazy } from '../util/memo';

// The language server and its protocol library load only for this command: a lint run never pays for them.
const lspServer = lazy(() => require('../lsp/server') as typeof LspModule);
const nodeServer = lazy(() => require('vscode-languageserver/node') as typeof NodeServerModule);

export function runLsp(command: Command): Promise<number> {
  if (command.opts<{ stdio?: boolean }>().stdio !== true) throw new UsageError('lsp speaks over standard input and output: add --stdio');
  const { StreamMessageReader, StreamMessageWriter } = nodeServer();
  lspServer().serve(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  // A client that goes away without exit ends the server too.
  process.stdin.on('end', () => process.exit(0));
  return new Promise<number>(() => undefined);
}
