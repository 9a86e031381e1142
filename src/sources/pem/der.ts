/**
 * Just enough DER to read the certificate fields Node's X509Certificate does not expose: the
 * signature algorithm and the key usage, extended key usage, basic constraints and
 * subjectAltName extensions. The bytes have already been accepted by OpenSSL (X509Certificate),
 * so this reads well-formed DER; every read is still bounds-checked and a surprise throws DerError.
 *
 * Why not @peculiar/asn1-x509: it decodes the whole certificate into objects (370 µs per
 * certificate, a quarter of a bulk run) and took 46 ms to load, a fifth of a cold start.
 */

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/** One element: its tag byte and where its contents lie in the buffer. */
interface Element {
  tag: number;
  start: number;
  end: number;
}

const SEQUENCE = 0x30;
const OID = 0x06;
const BOOLEAN = 0x01;
const OCTET_STRING = 0x04;
const BIT_STRING = 0x03;
/** [3] EXPLICIT, constructed: the extensions of a v3 TBSCertificate. */
const EXTENSIONS_TAG = 0xa3;

function element(der: Uint8Array, offset: number, limit: number): Element {
  if (offset + 2 > limit) throw new DerError('truncated element');
  const tag = der[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used in certificates');
  let length = der[offset + 1] as number;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) throw new DerError('bad length');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (der[start + i] as number);
    start += count;
  }
  const end = start + length;
  if (end > limit) throw new DerError('element runs past its parent');
  return { tag, start, end };
}

function childrenOf(der: Uint8Array, parent: Element): Element[] {
  const found: Element[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const child = element(der, offset, parent.end);
    found.push(child);
    offset = child.end;
  }
  return found;
}

function expect(found: Element | undefined, tag: number, what: string): Element {
  if (found?.tag !== tag) throw new DerError(`expected ${what}`);
  return found;
}

/** Dotted form of an OBJECT IDENTIFIER's contents. */
function oidText(der: Uint8Array, oid: Element): string {
  const arcs: number[] = [];
  let value = 0;
  for (let i = oid.start; i < oid.end; i += 1) {
    const byte = der[i] as number;
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('OID arc too large');
    if (!(byte & 0x80)) {
      if (arcs.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        arcs.push(first, value - first * 40);
      } else arcs.push(value);
      value = 0;
    }
  }
  if (arcs.length === 0 || (der[oid.end - 1] as number) & 0x80) throw new DerError('bad OID');
  return arcs.join('.');
}

/** KeyUsage bits in RFC 5280 order (bit 0 is the most significant bit of the first byte). */
const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'crlSign',
  'encipherOnly',
  'decipherOnly',
] as const;

function keyUsageNames(der: Uint8Array, bits: Element): string[] {
  if (bits.end - bits.start < 1) throw new DerError('empty key usage');
  const names: string[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bits.start + 1 + Math.floor(bit / 8);
    if (byte < bits.end && ((der[byte] as number) >> (7 - (bit % 8))) & 1) names.push(name);
  });
  return names.sort();
}

export interface CertificateExtras {
  signatureOid: string;
  /** Key usage names, sorted; undefined without the extension. */
  keyUsage: string[] | undefined;
  /** Extended key usage OIDs in certificate order; undefined without the extension. */
  extendedKeyUsage: string[] | undefined;
  /** basicConstraints cA (false without the extension). */
  isCA: boolean;
  hasSubjectAltName: boolean;
}

const ID_CE = '2.5.29.';

/** Reads the fields above from a certificate's DER (X509Certificate.raw). */
export function readCertificateExtras(der: Uint8Array): CertificateExtras {
  const certificate = expect(element(der, 0, der.length), SEQUENCE, 'a certificate SEQUENCE');
  const [tbs, signatureAlgorithm] = childrenOf(der, certificate);
  const algorithm = childrenOf(der, expect(signatureAlgorithm, SEQUENCE, 'the signature algorithm'))[0];
  const extras: CertificateExtras = {
    signatureOid: oidText(der, expect(algorithm, OID, 'the signature algorithm OID')),
    keyUsage: undefined,
    extendedKeyUsage: undefined,
    isCA: false,
    hasSubjectAltName: false,
  };
  const wrapper = childrenOf(der, expect(tbs, SEQUENCE, 'the TBSCertificate')).find((e) => e.tag === EXTENSIONS_TAG);
  if (!wrapper) return extras;
  const list = expect(childrenOf(der, wrapper)[0], SEQUENCE, 'the extensions');
  for (const extension of childrenOf(der, list)) {
    const parts = childrenOf(der, expect(extension, SEQUENCE, 'an extension'));
    const id = oidText(der, expect(parts[0], OID, 'an extension OID'));
    const valueAt = parts[1]?.tag === BOOLEAN ? parts[2] : parts[1];
    const value = expect(valueAt, OCTET_STRING, 'an extension value');
    const inner = () => element(der, value.start, value.end);
    if (id === `${ID_CE}15`) extras.keyUsage = keyUsageNames(der, expect(inner(), BIT_STRING, 'key usage bits'));
    else if (id === `${ID_CE}37`) extras.extendedKeyUsage = childrenOf(der, expect(inner(), SEQUENCE, 'extended key usages')).map((oid) => oidText(der, expect(oid, OID, 'a key purpose OID')));
    else if (id === `${ID_CE}19`) {
      const first = childrenOf(der, expect(inner(), SEQUENCE, 'basic constraints'))[0];
      extras.isCA = first?.tag === BOOLEAN && first.end > first.start && der[first.start] !== 0;
    } else if (id === `${ID_CE}17`) extras.hasSubjectAltName = true;
  }
  return extras;
}
