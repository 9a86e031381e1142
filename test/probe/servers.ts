import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { spawn } from 'node:child_process';
import { createServer as createNetServer, Socket, type Server } from 'node:net';
import path from 'node:path';

/** Servers the probe tests run against, on loopback only; every one is closed by `closeAll`. */

const PKI = path.join(__dirname, '..', '..', 'fixtures', 'pki');
const read = (name: string) => readFileSync(path.join(PKI, name));

const open: { close(): void }[] = [];
const sockets: Socket[] = [];

function track<T extends Server>(server: T): T {
  server.on('connection', (socket: Socket) => {
    socket.on('error', () => undefined);
    sockets.push(socket);
  });
  open.push(server);
  return server;
}

function listen(server: Server, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

export interface FakeMirror {
  status?: string;
  upstream?: string | number;
  /** Seconds to add to the Date header. */
  clockOffset?: number;
  certificate?: string;
  key?: string;
  /** A mirror farm node: /status also gives memberCount (a string, as Bitbucket writes it) and discovering. */
  farm?: { memberCount: string; discovering: boolean };
}

/** An HTTPS server answering like a mirror: /status, the upstreamServer REST call, a Date header. */
export async function httpsMirror(options: FakeMirror = {}, host = '127.0.0.1'): Promise<number> {
  const handler: RequestListener = (request, response) => {
    const date = new Date(Date.now() + (options.clockOffset ?? 0) * 1000).toUTCString();
    const json = (code: number, body: unknown) => {
      response.writeHead(code, { 'Content-Type': 'application/json', Date: date });
      response.end(JSON.stringify(body));
    };
    if (request.url?.endsWith('/status'))
      json(options.status === 'STARTING' ? 503 : 200, { state: options.status ?? 'RUNNING', ...options.farm });
    else if (request.url?.endsWith('/rest/mirroring/latest/upstreamServer')) {
      if (typeof options.upstream === 'number') json(options.upstream, { errors: [] });
      else
        json(200, { id: 'u1', baseUrl: 'https://bitbucket.example.com', state: options.upstream ?? 'INSTALLED', type: 'BITBUCKET_SERVER' });
    } else json(404, {});
  };
  const cert = Buffer.concat([read(options.certificate ?? 'mirror.crt'), read('intermediate.pem')]);
  return listen(track(createHttpsServer({ key: read(options.key ?? 'mirror.key'), cert }, handler)), host);
}

/** A plain HTTP server: on the "HTTPS" port (the wrong protocol), or on port 80 redirecting or not. */
export async function httpServer(redirectTo?: string): Promise<number> {
  return listen(
    track(
      createHttpServer((_request, response) => {
        if (redirectTo) response.writeHead(301, { Location: redirectTo }).end();
        else response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>mirror</html>');
      }),
    ),
  );
}

/** Accepts connections and never says a word. */
export async function silentServer(): Promise<number> {
  return listen(track(createNetServer(() => undefined)));
}

/** Sends an SSH identification line, as Bitbucket's embedded SSH server does. */
export async function sshServer(banner = 'SSH-2.0-SSHD-UNKNOWN'): Promise<number> {
  return listen(track(createNetServer((socket) => socket.write(`${banner}\r\n`))));
}

/** A port nothing listens on: bound for a moment to get a free number, then closed. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  const portNumber = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return portNumber;
}

/**
 * A port whose accept queue is full, so the kernel drops new SYNs and a connect times out, as
 * behind a firewall that drops packets. Node always accepts, so a tiny python3 process listens
 * without ever calling accept(); two connections fill its queue first. It exits on its own.
 */
export async function droppingPort(): Promise<number> {
  const child = spawn('python3', ['-c', LISTEN_NEVER_ACCEPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  open.push({ close: () => child.kill() });
  const portNumber = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  for (let i = 0; i < 3; i += 1) {
    const socket = new Socket();
    socket.on('error', () => undefined);
    socket.connect(portNumber, '127.0.0.1');
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return portNumber;
}

const LISTEN_NEVER_ACCEPT = [
  'import socket, sys, time',
  's = socket.socket()',
  "s.bind(('127.0.0.1', 0))",
  's.listen(0)',
  'print(s.getsockname()[1], flush=True)',
  'time.sleep(60)',
].join('\n');

export async function closeAll(): Promise<void> {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(
    open
      .splice(0)
      .map((server) =>
        server instanceof Object && 'listening' in server
          ? new Promise((resolve) => (server as Server).close(() => resolve(undefined)))
          : Promise.resolve(server.close()),
      ),
  );
}

/** Writes `first`, then one byte of `drip` every 50 ms until the peer goes: never idle, never done. */
function trickle(socket: Socket, first: Buffer | string, drip = 'a'): void {
  socket.write(first);
  const timer = setInterval(() => {
    if (socket.writable) socket.write(drip);
  }, 50);
  socket.once('close', () => clearInterval(timer));
}

/** A "TLS" port that sends a handshake record header announcing 16 KiB, then trickles it a byte at a time. */
export async function tricklingTlsServer(): Promise<number> {
  return listen(track(createNetServer((socket) => trickle(socket, Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00]), '\u0001'))));
}

/** An SSH port that trickles bytes and never ends a line. */
export async function tricklingSshServer(): Promise<number> {
  return listen(track(createNetServer((socket) => trickle(socket, 'x'))));
}

/** A plain HTTP port that trickles one endless header. */
export async function tricklingHttpServer(): Promise<number> {
  return listen(track(createNetServer((socket) => trickle(socket, 'HTTP/1.1 301 Moved\r\nX-Slow: '))));
}

/** An HTTPS mirror whose answers never end: `trickle` drips a byte every 50 ms, `flood` sends as fast as it can. */
export async function endlessHttpsMirror(mode: 'trickle' | 'flood'): Promise<number> {
  const cert = Buffer.concat([read('mirror.crt'), read('intermediate.pem')]);
  const server = createHttpsServer({ key: read('mirror.key'), cert }, (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', Date: new Date().toUTCString() });
    response.write('{"state": "RUNNING", "pad": "');
    const chunk = 'x'.repeat(mode === 'flood' ? 65_536 : 1);
    const timer = setInterval(
      () => {
        if (!response.writableEnded && !response.destroyed) response.write(chunk);
      },
      mode === 'flood' ? 1 : 50,
    );
    response.once('close', () => clearInterval(timer));
  });
  return listen(track(server));
}
