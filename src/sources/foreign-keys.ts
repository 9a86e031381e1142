/** Private keys in the formats admins paste that are neither PEM nor OpenSSH: PuTTY (.ppk), ssh.com (SECSH) and SSH-1. */

export interface ForeignPrivateKey {
  format: string;
  /** The key type the file names, when it names one (PuTTY does). */
  type?: string;
  /** Undefined when the file does not say. */
  encrypted: boolean | undefined;
  /** 0-based first and last line. */
  start: number;
  end: number;
}

const PUTTY = /^PuTTY-User-Key-File-(\d+): *(\S*)/;
const SSHCOM = /^---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----/;
export const SSH1_MAGIC = 'SSH PRIVATE KEY FILE FORMAT 1.1\n';

/** The cipher an ssh.com private key names inside its blob ("none" when it is not encrypted). */
function sshcomCipher(base64: string): string | undefined {
  try {
    const blob = Buffer.from(base64, 'base64');
    if (blob.readUInt32BE(0) !== 0x3f6ff9eb) return undefined;
    let offset = 8;
    offset += 4 + blob.readUInt32BE(offset);
    const cipherLength = blob.readUInt32BE(offset);
    return blob.subarray(offset + 4, offset + 4 + cipherLength).toString('latin1');
  } catch {
    return undefined;
  }
}

/** An SSH-1 private key (a binary file): after its header and a NUL, one byte names the cipher (0: none). */
export function ssh1PrivateKey(bytes: Uint8Array): ForeignPrivateKey | undefined {
  if (Buffer.from(bytes.subarray(0, SSH1_MAGIC.length)).toString('latin1') !== SSH1_MAGIC) return undefined;
  const cipher = bytes[SSH1_MAGIC.length + 1];
  return { format: 'SSH-1', type: 'rsa1', encrypted: cipher === undefined ? undefined : cipher !== 0, start: 0, end: 0 };
}

/** A PuTTY or ssh.com private key starting at line `i` (lines trimmed of their line ends). */
export function foreignPrivateKeyAt(lines: readonly string[], i: number): ForeignPrivateKey | undefined {
  const line = (lines[i] ?? '').trim();
  const putty = PUTTY.exec(line);
  if (putty) {
    let end = i;
    while (end < lines.length - 1 && !/^Private-MAC:/.test((lines[end] ?? '').trim())) end += 1;
    const encryption = lines
      .slice(i, end + 1)
      .map((l) => /^Encryption: *(\S+)/.exec(l.trim())?.[1])
      .find(Boolean);
    return {
      format: `PuTTY (PPK version ${putty[1] ?? '?'})`,
      type: putty[2] || undefined,
      encrypted: encryption === undefined ? undefined : encryption !== 'none',
      start: i,
      end,
    };
  }
  if (SSHCOM.test(line)) {
    let end = i + 1;
    const body: string[] = [];
    let continued = false;
    for (; end < lines.length && !/^---- END SSH2 ENCRYPTED PRIVATE KEY ----/.test((lines[end] ?? '').trim()); end += 1) {
      const content = (lines[end] ?? '').trim();
      if (continued || /^[A-Za-z-]+:/.test(content)) continued = content.endsWith('\\');
      else body.push(content);
    }
    const cipher = sshcomCipher(body.join(''));
    return {
      format: 'ssh.com (SECSH)',
      encrypted: cipher === undefined ? undefined : cipher !== 'none',
      start: i,
      end: Math.min(end, lines.length - 1),
    };
  }
  return undefined;
}

/** Every PuTTY or ssh.com private key in a text. */
export function foreignPrivateKeys(text: string): ForeignPrivateKey[] {
  const lines = text.split(/\r\n|\r|\n/);
  const found: ForeignPrivateKey[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const key = foreignPrivateKeyAt(lines, i);
    if (key) {
      found.push(key);
      i = key.end;
    }
  }
  return found;
}
