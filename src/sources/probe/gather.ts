import { promises as dns } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect, type DetailedPeerCertificate } from 'node:tls';
import type { ProbeTarget } from './target';

/**
 * Gathers facts about a live mirror. Every step has its own deadline and is tried once; nothing is
 * sent anywhere but the named host (or the --connect-to address standing in for it).
 */

export type ConnectOutcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error';

export interface ConnectionFacts {
  service: 'https' | 'ssh' | 'http' | 'server';
  port: number;
  family: 4 | 6;
  address: string;
  outcome: ConnectOutcome;
  errorCode?: string;
}

export interface ProbeResult {
  target: ProbeTarget;
  /** undefined when the host is an IP literal or --connect-to skipped the lookup. */
  dnsResolved?: boolean;
  dnsError?: string;
  ipv4: string[];
  ipv6: string[];
  connections: ConnectionFacts[];
  tlsProtocol?: string;
  tlsError?: string;
  /** The HTTPS port answered in plain HTTP. */
  plainHttp?: boolean;
  /** DER certificates as presented, leaf first. */
  chain: Buffer[];
  statusHttpCode?: number;
  statusState?: string;
  upstreamHttpCode?: number;
  upstreamState?: string;
  /** Server Date minus local time, in seconds (positive: the server is ahead). */
  clockSkewSeconds?: number;
  httpRedirectsToHttps?: boolean;
  sshBanner?: string;
  sshError?: string;
}

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

export interface ProbeOptions {
  timeoutMs: number;
  /** Name resolution; the system resolver by default (tests pass their own, to stay off the network). */
  lookup?: Lookup;
}

const systemLookup: Lookup = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * A step with a total deadline, not an idle one: a server that keeps sending (a trickled handshake,
 * an endless body or banner) is cut off at `ms` like one that says nothing. `run` starts the step and
 * returns what releases it (destroys its socket); `finish` settles the step once.
 */
function bounded<T>(ms: number, run: (finish: (value: T) => void) => () => void, onDeadline: () => T): Promise<T> {
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

async function resolve(target: ProbeTarget, timeoutMs: number, lookupHost: Lookup): Promise<Pick<ProbeResult, 'dnsResolved' | 'dnsError' | 'ipv4' | 'ipv6'>> {
  const fixed = target.connectTo ?? (isIP(target.host) ? [target.host] : undefined);
  if (fixed) {
    return { ipv4: fixed.filter((a) => isIP(a) === 4), ipv6: fixed.filter((a) => isIP(a) === 6) };
  }
  return bounded<Pick<ProbeResult, 'dnsResolved' | 'dnsError' | 'ipv4' | 'ipv6'>>(
    timeoutMs,
    (finish) => {
      lookupHost(target.host).then(
        (addresses) =>
          finish({
            dnsResolved: addresses.length > 0,
            ipv4: addresses.filter((a) => a.family === 4).map((a) => a.address),
            ipv6: addresses.filter((a) => a.family === 6).map((a) => a.address),
          }),
        (error: NodeJS.ErrnoException) => finish({ dnsResolved: false, dnsError: error.code ?? 'lookup failed', ipv4: [], ipv6: [] }),
      );
      return () => undefined;
    },
    () => ({ dnsResolved: false, dnsError: 'timeout', ipv4: [], ipv6: [] }),
  );
}

function connectOnce(address: string, port: number, timeoutMs: number): Promise<{ outcome: ConnectOutcome; errorCode?: string }> {
  return bounded<{ outcome: ConnectOutcome; errorCode?: string }>(
    timeoutMs,
    (finish) => {
      const socket = new Socket();
      socket.once('connect', () => finish({ outcome: 'connected' }));
      socket.on('error', (error: NodeJS.ErrnoException) => {
        const code = error.code ?? 'error';
        if (code === 'ECONNREFUSED') finish({ outcome: 'refused', errorCode: code });
        else if (['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT'].includes(code)) finish({ outcome: 'unreachable', errorCode: code });
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

function tlsHandshake(address: string, target: ProbeTarget, timeoutMs: number): Promise<TlsFacts> {
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
function speaksPlainHttp(address: string, port: number, host: string, timeoutMs: number): Promise<boolean> {
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

function get(secure: boolean, address: string, port: number, target: ProbeTarget, requestPath: string, timeoutMs: number): Promise<HttpAnswer | undefined> {
  return bounded<HttpAnswer | undefined>(
    timeoutMs,
    (finish) => {
      const request = (secure ? httpsRequest : httpRequest)(
        {
          host: address,
          port,
          path: requestPath,
          method: 'GET',
          headers: { Host: `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${port}`, Accept: 'application/json', 'User-Agent': 'bitbucket-mirror-lint' },
          ...(secure ? { servername: isIP(target.host) ? undefined : target.host, rejectUnauthorized: false } : {}),
          // Node's own limit on the response head (16 KiB) holds too: a header flood is an error.
        },
        (response) => {
          const receivedAt = Date.now();
          const chunks: Buffer[] = [];
          let size = 0;
          const answer = () => ({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt });
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

function jsonState(body: string): string | undefined {
  try {
    const state = (JSON.parse(body) as { state?: unknown }).state;
    return typeof state === 'string' ? state : undefined;
  } catch {
    return undefined;
  }
}

function sshBanner(address: string, port: number, timeoutMs: number): Promise<{ sshBanner?: string; sshError?: string }> {
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

/**
 * The most a probe takes: its steps run one after another (the connections at once), each within
 * the step deadline: DNS, connections, TLS, then /status and the REST call (or the plain-HTTP check),
 * the HTTP redirect and the SSH banner.
 */
export const PROBE_STEPS = 7;

export async function gatherProbe(target: ProbeTarget, options: ProbeOptions): Promise<ProbeResult> {
  const { timeoutMs } = options;
  const addresses = await resolve(target, timeoutMs, options.lookup ?? systemLookup);
  const result: ProbeResult = { target, ...addresses, connections: [], chain: [] };

  const services: { service: ConnectionFacts['service']; port: number }[] = [
    { service: 'https', port: target.httpsPort },
    { service: 'ssh', port: target.sshPort },
    ...(target.serverPort ? [{ service: 'server' as const, port: target.serverPort }] : []),
  ];
  const families: { family: 4 | 6; address: string | undefined }[] = [
    { family: 4, address: result.ipv4[0] },
    { family: 6, address: result.ipv6[0] },
  ];
  const attempts = services.flatMap((s) =>
    families.filter((f) => f.address !== undefined).map(async (f) => ({ ...s, family: f.family, address: f.address ?? '', ...(await connectOnce(f.address ?? '', s.port, timeoutMs)) })),
  );
  result.connections = await Promise.all(attempts);

  const reachable = (service: string) => result.connections.find((c) => c.service === service && c.outcome === 'connected')?.address;
  const httpsAddress = reachable('https');
  if (httpsAddress) {
    Object.assign(result, await tlsHandshake(httpsAddress, target, timeoutMs));
    if (result.tlsError) {
      result.plainHttp = await speaksPlainHttp(httpsAddress, target.httpsPort, target.host, timeoutMs);
    } else {
      const status = await get(true, httpsAddress, target.httpsPort, target, `${target.contextPath}/status`, timeoutMs);
      if (status) {
        result.statusHttpCode = status.status;
        result.statusState = jsonState(status.body) ?? (status.status >= 500 ? `HTTP ${status.status}` : undefined);
        const date = Date.parse(String(status.headers['date'] ?? ''));
        if (!Number.isNaN(date)) result.clockSkewSeconds = Math.round((date - status.receivedAt) / 1000);
      }
      const upstream = await get(true, httpsAddress, target.httpsPort, target, `${target.contextPath}/rest/mirroring/latest/upstreamServer`, timeoutMs);
      if (upstream) {
        result.upstreamHttpCode = upstream.status;
        if (upstream.status === 200) result.upstreamState = jsonState(upstream.body);
      }
    }
  }
  const httpAddress = result.ipv4[0] ?? result.ipv6[0];
  if (httpAddress) {
    const plain = await get(false, httpAddress, target.httpPort, target, `${target.contextPath}/`, timeoutMs);
    if (plain) {
      const location = String(plain.headers['location'] ?? '');
      result.httpRedirectsToHttps = plain.status >= 300 && plain.status < 400 && location.startsWith('https://');
    }
  }
  const sshAddress = reachable('ssh');
  if (sshAddress) Object.assign(result, await sshBanner(sshAddress, target.sshPort, timeoutMs));
  return result;
}
