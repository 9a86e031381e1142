'use strict';
// npm run bench, section 5: the language server's edit -> diagnostics latency on a 300-line
// bitbucket.properties (didChange sent to publishDiagnostics for that version received), and its
// memory after 1,000 edits. Spawns `bitbucket-mirror-lint lsp --stdio` and speaks JSON-RPC to it.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const BIN = path.resolve(__dirname, '..', 'bin', 'bitbucket-mirror-lint.js');

function file300() {
  const lines = [
    'application.mode=mirror',
    'plugin.mirroring.upstream.url=https://bitbucket.example.com',
    'server.proxy-name=mirror.example.com',
    'server.scheme=https',
    'server.secure=true',
    'server.proxy-port=443',
  ];
  for (let i = lines.length; i < 300; i += 1) lines.push(i % 10 === 0 ? `# section ${i}` : `plugin.mirroring.setting${i}=value ${i}`);
  return lines.join('\n');
}

/** Median latency (ms) of `edits` edits after `warm` warm-up ones, and RSS (MiB) after the warm-up and at the end. */
async function measure({ edits = 1000, warm = 50 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bml-lsp-bench-'));
  const uri = pathToFileURL(path.join(dir, 'bitbucket.properties')).href;
  const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map();
  rpc.onNotification('textDocument/publishDiagnostics', (p) => waiting.get(p.version)?.(p));
  rpc.listen();
  await rpc.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await rpc.sendNotification('initialized', {});
  const base = file300();
  const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
  let first = published(1);
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text: base } });
  await first;
  const rss = () => Number(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  const times = [];
  let rssAfterWarm = 0;
  for (let v = 2; v <= edits + warm + 1; v += 1) {
    const done = published(v);
    const started = process.hrtime.bigint();
    const text = base.replace(/value 7\b/, `value ${v}${v % 3 === 0 ? '  ' : ''}`);
    await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    await done;
    waiting.delete(v);
    if (v > warm + 1) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (v === warm + 1) rssAfterWarm = rss();
  }
  const rssEnd = rss();
  await rpc.sendRequest('shutdown');
  await rpc.sendNotification('exit');
  rpc.dispose();
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], rssAfterWarm, rssEnd };
}

module.exports = { measure };

if (require.main === module) {
  measure().then((r) => console.log(JSON.stringify(r)));
}
