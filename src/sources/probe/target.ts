/** What to probe: a host or URL turned into host, ports and context path. */
import { isIP } from 'node:net';
import { stripTrailing } from '../../util/text';

/** What to probe: a mirror's public HTTPS address, its SSH port and, if asked, its plain HTTP port. */
export interface ProbeTarget {
  host: string;
  httpsPort: number;
  /** The context path from the URL ('' for the root), for /status and the REST calls. */
  contextPath: string;
  sshPort: number;
  /** Port checked for a redirect from plain HTTP to HTTPS (80 by default). */
  httpPort: number;
  /** Bitbucket's own port (server.port), connected to only when given. */
  serverPort?: number;
  /** Connect to these addresses instead of resolving the host (curl's --resolve), e.g. to probe one node. */
  connectTo?: string[];
}

export class ProbeTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeTargetError';
  }
}

/** Reads "host", "host:port" or "https://host[:port][/context]" into a target with default ports. */
export function parseProbeTarget(text: string, overrides: Partial<Omit<ProbeTarget, 'host'>> = {}): ProbeTarget {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${isIP(text) === 6 ? `[${text}]` : text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProbeTargetError(`"${text}" is not a host name or URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ProbeTargetError(`"${text}": only http and https URLs can be probed`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new ProbeTargetError(`"${text}" has no host name`);
  return {
    host,
    httpsPort: url.port ? Number(url.port) : 443,
    contextPath: stripTrailing(url.pathname, '/'),
    sshPort: 7999,
    httpPort: 80,
    ...overrides,
  };
}
