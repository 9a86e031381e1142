/** Private keys in PEM files: format, type, size and whether encrypted, read without printing any of them. */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type * as Sshpk from 'sshpk';
import type { PemBlock } from './blocks';
import { keyBits } from './key-size';
import { lazy } from '../../util/memo';

const sshpk = lazy(() => require('sshpk') as typeof Sshpk);

export interface PrivateKeyFacts {
  format: 'pkcs8' | 'pkcs1' | 'sec1' | 'openssh' | 'other';
  keyType: string | undefined;
  keyBits: number | undefined;
  encrypted: boolean;
  parseError: string | undefined;
}

export interface PrivateKeyReading {
  facts: PrivateKeyFacts;
  /** Kept out of facts so rules, messages and output can never see key material. */
  key: KeyObject | undefined;
}

function formatOf(label: string): PrivateKeyFacts['format'] {
  if (label === 'PRIVATE KEY' || label === 'ENCRYPTED PRIVATE KEY') return 'pkcs8';
  if (label === 'RSA PRIVATE KEY' || label === 'DSA PRIVATE KEY') return 'pkcs1';
  if (label === 'EC PRIVATE KEY') return 'sec1';
  if (label === 'OPENSSH PRIVATE KEY') return 'openssh';
  return 'other';
}

/** The OpenSSH format names its cipher in the clear: "none" means unencrypted. */
function opensshCipher(der: Buffer): string | undefined {
  const magic = 'openssh-key-v1\0';
  if (der.subarray(0, magic.length).toString('latin1') !== magic) return undefined;
  const length = der.readUInt32BE(magic.length);
  return der.subarray(magic.length + 4, magic.length + 4 + length).toString('latin1');
}

function opensshKeyType(text: string): string | undefined {
  try {
    return sshpk().parsePrivateKey(text, 'ssh').type;
  } catch {
    return undefined;
  }
}

export function readPrivateKey(block: PemBlock): PrivateKeyReading {
  const format = formatOf(block.label);
  const base: PrivateKeyFacts = { format, keyType: undefined, keyBits: undefined, encrypted: false, parseError: block.problem };
  if (block.problem) return { facts: base, key: undefined };
  if (format === 'openssh') {
    let cipher: string | undefined;
    try {
      cipher = opensshCipher(block.der);
    } catch {
      cipher = undefined;
    }
    if (cipher === undefined) return { facts: { ...base, parseError: 'not an OpenSSH private key (bad magic)' }, key: undefined };
    const encrypted = cipher !== 'none';
    return { facts: { ...base, encrypted, keyType: encrypted ? undefined : opensshKeyType(block.text) }, key: undefined };
  }
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/.test(block.headers['Proc-Type'] ?? '');
  if (encrypted) return { facts: { ...base, encrypted: true }, key: undefined };
  try {
    const key = createPrivateKey({ key: block.text, format: 'pem' });
    return {
      facts: { ...base, keyType: key.asymmetricKeyType, keyBits: keyBits(key) },
      key,
    };
  } catch (error) {
    // OpenSSL's message names the decoder step, never key bytes.
    const reason = (error as { code?: string }).code === 'ERR_OSSL_UNSUPPORTED' ? 'unsupported or corrupt key data' : 'corrupt key data';
    return { facts: { ...base, parseError: reason }, key: undefined };
  }
}
