/** The probe's steps, each one connection or request with a total deadline: connect, TLS handshake, plain HTTP, GET, SSH banner. */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect, type DetailedPeerCertificate } from 'node:tls';
import type { ProbeTarget } from './target';

export type ConnectOutcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error';

/**
 * A step with a total deadline, not an idle one: a server that keeps sending (a trickled handshake,
 * an endless body or banner) is cut off at `ms` like one that says nothing. `run` starts the step and
 * returns what releases it (destroys its socket); `finish` settles the step once.
 */
export function bounded<T>(ms: number, run: (finish: (value: T) => void) => () => void, onDeadline: () => T): Promise<T> {
  return new Promise((resolve) => {
    let settled = false;
    // Set once run() returns; finish() may come first (a synchronous error), and then releases at once.
    const step: { release?: () => void } = {};
    const finish = (value: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      step.release?.();
      resolve(value);
    };
    const timer = setTimeout(() => finish(onDeadline()), ms);
    step.release = run(finish);
    if (settled) step.release();
  });
}

/** The most of a response body read: /status and the REST answer are a few hundred bytes. */
export const BODY_CAP_BYTES = 64 * 1024;
/** The most read from the SSH port while looking for its identification line (RFC 4253 allows 255-byte lines). */
const BANNER_CAP_BYTES = 8192;

export function connectOnce(address: string, port: number, timeoutMs: number): Promise<{ outcome: ConnectOutcome; errorCode?: string }> {
  return bounded<{ outcome: ConnectOutcome; errorCode?: string }>(
    timeoutMs,
    (finish) => {
      const socket = new Socket();
      socket.once('connect', () => finish({ outcome: 'connected' }));
      socket.on('error', (error: NodeJS.ErrnoException) => {
        const code = error.code ?? 'error';
        if (code === 'ECONNREFUSED') finish({ outcome: 'refused', errorCode: code });
        else if (['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT'].includes(code))
          finish({ outcome: 'unreachable', errorCode: code });
        else if (code === 'ETIMEDOUT') finish({ outcome: 'timeout', errorCode: code });
        else finish({ outcome: 'error', errorCode: code });
      });
      socket.connect({ host: address, port });
      return () => socket.destroy();
    },
    () => ({ outcome: 'timeout' }),
  );
}

interface TlsFacts {
  tlsProtocol?: string;
  tlsError?: string;
  chain: Buffer[];
}

export function tlsHandshake(address: string, target: ProbeTarget, timeoutMs: number): Promise<TlsFacts> {
  return bounded<TlsFacts>(
    timeoutMs,
    (finish) => {
      const socket = tlsConnect({
        host: address,
        port: target.httpsPort,
        servername: isIP(target.host) ? undefined : target.host,
        // The certificate is judged by the cert/* rules, not by the handshake.
        rejectUnauthorized: false,
      });
      socket.once('secureConnect', () => {
        const chain: Buffer[] = [];
        let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
        const seen = new Set<string>();
        while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
          seen.add(cert.fingerprint256);
          chain.push(cert.raw);
          cert = cert.issuerCertificate;
        }
        finish({ tlsProtocol: socket.getProtocol() ?? undefined, chain });
      });
      socket.on('error', (error: NodeJS.ErrnoException) => finish({ tlsError: error.code ?? error.message, chain: [] }));
      return () => socket.destroy();
    },
    () => ({ tlsError: 'timeout', chain: [] }),
  );
}

/** Sends a plain HTTP request to a port that refused TLS: an "HTTP/" answer means the wrong protocol. */
export function speaksPlainHttp(address: string, port: number, host: string, timeoutMs: number): Promise<boolean> {
  return bounded(
    timeoutMs,
    (finish) => {
      const socket = new Socket();
      let answer = '';
      socket.on('error', () => finish(false));
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString('latin1', 0, Math.min(chunk.length, 5));
        if (answer.length >= 5) finish(answer.startsWith('HTTP/'));
      });
      socket.once('end', () => finish(answer.startsWith('HTTP/')));
      socket.connect({ host: address, port }, () => socket.write(`HEAD / HTTP/1.0\r\nHost: ${host}\r\n\r\n`));
      return () => socket.destroy();
    },
    () => false,
  );
}

interface HttpAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  receivedAt: number;
}

export function get(
  secure: boolean,
  address: string,
  port: number,
  target: ProbeTarget,
  requestPath: string,
  timeoutMs: number,
): Promise<HttpAnswer | undefined> {
  return bounded<HttpAnswer | undefined>(
    timeoutMs,
    (finish) => {
      const request = (secure ? httpsRequest : httpRequest)(
        {
          host: address,
          port,
          path: requestPath,
          method: 'GET',
          headers: {
            Host: `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${port}`,
            Accept: 'application/json',
            'User-Agent': 'bitbucket-mirror-lint',
          },
          ...(secure ? { servername: isIP(target.host) ? undefined : target.host, rejectUnauthorized: false } : {}),
          // Node's own limit on the response head (16 KiB) holds too: a header flood is an error.
        },
        (response) => {
          const receivedAt = Date.now();
          const chunks: Buffer[] = [];
          let size = 0;
          const answer = () => ({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            receivedAt,
          });
          response.on('data', (chunk: Buffer) => {
            chunks.push(chunk.subarray(0, BODY_CAP_BYTES - size));
            size += chunk.length;
            // Enough to judge: the rest is not read (a cut JSON body simply has no state).
            if (size >= BODY_CAP_BYTES) finish(answer());
          });
          response.on('end', () => finish(answer()));
          response.on('error', () => finish(undefined));
        },
      );
      request.on('error', () => finish(undefined));
      request.end();
      return () => request.destroy();
    },
    () => undefined,
  );
}

/**
 * What a JSON answer says of the node: its `state`, and on a mirror farm node `memberCount` (a number
 * or, as Bitbucket writes it, a string) and `discovering`.
 */
export function jsonStatus(body: string): { state?: string; memberCount?: number; discovering?: boolean } {
  try {
    const answer = JSON.parse(body) as { state?: unknown; memberCount?: unknown; discovering?: unknown };
    const members = typeof answer.memberCount === 'string' || typeof answer.memberCount === 'number' ? Number(answer.memberCount) : NaN;
    return {
      ...(typeof answer.state === 'string' ? { state: answer.state } : {}),
      ...(Number.isFinite(members) ? { memberCount: members } : {}),
      ...(typeof answer.discovering === 'boolean' ? { discovering: answer.discovering } : {}),
    };
  } catch {
    return {};
  }
}

export function sshBanner(address: string, port: number, timeoutMs: number): Promise<{ sshBanner?: string; sshError?: string }> {
  let data = '';
  return bounded<{ sshBanner?: string; sshError?: string }>(
    timeoutMs,
    (finish) => {
      const socket = new Socket();
      socket.on('error', (error: NodeJS.ErrnoException) => finish({ sshError: error.code ?? 'error' }));
      socket.on('data', (chunk: Buffer) => {
        data += chunk.toString('latin1');
        // RFC 4253 4.2: the server may send other lines first; the identification starts with "SSH-".
        const line = data.split(/\r?\n/).find((l) => l.startsWith('SSH-'));
        if (line !== undefined && /\r?\n/.test(data.slice(data.indexOf(line)))) finish({ sshBanner: line.trim() });
        else if (data.length > BANNER_CAP_BYTES) finish({ sshError: 'no SSH identification line' });
      });
      socket.once('end', () => finish({ sshError: 'closed without an SSH identification line' }));
      socket.connect({ host: address, port });
      return () => socket.destroy();
    },
    () => ({ sshError: data ? 'no SSH identification line' : 'no answer' }),
  );
}
