/** `bitbucket-mirror-lint lsp --stdio` as an editor starts it: its own process, JSON-RPC over real pipes, from initialize to exit. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, Hover } from 'vscode-languageserver';
import { change, initialize, open, spawned } from './client';

it('initialize, open, diagnostics, code action, completion, hover, change, shutdown, exit', async () => {
  const c = spawned();
  const exited = new Promise<number | null>((resolve) => c.child?.on('exit', resolve));
  const { capabilities } = await initialize(c);
  expect(capabilities).toMatchObject({ hoverProvider: true, codeActionProvider: { codeActionKinds: ['quickfix'] } });
  const uri = pathToFileURL(path.join(mkdtempSync(path.join(tmpdir(), 'bml-lsp-smoke-')), 'bitbucket.properties')).href;
  const first = c.nextPublish(uri, 1);
  await open(c, uri, 'application.mode=mirror\nserver.port=7990  \n');
  const diagnostic = (await first).diagnostics.find((d) => d.code === 'properties/trailing-whitespace');
  expect(diagnostic?.range).toEqual({ start: { line: 1, character: 16 }, end: { line: 1, character: 18 } });
  const actions = (await c.rpc.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic!.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  expect(actions.map((a) => a.title)).toContain('Disable properties/trailing-whitespace for this line');
  const items = (await c.rpc.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: { line: 0, character: 3 },
  })) as CompletionItem[];
  expect(items.map((i) => i.label)).toContain('server.proxy-name');
  const hover = (await c.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } })) as Hover;
  expect((hover.contents as { value: string }).value).toContain('**server.port**');
  const second = c.nextPublish(uri, 2);
  await change(c, uri, 'server.port=7990\n', 2);
  expect((await second).diagnostics.map((d) => d.code)).not.toContain('properties/trailing-whitespace');
  await c.rpc.sendRequest('shutdown');
  await c.rpc.sendNotification('exit');
  expect(await exited).toBe(0);
  c.rpc.dispose();
}, 30_000);
