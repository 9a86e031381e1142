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

function withDeadline<T>(ms: number, work: Promise<T>, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function resolve(target: ProbeTarget, timeoutMs: number, lookupHost: Lookup): Promise<Pick<ProbeResult, 'dnsResolved' | 'dnsError' | 'ipv4' | 'ipv6'>> {
  const fixed = target.connectTo ?? (isIP(target.host) ? [target.host] : undefined);
  if (fixed) {
    return { ipv4: fixed.filter((a) => isIP(a) === 4), ipv6: fixed.filter((a) => isIP(a) === 6) };
  }
  const lookup = lookupHost(target.host).then(
    (addresses) => ({
      dnsResolved: addresses.length > 0,
      ipv4: addresses.filter((a) => a.family === 4).map((a) => a.address),
      ipv6: addresses.filter((a) => a.family === 6).map((a) => a.address),
    }),
    (error: NodeJS.ErrnoException) => ({ dnsResolved: false, dnsError: error.code ?? 'lookup failed', ipv4: [], ipv6: [] }),
  );
  return withDeadline(timeoutMs, lookup, () => ({ dnsResolved: false, dnsError: 'timeout', ipv4: [], ipv6: [] }));
}

function connectOnce(address: string, port: number, timeoutMs: number): Promise<{ outcome: ConnectOutcome; errorCode?: string }> {
  return new Promise((done) => {
    const socket = new Socket();
    const finish = (outcome: ConnectOutcome, errorCode?: string) => {
      socket.destroy();
      done({ outcome, errorCode });
    };
    socket.setTimeout(timeoutMs, () => finish('timeout'));
    socket.once('connect', () => finish('connected'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'error';
      if (code === 'ECONNREFUSED') finish('refused', code);
      else if (['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT'].includes(code)) finish('unreachable', code);
      else if (code === 'ETIMEDOUT') finish('timeout', code);
      else finish('error', code);
    });
    socket.connect({ host: address, port });
  });
}

interface TlsFacts {
  tlsProtocol?: string;
  tlsError?: string;
  chain: Buffer[];
}

function tlsHandshake(address: string, target: ProbeTarget, timeoutMs: number): Promise<TlsFacts> {
  return new Promise((done) => {
    const socket = tlsConnect({
      host: address,
      port: target.httpsPort,
      servername: isIP(target.host) ? undefined : target.host,
      // The certificate is judged by the cert/* rules, not by the handshake.
      rejectUnauthorized: false,
    });
    const finish = (facts: TlsFacts) => {
      socket.destroy();
      done(facts);
    };
    socket.setTimeout(timeoutMs, () => finish({ tlsError: 'timeout', chain: [] }));
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
  });
}

/** Sends a plain HTTP request to a port that refused TLS: an "HTTP/" answer means the wrong protocol. */
function speaksPlainHttp(address: string, port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    let answer = '';
    const finish = (result: boolean) => {
      socket.destroy();
      done(result);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (answer.length >= 5) finish(answer.startsWith('HTTP/'));
    });
    socket.once('end', () => finish(answer.startsWith('HTTP/')));
    socket.connect({ host: address, port }, () => socket.write(`HEAD / HTTP/1.0\r\nHost: ${host}\r\n\r\n`));
  });
}

interface HttpAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  receivedAt: number;
}

function get(secure: boolean, address: string, port: number, target: ProbeTarget, requestPath: string, timeoutMs: number): Promise<HttpAnswer | undefined> {
  return new Promise((done) => {
    const request = (secure ? httpsRequest : httpRequest)(
      {
        host: address,
        port,
        path: requestPath,
        method: 'GET',
        headers: { Host: `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${port}`, Accept: 'application/json', 'User-Agent': 'bitbucket-mirror-lint' },
        ...(secure ? { servername: isIP(target.host) ? undefined : target.host, rejectUnauthorized: false } : {}),
        timeout: timeoutMs,
      },
      (response) => {
        const receivedAt = Date.now();
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 65_536) body += chunk;
        });
        response.on('end', () => done({ status: response.statusCode ?? 0, headers: response.headers, body, receivedAt }));
        response.on('error', () => done(undefined));
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => done(undefined));
    request.end();
  });
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
  return new Promise((done) => {
    const socket = new Socket();
    let data = '';
    const finish = (result: { sshBanner?: string; sshError?: string }) => {
      socket.destroy();
      done(result);
    };
    socket.setTimeout(timeoutMs, () => finish({ sshError: data ? 'no SSH identification line' : 'no answer' }));
    socket.on('error', (error: NodeJS.ErrnoException) => finish({ sshError: error.code ?? 'error' }));
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      // RFC 4253 4.2: the server may send other lines first; the identification starts with "SSH-".
      const line = data.split(/\r?\n/).find((l) => l.startsWith('SSH-'));
      if (line !== undefined && /\r?\n/.test(data.slice(data.indexOf(line)))) finish({ sshBanner: line.trim() });
      else if (data.length > 8192) finish({ sshError: 'no SSH identification line' });
    });
    socket.once('end', () => finish({ sshError: 'closed without an SSH identification line' }));
    socket.connect({ host: address, port });
  });
}

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
