/** One OpenSSH public key line (type, base64 blob, comment, options) described as OpenSSH reads it: type, size, curve, fingerprint, or why it is refused. */
import { createHash, createPublicKey } from 'node:crypto';
import { readCertificate, readPublicKey, WireError } from './wire';

/** The family of an SSH key type name, for rules that speak of "RSA" or "Ed25519" keys. */
export function keyFamily(type: string): string | undefined {
  const base = type.replace(/-cert-v01@openssh\.com$/, '');
  if (base === 'ssh-rsa') return 'rsa';
  if (base === 'ssh-dss') return 'dsa';
  if (base.startsWith('ecdsa-sha2-')) return 'ecdsa';
  if (base === 'ssh-ed25519') return 'ed25519';
  if (base === 'ssh-ed448') return 'ed448';
  if (base.startsWith('sk-ecdsa-sha2-')) return 'sk-ecdsa';
  if (base === 'sk-ssh-ed25519' || base === 'sk-ssh-ed25519@openssh.com') return 'sk-ed25519';
  return undefined;
}

export const KEY_TYPE = /^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+)(-cert-v01@openssh\.com)?$/;

export interface SshKeyFacts {
  line: number;
  writtenType: string | undefined;
  blobType: string | undefined;
  /** The key's type name as written, else as its data says (for messages). */
  type: string | undefined;
  algorithm: string | undefined;
  bits: number | undefined;
  curve: string | undefined;
  /** SHA-256 of the key, as ssh-keygen -l prints it (for a certificate: of the certified key). */
  fingerprint: string | undefined;
  comment: string | undefined;
  options: string | undefined;
  parseError: string | undefined;
  isPrivateKey: boolean;
  /** The format of a private key: openssh, pem, pkcs8, putty, ssh.com or ssh1. */
  privateKeyFormat: string | undefined;
  encrypted: boolean | undefined;
  isCertificate: boolean;
  /** For a certificate: user or host. */
  certificateType: string | undefined;
}

/** Splits an authorized_keys line into options, type, base64 and comment; options may quote blanks. */
export function splitLine(line: string): { options?: string; rest: string } {
  const first = /^[^ \t]+/.exec(line)?.[0] ?? '';
  if (KEY_TYPE.test(first)) return { rest: line };
  let i = 0;
  let quoted = false;
  for (; i < line.length; i += 1) {
    const ch = line[i];
    if (ch === '\\' && quoted) i += 1;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ' ' || ch === '\t')) break;
  }
  return { options: line.slice(0, i), rest: line.slice(i).replace(/^[ \t]+/, '') };
}

function readBlobType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) return undefined;
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** OpenSSH's base64: the standard alphabet with its `=` padding; nothing else. */
const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const EC_CURVES: Record<string, string> = { nistp256: 'P-256', nistp384: 'P-384', nistp521: 'P-521' };

/** Whether an ECDSA key's point lies on its curve (OpenSSH refuses a key whose point does not). */
function ecPointValid(blob: Buffer, curve: string): boolean {
  const crv = EC_CURVES[curve];
  if (!crv) return false;
  // The blob is string(type), string(curve), string(Q) with Q = 0x04 || X || Y.
  try {
    let offset = 0;
    const fields: Buffer[] = [];
    while (offset + 4 <= blob.length) {
      const length = blob.readUInt32BE(offset);
      fields.push(blob.subarray(offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
    const point = fields[2];
    if (!point || point[0] !== 4) return false;
    const size = (point.length - 1) / 2;
    const b64url = (b: Buffer) => b.toString('base64url');
    createPublicKey({
      key: { kty: 'EC', crv, x: b64url(point.subarray(1, 1 + size)), y: b64url(point.subarray(1 + size)) },
      format: 'jwk',
    });
    return true;
  } catch {
    return false;
  }
}

export function emptyFacts(line: number): SshKeyFacts {
  return {
    line,
    writtenType: undefined,
    blobType: undefined,
    type: undefined,
    algorithm: undefined,
    bits: undefined,
    curve: undefined,
    fingerprint: undefined,
    comment: undefined,
    options: undefined,
    parseError: undefined,
    isPrivateKey: false,
    privateKeyFormat: undefined,
    encrypted: undefined,
    isCertificate: false,
    certificateType: undefined,
  };
}

/** ssh-keygen -l's fingerprint: SHA-256 of the key blob, base64 without padding. */
function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Facts of one public key (or certificate) from its type name, base64 blob and comment, as OpenSSH reads them. Never throws. */
export function describeKey(
  line: number,
  writtenType: string | undefined,
  base64: string,
  comment: string | undefined,
  options?: string,
): SshKeyFacts {
  const facts: SshKeyFacts = { ...emptyFacts(line), writtenType, type: writtenType, comment: comment || undefined, options };
  if (!base64) return { ...facts, parseError: 'no key data after the type name' };
  if (!STRICT_BASE64.test(base64) || base64.length % 4 !== 0) {
    const unpadded = /^[A-Za-z0-9+/]+$/.test(base64) && base64.length % 4 !== 1;
    return {
      ...facts,
      parseError: unpadded ? 'the key data lacks its base64 padding (=), which OpenSSH requires' : 'the key data is not valid base64',
    };
  }
  const blob = Buffer.from(base64, 'base64');
  const blobType = readBlobType(blob);
  if (!blobType) return { ...facts, parseError: 'the key data is truncated' };
  facts.blobType = blobType;
  facts.type ??= blobType;
  if (writtenType !== undefined && writtenType !== blobType) {
    return { ...facts, parseError: `the line says ${writtenType} but the key data is ${blobType}` };
  }
  const algorithm = keyFamily(blobType);
  if (!algorithm) return { ...facts, parseError: `unknown key type ${blobType}` };
  facts.algorithm = algorithm;
  try {
    if (blobType.endsWith('-cert-v01@openssh.com')) {
      const certificate = readCertificate(blob);
      facts.isCertificate = true;
      facts.certificateType = certificate.certificateType;
      facts.bits = certificate.bits;
      facts.curve = certificate.curve;
      facts.fingerprint = fingerprintOf(certificate.plainBlob);
      return facts;
    }
    const key = readPublicKey(blob);
    facts.bits = key.bits;
    facts.curve = key.curve;
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    return { ...facts, parseError: 'the key data is truncated or corrupt' };
  }
  // As OpenSSH's sshkey_from_blob: RSA moduli under 1024 bits and EC points off their curve are refused.
  if (algorithm === 'rsa' && (facts.bits ?? 0) < 1024)
    return { ...facts, parseError: `OpenSSH refuses RSA keys under 1024 bits (this one has ${facts.bits})` };
  if (algorithm === 'ecdsa' && facts.curve && !ecPointValid(blob, facts.curve))
    return { ...facts, parseError: 'the key data is corrupt: its point is not on the curve' };
  facts.fingerprint = fingerprintOf(blob);
  return facts;
}
