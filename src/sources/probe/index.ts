/** A probe's results turned into facts, as a file would be: the endpoint, its connections and the presented chain. */
import { FILE_START } from '../../model/diagnostic';
import type { ProbeResult } from './gather';
import { pemSource } from '../pem';
import type { FactItem, FileFacts } from '../source';

/** The name a probe's findings are reported under, in place of a file path. */
export function probeLabel(result: ProbeResult): string {
  const { host, httpsPort } = result.target;
  return `https://${host.includes(':') ? `[${host}]` : host}${httpsPort === 443 ? '' : `:${httpsPort}`}${result.target.contextPath}`;
}

function endpointItem(result: ProbeResult): FactItem {
  const connected = (service: string) => result.connections.some((c) => c.service === service && c.outcome === 'connected');
  return {
    scope: 'endpoint',
    span: FILE_START,
    facts: {
      host: result.target.host,
      httpsPort: result.target.httpsPort,
      sshPort: result.target.sshPort,
      dnsResolved: result.dnsResolved,
      dnsError: result.dnsError,
      ipv4: result.ipv4,
      ipv6: result.ipv6,
      httpsConnected: connected('https'),
      sshConnected: connected('ssh'),
      tlsProtocol: result.tlsProtocol,
      tlsError: result.tlsError,
      plainHttp: result.plainHttp,
      statusHttpCode: result.statusHttpCode,
      statusState: result.statusState,
      statusMemberCount: result.statusMemberCount,
      statusDiscovering: result.statusDiscovering,
      upstreamHttpCode: result.upstreamHttpCode,
      upstreamState: result.upstreamState,
      clockSkewSeconds: result.clockSkewSeconds,
      clockSkewAbsSeconds: result.clockSkewSeconds === undefined ? undefined : Math.abs(result.clockSkewSeconds),
      httpRedirectsToHttps: result.httpRedirectsToHttps,
      sshBanner: result.sshBanner,
      sshError: result.sshError,
    },
  };
}

function connectionItems(result: ProbeResult): FactItem[] {
  return result.connections.map((c) => ({
    scope: 'connection',
    span: FILE_START,
    facts: {
      ...c,
      // IPv4 speaks for the host when it has an IPv4 address; a failing IPv6 beside it is its own finding.
      isPrimaryFamily: c.family === 4 || result.ipv4.length === 0,
      otherFamilyConnected: result.connections.some((o) => o.service === c.service && o.family !== c.family && o.outcome === 'connected'),
    },
  }));
}

function toPem(der: Buffer): string {
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/**
 * A probe becomes facts like a file does: one `probe` item set for the endpoint and its connections,
 * and, when TLS answered, the presented chain as a `pem` file, so the cert/* rules judge a live
 * certificate exactly as they judge one on disk.
 */
export function probeToFiles(result: ProbeResult): { file: string; facts: FileFacts; directives: [] }[] {
  const label = probeLabel(result);
  const probe: FileFacts = {
    kind: 'probe',
    items: [endpointItem(result), ...connectionItems(result)],
    secrets: [],
    hints: { host: result.target.host },
    locate: () => undefined,
    queries: {},
    probe: {
      target: label,
      host: result.target.host,
      success: result.steps.every((s) => s.ok),
      durationSeconds: result.durationSeconds,
      steps: result.steps,
      ...(result.statusState !== undefined ? { statusState: result.statusState } : {}),
      ...(result.statusMemberCount !== undefined ? { memberCount: result.statusMemberCount } : {}),
      ...(result.statusDiscovering !== undefined ? { discovering: result.statusDiscovering } : {}),
      ...(result.upstreamState !== undefined ? { upstreamState: result.upstreamState } : {}),
    },
  };
  const files: { file: string; facts: FileFacts; directives: [] }[] = [{ file: label, facts: probe, directives: [] }];
  if (result.chain.length > 0) {
    const text = result.chain.map(toPem).join('');
    const chainFile = `${label} (TLS certificate chain)`;
    const parsed = pemSource.parse(Buffer.from(text), chainFile);
    parsed.hints.host = result.target.host;
    files.push({ file: chainFile, facts: parsed, directives: [] });
  }
  return files;
}
