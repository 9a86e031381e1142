/** A test client for the language server: in-process over a stream pair, or a spawned `lsp --stdio`, speaking JSON-RPC through vscode-jsonrpc. */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { serve } from '../../src/lsp/server';
import { BIN } from '../support/cli';

export interface TestClient {
  rpc: MessageConnection;
  /** Every publishDiagnostics notification, in the order received. */
  published: PublishDiagnosticsParams[];
  /** Resolves with the next publish for `uri` (at `version` when given). */
  nextPublish(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  logs: string[];
  child?: ChildProcess;
}

function client(rpc: MessageConnection, child?: ChildProcess): TestClient {
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const logs: string[] = [];
  rpc.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.push(params);
    for (const w of [...waiters]) {
      if (w.uri === params.uri && (w.version === undefined || w.version === params.version)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  rpc.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
  rpc.listen();
  return {
    rpc,
    published,
    logs,
    child,
    nextPublish: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
  };
}

/** The server in this process, over two in-memory pipes. */
export function inProcess(): TestClient {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  serve(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  return client(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)));
}

/** `bitbucket-mirror-lint lsp --stdio` as its own process, over real pipes. */
export function spawned(): TestClient {
  const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return client(createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)), child);
}

export async function initialize(c: TestClient, capabilities: object = {}): Promise<{ capabilities: Record<string, unknown> }> {
  const result = await c.rpc.sendRequest('initialize', { processId: null, rootUri: null, capabilities });
  await c.rpc.sendNotification('initialized', {});
  return result as { capabilities: Record<string, unknown> };
}

export async function open(c: TestClient, uri: string, text: string, version = 1): Promise<void> {
  await c.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version, text } });
}

export async function change(c: TestClient, uri: string, text: string, version: number): Promise<void> {
  await c.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
}
