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
  for (let offset = parent.start; offset < parent.end;) {
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

/** What path validation needs beside those: what OpenSSL's chain checks read. */
export interface CertificateDetails extends CertificateExtras {
  /** 1, 2 or 3. */
  version: number;
  /** Whether a basicConstraints extension is present, and its pathLenConstraint. */
  hasBasicConstraints: boolean;
  pathLen: number | undefined;
  /** OIDs of the extensions marked critical, in certificate order. */
  criticalExtensions: string[];
  /** Extensions whose value could not be read (their OIDs); OpenSSL marks such a certificate invalid. */
  malformedExtensions: string[];
  /** subjectKeyIdentifier and authorityKeyIdentifier's keyIdentifier, in hex. */
  subjectKeyId: string | undefined;
  authorityKeyId: string | undefined;
  /** The public key's algorithm and the form of its parameters (an EC key with `sequence` has explicit curve parameters). */
  publicKeyAlgorithm: string;
  publicKeyParameters: 'oid' | 'sequence' | 'null' | 'absent' | 'other';
}

const ID_CE = '2.5.29.';
const INTEGER = 0x02;
const NULL = 0x05;
/** [0] EXPLICIT, constructed: the version of a TBSCertificate; [0] IMPLICIT, primitive: a keyIdentifier. */
const VERSION_TAG = 0xa0;
const KEY_ID_TAG = 0x80;

function hex(der: Uint8Array, e: Element): string {
  return Buffer.from(der.subarray(e.start, e.end)).toString('hex');
}

function smallInteger(der: Uint8Array, e: Element): number {
  if (e.end - e.start > 6) throw new DerError('integer too large');
  let value = 0;
  for (let i = e.start; i < e.end; i += 1) value = value * 256 + (der[i] as number);
  return value;
}

/** Reads one extension's value into `into`; a value that does not read is noted, never fatal. */
function readExtension(der: Uint8Array, id: string, value: Element, into: CertificateDetails): void {
  const inner = () => element(der, value.start, value.end);
  if (id === `${ID_CE}15`) into.keyUsage = keyUsageNames(der, expect(inner(), BIT_STRING, 'key usage bits'));
  else if (id === `${ID_CE}37`)
    into.extendedKeyUsage = childrenOf(der, expect(inner(), SEQUENCE, 'extended key usages')).map((oid) =>
      oidText(der, expect(oid, OID, 'a key purpose OID')),
    );
  else if (id === `${ID_CE}19`) {
    const fields = childrenOf(der, expect(inner(), SEQUENCE, 'basic constraints'));
    into.hasBasicConstraints = true;
    const first = fields[0];
    into.isCA = first?.tag === BOOLEAN && first.end > first.start && der[first.start] !== 0;
    const length = fields.find((f) => f.tag === INTEGER);
    into.pathLen = length ? smallInteger(der, length) : undefined;
  } else if (id === `${ID_CE}17`) into.hasSubjectAltName = true;
  else if (id === `${ID_CE}14`) into.subjectKeyId = hex(der, expect(inner(), OCTET_STRING, 'a key identifier'));
  else if (id === `${ID_CE}35`) {
    const keyId = childrenOf(der, expect(inner(), SEQUENCE, 'an authority key identifier')).find((f) => f.tag === KEY_ID_TAG);
    into.authorityKeyId = keyId ? hex(der, keyId) : undefined;
  }
}

/** Reads the fields above from a certificate's DER (X509Certificate.raw). */
export function readCertificateExtras(der: Uint8Array): CertificateExtras {
  const { signatureOid, keyUsage, extendedKeyUsage, isCA, hasSubjectAltName } = readCertificateDetails(der);
  return { signatureOid, keyUsage, extendedKeyUsage, isCA, hasSubjectAltName };
}

/**
 * The structure must be a certificate (DerError otherwise); an extension whose value does not read
 * is listed in `malformedExtensions` and the rest is still read.
 */
export function readCertificateDetails(der: Uint8Array): CertificateDetails {
  const certificate = expect(element(der, 0, der.length), SEQUENCE, 'a certificate SEQUENCE');
  const [tbs, signatureAlgorithm] = childrenOf(der, certificate);
  const algorithm = childrenOf(der, expect(signatureAlgorithm, SEQUENCE, 'the signature algorithm'))[0];
  const details: CertificateDetails = {
    signatureOid: oidText(der, expect(algorithm, OID, 'the signature algorithm OID')),
    keyUsage: undefined,
    extendedKeyUsage: undefined,
    isCA: false,
    hasSubjectAltName: false,
    version: 1,
    hasBasicConstraints: false,
    pathLen: undefined,
    criticalExtensions: [],
    malformedExtensions: [],
    subjectKeyId: undefined,
    authorityKeyId: undefined,
    publicKeyAlgorithm: '',
    publicKeyParameters: 'absent',
  };
  const fields = childrenOf(der, expect(tbs, SEQUENCE, 'the TBSCertificate'));
  const versioned = fields[0]?.tag === VERSION_TAG;
  if (versioned && fields[0])
    details.version = smallInteger(der, expect(element(der, fields[0].start, fields[0].end), INTEGER, 'the version')) + 1;
  // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo follow the version.
  const spki = fields[(versioned ? 1 : 0) + 5];
  const keyAlgorithm = childrenOf(
    der,
    expect(childrenOf(der, expect(spki, SEQUENCE, 'the public key info'))[0], SEQUENCE, 'the public key algorithm'),
  );
  details.publicKeyAlgorithm = oidText(der, expect(keyAlgorithm[0], OID, 'the public key algorithm OID'));
  const parameters = keyAlgorithm[1];
  details.publicKeyParameters = !parameters
    ? 'absent'
    : parameters.tag === OID
      ? 'oid'
      : parameters.tag === SEQUENCE
        ? 'sequence'
        : parameters.tag === NULL
          ? 'null'
          : 'other';
  const wrapper = fields.find((e) => e.tag === EXTENSIONS_TAG);
  if (!wrapper) return details;
  const list = expect(childrenOf(der, wrapper)[0], SEQUENCE, 'the extensions');
  for (const extension of childrenOf(der, list)) {
    const parts = childrenOf(der, expect(extension, SEQUENCE, 'an extension'));
    const id = oidText(der, expect(parts[0], OID, 'an extension OID'));
    const critical = parts[1]?.tag === BOOLEAN && parts[1].end > parts[1].start && der[parts[1].start] !== 0;
    if (critical) details.criticalExtensions.push(id);
    const value = expect(parts[1]?.tag === BOOLEAN ? parts[2] : parts[1], OCTET_STRING, 'an extension value');
    try {
      readExtension(der, id, value, details);
    } catch (error) {
      if (!(error instanceof DerError)) throw error;
      details.malformedExtensions.push(id);
    }
  }
  return details;
}
