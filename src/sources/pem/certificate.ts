/** The facts of one X.509 certificate, from what OpenSSL parsed and our DER reader. */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { DerError, readCertificateDetails, type CertificateDetails } from './der';
import { keyBits } from './key-size';

/** Names for the signature algorithms and extended key usages worth naming; others show as OIDs. */
const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', hash: 'pss' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1' },
  '1.3.101.112': { name: 'Ed25519', hash: 'none' },
  '1.3.101.113': { name: 'Ed448', hash: 'none' },
};

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

/**
 * The extensions OpenSSL 3 verifies (X509_supported_extension): a critical extension outside this
 * list makes `openssl verify` fail with "unhandled critical extension".
 */
const HANDLED_EXTENSIONS = new Set([
  '2.16.840.1.113730.1.1', // Netscape certificate type
  '2.5.29.15', // key usage
  '2.5.29.17', // subject alternative name
  '2.5.29.19', // basic constraints
  '2.5.29.32', // certificate policies
  '2.5.29.31', // CRL distribution points
  '2.5.29.37', // extended key usage
  '1.3.6.1.5.5.7.1.7', // IP address blocks (RFC 3779)
  '1.3.6.1.5.5.7.1.8', // AS identifiers (RFC 3779)
  '1.3.6.1.5.5.7.48.1.5', // OCSP no check
  '2.5.29.36', // policy constraints
  '1.3.6.1.5.5.7.1.14', // proxy certificate information
  '2.5.29.30', // name constraints
  '2.5.29.33', // policy mappings
  '2.5.29.54', // inhibit any policy
]);

const EXTENSION_NAMES: Record<string, string> = {
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.14': 'subjectKeyIdentifier',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
  '2.5.29.18': 'issuerAltName',
  '1.3.6.1.4.1.11129.2.4.2': 'CT precertificate SCTs',
};

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** What the DER reader gives when it cannot read a certificate OpenSSL accepted: nothing claimed. */
const UNREAD: CertificateDetails = {
  signatureOid: 'unknown',
  keyUsage: undefined,
  extendedKeyUsage: undefined,
  isCA: false,
  hasSubjectAltName: false,
  version: 3,
  hasBasicConstraints: false,
  pathLen: undefined,
  criticalExtensions: [],
  malformedExtensions: [],
  subjectKeyId: undefined,
  authorityKeyId: undefined,
  publicKeyAlgorithm: '',
  publicKeyParameters: 'absent',
};

export interface CertificateFacts {
  subject: string;
  subjectCN: string | undefined;
  issuer: string;
  sans: string[];
  dnsNames: string[];
  ipAddresses: string[];
  hasSanExtension: boolean;
  notBefore: string;
  notAfter: string;
  validityDays: number;
  keyType: string;
  keyBits: number | undefined;
  curve: string | undefined;
  signatureAlgorithm: string;
  signatureHash: string;
  hasEku: boolean;
  eku: string[];
  keyUsage: string[];
  isCA: boolean;
  fingerprint256: string;
  selfIssued: boolean;
  selfSigned: boolean;
  version: number;
  hasBasicConstraints: boolean;
  pathLen: number | undefined;
  /** Critical extensions OpenSSL does not handle (by name where known), which fail verification. */
  unhandledCriticalExtensions: string[];
  malformedExtensions: string[];
  /** An EC key with explicit curve parameters instead of a named curve (OpenSSL 3 rejects it). */
  explicitCurve: boolean;
  subjectKeyId: string | undefined;
  authorityKeyId: string | undefined;
  /** notAfter - notBefore in whole hours (validity-too-long allows 12 hours of rounding). */
  validityHours: number;
  /** False when our DER reader could not read the extensions of a certificate OpenSSL accepted. */
  extensionsRead: boolean;
}

function commonName(dn: string): string | undefined {
  return /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1];
}

/** Splits Node's subjectAltName string ("DNS:a, IP Address:1.2.3.4"), which quotes names holding commas. */
function splitSans(text: string | undefined): string[] {
  if (!text) return [];
  return (
    text
      .match(/(?:[^,"]|"(?:\\.|[^"])*")+/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? []
  );
}

function publicKeyOf(x509: X509Certificate): KeyObject | undefined {
  try {
    return x509.publicKey;
  } catch {
    // OpenSSL parsed the certificate but not its key (explicit curve parameters, an unknown algorithm).
    return undefined;
  }
}

function detailsOf(x509: X509Certificate): { details: CertificateDetails; read: boolean } {
  try {
    return { details: readCertificateDetails(x509.raw), read: true };
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    return { details: UNREAD, read: false };
  }
}

export function describeCertificate(x509: X509Certificate): CertificateFacts {
  const { details, read } = detailsOf(x509);
  const signature = SIGNATURE_ALGORITHMS[details.signatureOid] ?? { name: details.signatureOid, hash: 'unknown' };
  const sans = splitSans(x509.subjectAltName);
  const key = publicKeyOf(x509);
  const curve = key?.asymmetricKeyDetails?.namedCurve;
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  // An empty subject or issuer (Let's Encrypt's short-lived profile) is undefined in Node.
  const subject = x509.subject ?? '';
  const issuer = x509.issuer ?? '';
  const selfIssued = subject === issuer;
  let selfSigned = false;
  if (selfIssued && key) {
    try {
      selfSigned = x509.verify(key);
    } catch {
      selfSigned = false;
    }
  }
  const explicitCurve = details.publicKeyAlgorithm === EC_PUBLIC_KEY && details.publicKeyParameters === 'sequence';
  return {
    subject: subject.replace(/\n/g, ', '),
    subjectCN: commonName(subject),
    issuer: issuer.replace(/\n/g, ', '),
    sans,
    dnsNames: sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)),
    ipAddresses: sans.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice(11)),
    hasSanExtension: details.hasSubjectAltName || sans.length > 0,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    validityDays: Math.round((notAfter.getTime() - notBefore.getTime()) / 86_400_000),
    validityHours: Math.floor((notAfter.getTime() - notBefore.getTime()) / 3_600_000),
    keyType: key?.asymmetricKeyType ?? (explicitCurve ? 'ec' : 'unknown'),
    keyBits: key ? keyBits(key) : undefined,
    curve,
    signatureAlgorithm: signature.name,
    signatureHash: signature.hash,
    hasEku: details.extendedKeyUsage !== undefined,
    eku: (details.extendedKeyUsage ?? []).map((oid) => EKU_NAMES[oid] ?? oid),
    keyUsage: details.keyUsage ?? [],
    isCA: details.isCA,
    fingerprint256: x509.fingerprint256,
    selfIssued,
    selfSigned,
    version: details.version,
    hasBasicConstraints: details.hasBasicConstraints,
    pathLen: details.pathLen,
    unhandledCriticalExtensions: details.criticalExtensions
      .filter((oid) => !HANDLED_EXTENSIONS.has(oid))
      .map((oid) => EXTENSION_NAMES[oid] ?? oid),
    malformedExtensions: details.malformedExtensions.map((oid) => EXTENSION_NAMES[oid] ?? oid),
    explicitCurve,
    subjectKeyId: details.subjectKeyId,
    authorityKeyId: details.authorityKeyId,
    extensionsRead: read,
  };
}
