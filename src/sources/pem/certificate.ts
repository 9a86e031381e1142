import type { X509Certificate } from 'node:crypto';
import { readCertificateExtras } from './der';
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
}

function commonName(dn: string): string | undefined {
  return /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1];
}

/** Splits Node's subjectAltName string ("DNS:a, IP Address:1.2.3.4"), which quotes names holding commas. */
function splitSans(text: string | undefined): string[] {
  if (!text) return [];
  return text.match(/(?:[^,"]|"(?:\\.|[^"])*")+/g)?.map((s) => s.trim()).filter(Boolean) ?? [];
}

export function describeCertificate(x509: X509Certificate): CertificateFacts {
  const extras = readCertificateExtras(x509.raw);
  const signature = SIGNATURE_ALGORITHMS[extras.signatureOid] ?? { name: extras.signatureOid, hash: 'unknown' };
  const sans = splitSans(x509.subjectAltName);
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve;
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  const selfIssued = x509.subject === x509.issuer;
  let selfSigned = false;
  if (selfIssued) {
    try {
      selfSigned = x509.verify(key);
    } catch {
      selfSigned = false;
    }
  }
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    subjectCN: commonName(x509.subject),
    issuer: x509.issuer.replace(/\n/g, ', '),
    sans,
    dnsNames: sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)),
    ipAddresses: sans.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice(11)),
    hasSanExtension: extras.hasSubjectAltName,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    validityDays: Math.round((notAfter.getTime() - notBefore.getTime()) / 86_400_000),
    keyType: key.asymmetricKeyType ?? 'unknown',
    keyBits: keyBits(key),
    curve,
    signatureAlgorithm: signature.name,
    signatureHash: signature.hash,
    hasEku: extras.extendedKeyUsage !== undefined,
    eku: (extras.extendedKeyUsage ?? []).map((oid) => EKU_NAMES[oid] ?? oid),
    keyUsage: extras.keyUsage ?? [],
    isCA: extras.isCA,
    fingerprint256: x509.fingerprint256,
    selfIssued,
    selfSigned,
  };
}
