/** The SSH wire format of public keys and OpenSSH certificates (RFC 4253 §6.6, PROTOCOL.certkeys), as far as facts need it. */

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** Reads length-prefixed strings and mpints from a blob, remembering where each field lies. */
class Reader {
  offset = 0;
  constructor(private readonly blob: Buffer) {}

  string(): Buffer {
    if (this.offset + 4 > this.blob.length) throw new WireError('truncated');
    const length = this.blob.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (length > this.blob.length - start) throw new WireError('truncated');
    this.offset = start + length;
    return this.blob.subarray(start, start + length);
  }

  text(): string {
    return this.string().toString('latin1');
  }

  uint64(): void {
    if (this.offset + 8 > this.blob.length) throw new WireError('truncated');
    this.offset += 8;
  }

  uint32(): void {
    if (this.offset + 4 > this.blob.length) throw new WireError('truncated');
    this.offset += 4;
  }
}

/** Bits of an unsigned big-endian integer (an mpint may carry a leading zero byte). */
function bitLength(mpint: Buffer): number {
  let i = 0;
  while (i < mpint.length && mpint[i] === 0) i += 1;
  if (i === mpint.length) return 0;
  return (mpint.length - i - 1) * 8 + (32 - Math.clz32(mpint[i] as number));
}

const CURVE_BITS: Record<string, number> = { nistp256: 256, nistp384: 384, nistp521: 521 };

/** What the fields of a key type are, and how many bits the key has, read from its fields. */
function readKeyFields(reader: Reader, type: string): { bits: number; curve?: string } {
  switch (type) {
    case 'ssh-rsa': {
      reader.string(); // e
      return { bits: bitLength(reader.string()) };
    }
    case 'ssh-dss': {
      const p = reader.string();
      reader.string();
      reader.string();
      reader.string();
      return { bits: bitLength(p) };
    }
    case 'ssh-ed25519':
      if (reader.string().length !== 32) throw new WireError('an Ed25519 key is 32 bytes');
      return { bits: 256 };
    case 'sk-ssh-ed25519@openssh.com':
      if (reader.string().length !== 32) throw new WireError('an Ed25519 key is 32 bytes');
      reader.text(); // application
      return { bits: 256 };
    default: {
      const ecdsa = /^(sk-)?ecdsa-sha2-(nistp\d+)(@openssh\.com)?$/.exec(type);
      if (!ecdsa) throw new WireError(`unknown key type ${type}`);
      const curve = reader.text();
      if (curve !== ecdsa[2] || CURVE_BITS[curve] === undefined) throw new WireError(`the curve ${curve} does not fit ${type}`);
      reader.string(); // Q
      if (ecdsa[1]) reader.text(); // application
      return { bits: CURVE_BITS[curve] as number, curve };
    }
  }
}

export interface CertificateKey {
  /** The certified key's own type (ssh-rsa for ssh-rsa-cert-v01@openssh.com). */
  keyType: string;
  bits: number;
  curve?: string;
  /** The certified key's blob: what ssh-keygen -l fingerprints for a certificate. */
  plainBlob: Buffer;
  /** user or host. */
  certificateType: 'user' | 'host' | 'unknown';
  /** Seconds since the epoch (as the certificate writes them; 2^64-1 is "forever"). */
  validAfter: bigint;
  validBefore: bigint;
}

const CERT_SUFFIX = '-cert-v01@openssh.com';

/** The plain type a certificate type certifies: ssh-rsa-cert-v01@openssh.com → ssh-rsa, sk-ssh-ed25519-cert-v01@openssh.com → sk-ssh-ed25519@openssh.com. */
export function certifiedType(certType: string): string {
  const base = certType.slice(0, -CERT_SUFFIX.length);
  return base.startsWith('sk-') ? `${base}@openssh.com` : base;
}

/** Reads an OpenSSH certificate blob (its type already checked to end in -cert-v01@openssh.com). */
export function readCertificate(blob: Buffer): CertificateKey {
  const reader = new Reader(blob);
  const certType = reader.text();
  if (!certType.endsWith(CERT_SUFFIX)) throw new WireError('not a certificate');
  reader.string(); // nonce
  const keyType = certifiedType(certType);
  const fieldsStart = reader.offset;
  const { bits, curve } = readKeyFields(reader, keyType);
  const fields = blob.subarray(fieldsStart, reader.offset);
  const name = Buffer.from(keyType, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  reader.uint64(); // serial
  const kind = blob.length >= reader.offset + 4 ? blob.readUInt32BE(reader.offset) : 0;
  reader.uint32();
  reader.string(); // key id
  reader.string(); // principals
  const validAfter = blob.length >= reader.offset + 8 ? blob.readBigUInt64BE(reader.offset) : 0n;
  reader.uint64();
  const validBefore = blob.length >= reader.offset + 8 ? blob.readBigUInt64BE(reader.offset) : 0n;
  reader.uint64();
  reader.string(); // critical options
  reader.string(); // extensions
  reader.string(); // reserved
  reader.string(); // signature key
  reader.string(); // signature
  return {
    keyType,
    bits,
    ...(curve ? { curve } : {}),
    plainBlob: Buffer.concat([length, name, fields]),
    certificateType: kind === 1 ? 'user' : kind === 2 ? 'host' : 'unknown',
    validAfter,
    validBefore,
  };
}

/** Bits (and curve) of a plain public key blob; throws WireError when it does not read. */
export function readPublicKey(blob: Buffer): { type: string; bits: number; curve?: string } {
  const reader = new Reader(blob);
  const type = reader.text();
  const { bits, curve } = readKeyFields(reader, type);
  if (reader.offset !== blob.length) throw new WireError('trailing data after the key');
  return { type, bits, ...(curve ? { curve } : {}) };
}
