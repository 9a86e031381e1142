/** The VS Code extension: starts `bitbucket-mirror-lint lsp --stdio` for the files the linter reads and lets the language client do the rest. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** The linter to run: the setting, else the workspace's own install (its version wins), else the one shipped with the extension. */
function serverPath(context: ExtensionContext): string {
  const configured = workspace.getConfiguration('bitbucketMirrorLint').get<string>('serverPath');
  if (configured) return configured;
  for (const folder of workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', 'bitbucket-mirror-lint', 'bin', 'bitbucket-mirror-lint.js');
    if (existsSync(local)) return local;
  }
  return context.asAbsolutePath(path.join('node_modules', 'bitbucket-mirror-lint', 'bin', 'bitbucket-mirror-lint.js'));
}

export async function activate(context: ExtensionContext): Promise<void> {
  const run = { command: process.execPath, args: [serverPath(context), 'lsp', '--stdio'], transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    // The kinds the linter reads, by name: properties files, public keys and authorized_keys, PEM files.
    documentSelector: [
      { scheme: 'file', language: 'properties' },
      { scheme: 'file', pattern: '**/*.{pub,pem,crt,cer,cert,key,ppk}' },
      { scheme: 'file', pattern: '**/{authorized_keys,authorized_keys2,id_*}' },
    ],
  };
  client = new LanguageClient('bitbucketMirrorLint', 'bitbucket-mirror-lint', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
