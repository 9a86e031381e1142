/** What rules may ask of a probed mirror: the facts of its endpoint and of each connection. */
import type { SourceDescriptor } from '../source';

export const probeDescriptor: SourceDescriptor = {
  kind: 'probe',
  factNames: {
    endpoint: [
      'host',
      'httpsPort',
      'sshPort',
      'dnsResolved',
      'dnsError',
      'ipv4',
      'ipv6',
      'httpsConnected',
      'sshConnected',
      'tlsProtocol',
      'tlsError',
      'plainHttp',
      'statusHttpCode',
      'statusState',
      'statusMemberCount',
      'statusDiscovering',
      'upstreamHttpCode',
      'upstreamState',
      'clockSkewSeconds',
      'clockSkewAbsSeconds',
      'httpRedirectsToHttps',
      'sshBanner',
      'sshError',
    ],
    connection: ['service', 'port', 'family', 'address', 'outcome', 'errorCode', 'isPrimaryFamily', 'otherFamilyConnected'],
  },
  queryNames: [],
};
