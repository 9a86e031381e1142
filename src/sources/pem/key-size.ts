/** Key sizes of public keys, in the bits a certificate rule compares. */
import type { KeyObject } from 'node:crypto';

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp256k1: 256,
  secp224r1: 224,
  prime192v1: 192,
};

/** A key's size in bits, as rules compare it: the RSA/DSA modulus, the curve's size, 256 for Ed25519. */
export function keyBits(key: KeyObject): number | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (details.modulusLength) return details.modulusLength;
  if (details.namedCurve) return CURVE_BITS[details.namedCurve];
  if (key.asymmetricKeyType === 'ed25519') return 256;
  if (key.asymmetricKeyType === 'ed448') return 456;
  return undefined;
}
