/** What rules may ask of a PEM file: its facts by scope and its queries, without loading the parser. */
import type { SourceDescriptor } from '../source';

const CERTIFICATE_FACTS = [
  'index', 'line', 'isLeaf', 'subject', 'subjectCN', 'issuer', 'sans', 'dnsNames', 'ipAddresses', 'hasSanExtension',
  'notBefore', 'notAfter', 'validityDays', 'keyType', 'keyBits', 'curve', 'signatureAlgorithm', 'signatureHash',
  'hasEku', 'eku', 'keyUsage', 'isCA', 'fingerprint256', 'selfIssued', 'selfSigned', 'issuerInFile',
  'served', 'trustAnchor', 'version', 'hasBasicConstraints', 'pathLen', 'unhandledCriticalExtensions', 'malformedExtensions',
  'explicitCurve', 'subjectKeyId', 'authorityKeyId', 'validityHours', 'extensionsRead',
] as const;

export const pemDescriptor: SourceDescriptor = {
  kind: 'pem',
  factNames: {
    block: ['label', 'line', 'problem', 'isCertificate', 'isPrivateKey', 'unreadCertificates', 'readCertificates'],
    certificate: CERTIFICATE_FACTS,
    'private-key': ['line', 'format', 'keyType', 'keyBits', 'encrypted'],
  },
  queryNames: ['hostMatch', 'daysUntilExpiry', 'chain', 'inUse', 'pairedKey'],
  gateQueries: ['hostMatch', 'daysUntilExpiry', 'chain', 'inUse', 'pairedKey'],
};
