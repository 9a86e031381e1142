/** The language server, driven in-process over a stream pair as an editor drives it. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { CodeAction, CompletionItem, Diagnostic, Hover } from 'vscode-languageserver';
import { mangled, valid } from '../support/fuzz-inputs';
import { change, initialize, inProcess, open, type TestClient } from './client';

const ROOT = path.resolve(__dirname, '..', '..');
const folder = (files: Record<string, string> = {}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-lsp-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
};
const uriOf = (dir: string, name: string) => pathToFileURL(path.join(dir, name)).href;

let c: TestClient;
beforeEach(async () => {
  c = inProcess();
  await initialize(c);
});
afterEach(() => c.rpc.dispose());

const TEXT = ['application.mode=mirror', 'server.port=7990  ', 'server.proxyname=mirror.example.com', ''].join('\n');

describe('diagnostics', () => {
  it('on open: the rule id as code with its page, the severity, exact 0-based ranges, the version', async () => {
    const uri = uriOf(folder(), 'bitbucket.properties');
    const published = c.nextPublish(uri);
    await open(c, uri, TEXT, 3);
    const { version, diagnostics } = await published;
    expect(version).toBe(3);
    const trailing = diagnostics.find((d) => d.code === 'properties/trailing-whitespace');
    expect(trailing).toMatchObject({
      range: { start: { line: 1, character: 16 }, end: { line: 1, character: 18 } },
      severity: 2,
      source: 'bitbucket-mirror-lint',
      codeDescription: { href: expect.stringMatching(/docs\/rules\/properties\/trailing-whitespace\.md$/) },
    });
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['properties/unknown-key', 'mirror/no-https']));
  });

  it('lints the editor text, and never publishes a superseded version late', async () => {
    const uri = uriOf(folder({ 'bitbucket.properties': 'on disk: not what is linted\n' }), 'bitbucket.properties');
    await open(c, uri, TEXT, 1);
    const last = c.nextPublish(uri, 6);
    const last6 = 'application.mode=mirror\nplugin.mirroring.upstream.url=https://bitbucket.example.com\nserver.port=7990\n';
    for (let v = 2; v <= 6; v += 1) await change(c, uri, v === 6 ? last6 : `${TEXT}# edit ${v}\n`, v);
    const final = await last;
    expect(final.diagnostics.map((d) => d.code)).toEqual(['mirror/no-https']);
    const versions = c.published.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions[versions.length - 1]).toBe(6);
  });

  it('takes cross-file facts from the workspace: the host of the nearest bitbucket.properties, the key beside a certificate', async () => {
    const dir = folder({ 'bitbucket.properties': 'server.proxy-name=mirror.example.com\n' });
    mkdirSync(path.join(dir, 'tls'));
    copyFileSync(path.join(ROOT, 'fixtures/pki/mismatch.key'), path.join(dir, 'tls', 'other.key'));
    const uri = uriOf(dir, 'tls/other.crt');
    const published = c.nextPublish(uri);
    await open(c, uri, readFileSync(path.join(ROOT, 'fixtures/pki/other-host.crt'), 'utf8'));
    const codes = (await published).diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['cert/hostname-mismatch', 'cert/key-mismatch']));
  });

  it("finds the config file from the document's folder, as the CLI does", async () => {
    const dir = folder({ 'bitbucket-mirror-lint.config.json': '{"rules": {"properties/unknown-key": "off"}}' });
    const uri = uriOf(dir, 'conf/bitbucket.properties');
    const published = c.nextPublish(uri);
    await open(c, uri, TEXT);
    expect((await published).diagnostics.map((d) => d.code)).not.toContain('properties/unknown-key');
  });

  it('says nothing about a file the linter does not read', async () => {
    const uri = uriOf(folder(), 'README.md');
    const published = c.nextPublish(uri);
    await open(c, uri, 'server.port=x\n');
    expect((await published).diagnostics).toEqual([]);
  });

  it('answers pull requests, and does not push, when the client pulls', async () => {
    const puller = inProcess();
    const { capabilities } = await initialize(puller, { textDocument: { diagnostic: {} } });
    expect(capabilities['diagnosticProvider']).toEqual({ interFileDependencies: true, workspaceDiagnostics: false });
    const uri = uriOf(folder(), 'bitbucket.properties');
    await open(puller, uri, TEXT);
    const report = (await puller.rpc.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as {
      kind: string;
      items: Diagnostic[];
    };
    expect(report.kind).toBe('full');
    expect(report.items.map((d) => d.code)).toContain('properties/trailing-whitespace');
    expect(puller.published).toEqual([]);
    puller.rpc.dispose();
  });
});

describe('code actions', () => {
  async function actionsFor(text: string, code: string): Promise<CodeAction[]> {
    const uri = uriOf(folder(), 'bitbucket.properties');
    const published = c.nextPublish(uri);
    await open(c, uri, text);
    const diagnostic = (await published).diagnostics.find((d) => d.code === code);
    expect(diagnostic).toBeDefined();
    return (await c.rpc.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic!.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
  }

  it("the rule's fix as a quick fix with its edit, and a disable comment with a reason to write", async () => {
    const actions = await actionsFor(TEXT, 'properties/trailing-whitespace');
    const [fix, disable] = actions;
    expect(fix?.isPreferred).toBe(true);
    expect(Object.values(fix?.edit?.changes ?? {})[0]).toEqual([
      { range: { start: { line: 1, character: 16 }, end: { line: 1, character: 18 } }, newText: '' },
    ]);
    expect(disable?.title).toBe('Disable properties/trailing-whitespace for this line');
    expect(Object.values(disable?.edit?.changes ?? {})[0]).toEqual([
      {
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
        newText: '# bitbucket-mirror-lint-disable-next-line properties/trailing-whitespace -- <reason>\n',
      },
    ]);
  });

  it('the did-you-mean rename, which --fix never makes', async () => {
    const [rename] = await actionsFor(TEXT, 'properties/unknown-key');
    expect(rename?.title).toBe('Rename `server.proxyname` to `server.proxy-name`');
    expect(Object.values(rename?.edit?.changes ?? {})[0]).toEqual([
      { range: { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } }, newText: '-' },
    ]);
  });

  it('every suggestion when there is more than one', async () => {
    const titles = (await actionsFor('jdbc.us=bitbucket\n', 'properties/unknown-key')).map((a) => a.title);
    expect(titles.filter((t) => t.startsWith('Rename'))).toEqual(['Rename to `jdbc.url`', 'Rename to `jdbc.user`']);
  });
});

describe('completion and hover', () => {
  const at = async (text: string, line: number, character: number, method: string) => {
    const uri = uriOf(folder(), 'bitbucket.properties');
    await open(c, uri, text);
    return c.rpc.sendRequest(method, { textDocument: { uri }, position: { line, character } });
  };

  it('keys from the catalogue, with their type and default', async () => {
    const items = (await at('serv', 0, 4, 'textDocument/completion')) as CompletionItem[];
    expect(items.find((i) => i.label === 'server.scheme')).toMatchObject({ detail: 'enum (http, https); default http' });
  });

  it('the values of an enum or boolean key', async () => {
    expect(((await at('server.scheme=', 0, 14, 'textDocument/completion')) as CompletionItem[]).map((i) => i.label)).toEqual([
      'http',
      'https',
    ]);
    expect(((await at('server.secure = ', 0, 16, 'textDocument/completion')) as CompletionItem[]).map((i) => i.label)).toEqual([
      'true',
      'false',
    ]);
  });

  it('rule ids after a disable comment', async () => {
    const items = (await at('# bitbucket-mirror-lint-disable-next-line ', 0, 42, 'textDocument/completion')) as CompletionItem[];
    expect(items.map((i) => i.label)).toContain('mirror/no-https');
  });

  it('on a key: what the catalogue knows; on a finding: its rule and fix', async () => {
    const key = (await at('server.scheme=https\n', 0, 3, 'textDocument/hover')) as Hover;
    expect((key.contents as { value: string }).value).toContain('**server.scheme**: enum (http, https); default http');
    const uri = uriOf(folder(), 'bitbucket.properties');
    const published = c.nextPublish(uri);
    await open(c, uri, TEXT);
    await published;
    const finding = (await c.rpc.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 17 },
    })) as Hover;
    expect((finding.contents as { value: string }).value).toContain('**properties/trailing-whitespace**');
  });
});

describe('any input', () => {
  it("the robustness tests' mangled files of every kind: diagnostics or none, never a crash", async () => {
    const dir = folder();
    const kinds: [string, readonly Buffer[]][] = [
      ['bitbucket.properties', valid.properties],
      ['admin.pub', valid.ssh],
      ['mirror.pem', valid.pem],
    ];
    let version = 0;
    for (const [name, samples] of kinds) {
      await fc.assert(
        fc.asyncProperty(mangled(samples), async (bytes) => {
          const uri = uriOf(dir, name);
          version += 1;
          const published = c.nextPublish(uri, version);
          await open(c, uri, Buffer.from(bytes).toString('utf8'), version);
          await published;
          await c.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
        }),
        { numRuns: Number(process.env['FC_RUNS'] ?? 25), seed: Number(process.env['FC_SEED'] ?? 5) },
      );
    }
    expect(c.logs.filter((l) => l.includes('failed'))).toEqual([]);
  });

  it('never ends the server: random text, every file kind, then a normal request still answers', async () => {
    const dir = folder();
    let version = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('bitbucket.properties', 'id_rsa.pub', 'mirror.pem', 'authorized_keys'),
        async (text, name) => {
          const uri = uriOf(dir, name);
          version += 1;
          const published = c.nextPublish(uri, version);
          await open(c, uri, text, version);
          await published;
          await c.rpc.sendRequest('textDocument/completion', {
            textDocument: { uri },
            position: { line: 0, character: Math.min(3, text.length) },
          });
          await c.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
          await c.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
        },
      ),
      { numRuns: Number(process.env['FC_RUNS'] ?? 40), seed: Number(process.env['FC_SEED'] ?? 11) },
    );
    const uri = uriOf(dir, 'bitbucket.properties');
    const published = c.nextPublish(uri, 1000);
    await open(c, uri, TEXT, 1000);
    expect((await published).diagnostics.length).toBeGreaterThan(0);
  });
});
