/** PEM blocks found as OpenSSL finds them: BEGIN/END pairs, headers, base64 bodies, and what is broken about each. */
import type { Span } from '../../model/diagnostic';

/** One `-----BEGIN X-----` … `-----END X-----` block, with where it sits in the file. */
export interface PemBlock {
  label: string;
  /** RFC 1421 headers (Proc-Type, DEK-Info) of legacy encrypted keys. */
  headers: Record<string, string>;
  /** Decoded body; empty when the block is broken. */
  der: Buffer;
  span: Span;
  /** Why the block cannot be used, when it cannot. */
  problem?: string;
  /** The block's text, BEGIN to END, for parsers that want PEM. */
  text: string;
}

const BEGIN = /^-----BEGIN ([A-Z0-9][A-Z0-9 ]*)-----\s*$/;
const END = /^-----END ([A-Z0-9][A-Z0-9 ]*)-----\s*$/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Finds PEM blocks the way OpenSSL does: text before, between and after blocks is ignored.
 * Broken blocks (no END, a different END label, bad base64) are returned with a problem.
 */
export function findPemBlocks(text: string): PemBlock[] {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: PemBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const begin = BEGIN.exec(lines[i] ?? '');
    if (!begin) {
      i += 1;
      continue;
    }
    const label = begin[1] ?? '';
    const start = i;
    const headers: Record<string, string> = {};
    const body: string[] = [];
    let problem: string | undefined;
    let j = i + 1;
    let ended = false;
    for (; j < lines.length; j += 1) {
      const line = (lines[j] ?? '').trim();
      const end = END.exec(line);
      if (end) {
        if (end[1] !== label) problem = `BEGIN ${label} is closed by END ${end[1] ?? ''}`;
        ended = true;
        break;
      }
      if (BEGIN.test(line)) break; // a new block starts: this one never ended
      const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (header && body.length === 0) headers[header[1] ?? ''] = header[2] ?? '';
      else if (line !== '') body.push(line);
    }
    if (!ended) problem = `BEGIN ${label} has no END line`;
    const b64 = body.join('');
    if (!problem && (!body.every((l) => BASE64_LINE.test(l)) || b64.length % 4 !== 0)) problem = 'the body is not valid base64';
    if (!problem && b64.length === 0) problem = 'the block is empty';
    const endLine = ended ? j : j - 1;
    blocks.push({
      label,
      headers,
      der: problem ? Buffer.alloc(0) : Buffer.from(b64, 'base64'),
      span: { line: start + 1, column: 1, endLine: endLine + 1, endColumn: (lines[endLine] ?? '').length + 1 },
      problem,
      text: lines.slice(start, endLine + 1).join('\n'),
    });
    i = ended ? j + 1 : j;
  }
  return blocks;
}

export function isCertificateLabel(label: string): boolean {
  return label === 'CERTIFICATE' || label === 'X509 CERTIFICATE' || label === 'TRUSTED CERTIFICATE';
}

export function isPrivateKeyLabel(label: string): boolean {
  return /(^|\s)PRIVATE KEY$/.test(label);
}
