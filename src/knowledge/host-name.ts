/** Whether a text is a host name as DNS and certificates understand one. */
import { isIP } from 'node:net';

/** Host names as Bitbucket's proxy settings need them; kept free of zod so operators can use them cheaply. */

const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** True for a DNS host name (RFC 1123 labels) or an IPv4/IPv6 literal; no scheme, port or path. */
export function isHostName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  if (isIpLiteral(value)) return true;
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.split('.').every((label) => HOST_LABEL.test(label));
}

export function isIpLiteral(value: string): boolean {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return isIP(bare) !== 0;
}
