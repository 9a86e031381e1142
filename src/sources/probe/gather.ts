/**
 * Gathers facts about a live mirror. Every step has its own deadline and is tried once; nothing is
 * sent anywhere but the named host (or the --connect-to address standing in for it).
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { bounded, connectOnce, get, jsonStatus, speaksPlainHttp, sshBanner, tlsHandshake, type ConnectOutcome } from './steps';
import type { ProbeTarget } from './target';

export { BODY_CAP_BYTES, type ConnectOutcome } from './steps';

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
  /** A mirror farm node's /status: how many nodes the farm has, and whether it is still finding them. */
  statusMemberCount?: number;
  statusDiscovering?: boolean;
  /** Each step taken, in order: whether it got an answer, and how long it took. */
  steps: ProbeStep[];
  /** The whole probe, start to end. */
  durationSeconds: number;
}

export interface ProbeStep {
  name: 'dns' | 'connect' | 'tls' | 'plain-http' | 'status' | 'upstream' | 'http-redirect' | 'ssh-banner';
  ok: boolean;
  seconds: number;
}

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

export interface ProbeOptions {
  timeoutMs: number;
  /** Name resolution; the system resolver by default (tests pass their own, to stay off the network). */
  lookup?: Lookup;
}

const systemLookup: Lookup = (host) => dns.lookup(host, { all: true, verbatim: true });

async function resolve(
  target: ProbeTarget,
  timeoutMs: number,
  lookupHost: Lookup,
): Promise<Pick<ProbeResult, 'dnsResolved' | 'dnsError' | 'ipv4' | 'ipv6'>> {
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

/**
 * The most a probe takes: its steps run one after another (the connections at once), each within
 * the step deadline: DNS, connections, TLS, then /status and the REST call (or the plain-HTTP check),
 * the HTTP redirect and the SSH banner.
 */
export const PROBE_STEPS = 7;

export async function gatherProbe(target: ProbeTarget, options: ProbeOptions): Promise<ProbeResult> {
  const { timeoutMs } = options;
  const started = performance.now();
  const steps: ProbeStep[] = [];
  /** Runs a step and records whether it answered (as `ok` says) and how long it took. */
  const step = async <T>(name: ProbeStep['name'], work: () => Promise<T>, ok: (value: T) => boolean): Promise<T> => {
    const from = performance.now();
    const value = await work();
    steps.push({ name, ok: ok(value), seconds: (performance.now() - from) / 1000 });
    return value;
  };
  const fixed = target.connectTo !== undefined || isIP(target.host) !== 0;
  const addresses = fixed
    ? await resolve(target, timeoutMs, options.lookup ?? systemLookup)
    : await step(
        'dns',
        () => resolve(target, timeoutMs, options.lookup ?? systemLookup),
        (r) => r.dnsResolved === true,
      );
  const result: ProbeResult = { target, ...addresses, connections: [], chain: [], steps, durationSeconds: 0 };

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
    families
      .filter((f) => f.address !== undefined)
      .map(async (f) => ({ ...s, family: f.family, address: f.address ?? '', ...(await connectOnce(f.address ?? '', s.port, timeoutMs)) })),
  );
  result.connections = await step(
    'connect',
    () => Promise.all(attempts),
    (all) => all.some((c) => c.outcome === 'connected'),
  );

  const reachable = (service: string) => result.connections.find((c) => c.service === service && c.outcome === 'connected')?.address;
  const httpsAddress = reachable('https');
  if (httpsAddress) {
    Object.assign(
      result,
      await step(
        'tls',
        () => tlsHandshake(httpsAddress, target, timeoutMs),
        (t) => !t.tlsError,
      ),
    );
    if (result.tlsError) {
      result.plainHttp = await step(
        'plain-http',
        () => speaksPlainHttp(httpsAddress, target.httpsPort, target.host, timeoutMs),
        () => true,
      );
    } else {
      const status = await step(
        'status',
        () => get(true, httpsAddress, target.httpsPort, target, `${target.contextPath}/status`, timeoutMs),
        (a) => a !== undefined,
      );
      if (status) {
        result.statusHttpCode = status.status;
        const answer = jsonStatus(status.body);
        result.statusState = answer.state ?? (status.status >= 500 ? `HTTP ${status.status}` : undefined);
        if (answer.memberCount !== undefined) result.statusMemberCount = answer.memberCount;
        if (answer.discovering !== undefined) result.statusDiscovering = answer.discovering;
        const date = Date.parse(String(status.headers['date'] ?? ''));
        if (!Number.isNaN(date)) result.clockSkewSeconds = Math.round((date - status.receivedAt) / 1000);
      }
      const upstream = await step(
        'upstream',
        () => get(true, httpsAddress, target.httpsPort, target, `${target.contextPath}/rest/mirroring/latest/upstreamServer`, timeoutMs),
        (a) => a !== undefined,
      );
      if (upstream) {
        result.upstreamHttpCode = upstream.status;
        if (upstream.status === 200) result.upstreamState = jsonStatus(upstream.body).state;
      }
    }
  }
  const httpAddress = result.ipv4[0] ?? result.ipv6[0];
  if (httpAddress) {
    const plain = await step(
      'http-redirect',
      () => get(false, httpAddress, target.httpPort, target, `${target.contextPath}/`, timeoutMs),
      (a) => a !== undefined,
    );
    if (plain) {
      const location = String(plain.headers['location'] ?? '');
      result.httpRedirectsToHttps = plain.status >= 300 && plain.status < 400 && location.startsWith('https://');
    }
  }
  const sshAddress = reachable('ssh');
  if (sshAddress)
    Object.assign(
      result,
      await step(
        'ssh-banner',
        () => sshBanner(sshAddress, target.sshPort, timeoutMs),
        (b) => b.sshBanner !== undefined,
      ),
    );
  result.durationSeconds = (performance.now() - started) / 1000;
  return result;
}
