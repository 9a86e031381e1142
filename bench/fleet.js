'use strict';
// npm run bench, section 6: probing a fleet. 100 mirrors on 127.0.0.1 (HTTPS with /status and the
// upstream call, SSH banner, plain HTTP redirect), probed by one CLI run, against one mirror probed alone.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const https = require('node:https');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'bitbucket-mirror-lint.js');
const PKI = path.join(ROOT, 'fixtures', 'pki');
const read = (f) => fs.readFileSync(path.join(PKI, f));

function listen(server) {
  // The probe closes its connections as soon as it has its answer: resets are expected here.
  server.on('connection', (socket) => socket.on('error', () => undefined));
  server.on('tlsClientError', () => undefined);
  server.on('clientError', () => undefined);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

async function servers(count) {
  const cert = Buffer.concat([read('mirror.crt'), read('intermediate.pem')]);
  const made = [];
  const ports = [];
  for (let i = 0; i < count; i += 1) {
    const server = https.createServer({ key: read('mirror.key'), cert }, (request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', Date: new Date().toUTCString() });
      response.end(JSON.stringify(request.url.endsWith('/status') ? { state: 'RUNNING' } : { state: 'INSTALLED' }));
    });
    ports.push(await listen(server));
    made.push(server);
  }
  const ssh = net.createServer((socket) => socket.end('SSH-2.0-SSHD-UNKNOWN\r\n'));
  const redirect = http.createServer((_q, r) => r.writeHead(301, { Location: 'https://mirror.example.com/' }).end());
  made.push(ssh, redirect);
  return { ports, sshPort: await listen(ssh), httpPort: await listen(redirect), close: () => made.forEach((s) => s.close()) };
}

function run(args) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => resolve({ code, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}

async function measure(count = 100, repeats = 5) {
  const fleet = await servers(count);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bml-fleet-bench-'));
  const targets = path.join(dir, 'mirrors.txt');
  fs.writeFileSync(targets, fleet.ports.map((p) => `https://mirror.example.com:${p}`).join('\n'));
  const common = [
    '--connect-to',
    '127.0.0.1',
    '--ssh-port',
    String(fleet.sshPort),
    '--http-port',
    String(fleet.httpPort),
    '--ca',
    path.join(PKI, 'root-ca.pem'),
    '-q',
  ];
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const one = [];
  const all = [];
  for (let i = 0; i < repeats; i += 1) {
    one.push((await run(['probe', `https://mirror.example.com:${fleet.ports[0]}`, ...common])).ms);
    all.push((await run(['probe', '--targets', targets, ...common])).ms);
  }
  fleet.close();
  return { count, oneMs: median(one), allMs: median(all) };
}

module.exports = { measure };

if (require.main === module) measure().then((r) => console.log(JSON.stringify(r)));
