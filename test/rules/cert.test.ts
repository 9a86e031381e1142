import { runRule } from '../support/rule-tester';

const PKI = 'fixtures/pki';
const host = 'mirror.example.com';
const trusted = { host, ca: [`${PKI}/root-ca.pem`] };
const p = (name: string) => `${PKI}/${name}`;
/** A leaf is linted with the intermediate beside it, as on a mirror, unless the case is about the chain. */
const leaf = (name: string) => [p(name), p('intermediate.pem')];

runRule('cert/unparseable', {
  valid: [{ paths: [p('mirror-chain.pem')], options: trusted }],
  invalid: [
    { name: 'garbage', code: 'not a certificate\n', options: { file: 'mirror.pem' }, errors: [{ line: 1, message: 'This certificate cannot be read: no PEM block (-----BEGIN …-----) found' }] },
    { name: 'empty file', code: '', options: { file: 'mirror.crt' }, errors: [{ line: 1 }] },
    {
      name: 'truncated base64',
      code: '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIU\n-----END CERTIFICATE-----\n',
      options: { file: 'mirror.crt' },
      errors: [{ line: 1, messageContains: 'not a valid X.509 certificate' }],
    },
    { name: 'no END', code: 'text before\n-----BEGIN CERTIFICATE-----\nMIIB\n', options: { file: 'mirror.crt' }, errors: [{ line: 2, messageContains: 'no END line' }] },
    {
      name: 'END with the wrong label',
      code: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END PRIVATE KEY-----\n',
      options: { file: 'mirror.crt' },
      errors: [{ line: 1, messageContains: 'closed by END PRIVATE KEY' }],
    },
  ],
});

runRule('cert/expired', {
  valid: [{ paths: leaf('mirror.crt'), options: trusted }],
  invalid: [{ paths: [p('expired.crt')], options: trusted, errors: [{ line: 1, severity: 'error', message: 'The certificate for CN=mirror.example.com expired on 2026-01-01T00:00:00.000Z' }] }],
});

runRule('cert/not-yet-valid', {
  valid: [{ paths: leaf('mirror.crt'), options: trusted }],
  invalid: [{ paths: [p('not-yet-valid.crt')], options: trusted, errors: [{ line: 1, messageContains: 'valid only from 2027-01-01' }] }],
});

runRule('cert/expires-soon', {
  valid: [
    { paths: leaf('mirror.crt'), options: trusted },
    { name: 'expired has its own rule', paths: [p('expired.crt')], options: trusted },
    { name: 'a shorter window', paths: [p('expiring.crt')], options: { ...trusted, rules: { 'cert/expires-soon': ['warning', { days: 10 }] } } },
  ],
  invalid: [{ paths: [p('expiring.crt')], options: trusted, errors: [{ line: 1, severity: 'warning', messageContains: 'expires in 15 days' }] }],
});

runRule('cert/hostname-mismatch', {
  valid: [
    { paths: leaf('mirror.crt'), options: trusted },
    { name: 'wildcard', paths: leaf('wildcard.crt'), options: trusted },
    { name: 'IP SAN', paths: leaf('ip-san.crt'), options: { ...trusted, host: '192.0.2.10' } },
    { name: 'CN when there are no SANs', paths: leaf('cn-only.crt'), options: trusted },
    { name: 'no host known', paths: leaf('other-host.crt'), options: { ca: trusted.ca } },
    {
      name: "a fleet: each certificate is matched to its own folder's host",
      paths: ['fixtures/fleet/mirror', 'fixtures/fleet/other/bitbucket.properties', 'fixtures/fleet/other/tls/other.pem'],
      options: { ca: trusted.ca },
    },
  ],
  invalid: [
    { paths: leaf('other-host.crt'), options: trusted, errors: [{ line: 1, severity: 'error', message: 'The certificate names other.example.com, not the mirror host mirror.example.com' }] },
    { name: 'wildcard covers one label only', paths: leaf('wildcard.crt'), options: { ...trusted, host: 'a.mirror.example.com' }, errors: [{ line: 1 }] },
    { name: 'IP not in SANs', paths: leaf('ip-san.crt'), options: { ...trusted, host: '192.0.2.11' }, errors: [{ line: 1 }] },
    { name: 'CN only, other host', paths: leaf('cn-only.crt'), options: { ...trusted, host: 'other.example.com' }, errors: [{ line: 1, messageContains: "CN is mirror.example.com" }] },
    {
      name: 'host taken from a properties file in the run',
      paths: [p('other-host.crt'), p('intermediate.pem'), 'fixtures/properties/healthy-mirror.properties'],
      options: { ca: trusted.ca },
      errors: [{ file: 'other-host.crt', line: 1 }],
    },
    {
      name: "a fleet: a certificate copied from another mirror's folder",
      paths: ['fixtures/fleet'],
      options: { ca: trusted.ca },
      errors: [{ file: 'copied-from-mirror.pem', line: 1, message: 'The certificate names mirror.example.com, not the mirror host other.example.com' }],
    },
  ],
});

runRule('cert/cn-only', {
  valid: [{ paths: leaf('mirror.crt'), options: trusted }],
  invalid: [{ paths: leaf('cn-only.crt'), options: trusted, errors: [{ line: 1, severity: 'warning' }] }],
});

runRule('cert/self-signed', {
  valid: [{ paths: leaf('mirror.crt'), options: trusted }, { name: 'a root CA file is not a server certificate', paths: [p('root-ca.pem')] }],
  invalid: [{ paths: [p('self-signed.pem')], options: { host }, errors: [{ line: 1, severity: 'error', message: 'The certificate for CN=mirror.example.com is self-signed' }] }],
});

runRule('cert/untrusted-root', {
  valid: [{ paths: [p('mirror-chain.pem')], options: trusted }],
  invalid: [
    {
      name: 'private root not given with --ca',
      paths: [p('mirror-chain.pem')],
      options: { host },
      errors: [{ line: 1, message: 'The chain of CN=mirror.example.com ends at CN=Example Root CA, which is not a trusted root' }],
    },
    {
      name: 'root in the bundle but not trusted',
      paths: [p('mirror-chain.pem'), p('root-ca.pem')],
      options: { host },
      errors: [{ file: 'mirror-chain.pem', line: 1 }],
    },
  ],
});

runRule('cert/incomplete-chain', {
  valid: [{ paths: [p('mirror-chain.pem')], options: trusted }, { name: 'self-signed has its own rule', paths: [p('self-signed.pem')] }],
  invalid: [
    {
      name: 'leaf alone',
      paths: [p('mirror.crt')],
      options: trusted,
      errors: [{ line: 1, severity: 'error', message: 'The chain of CN=mirror.example.com is incomplete: the issuer CN=Example Intermediate CA is not in this file' }],
    },
    { name: 'intermediate only in another file', paths: leaf('mirror.crt'), options: trusted, errors: [{ file: 'mirror.crt', line: 1 }] },
  ],
});

runRule('cert/chain-order', {
  valid: [{ paths: [p('mirror-chain.pem')], options: trusted }],
  invalid: [{ paths: [p('mirror-chain-reversed.pem')], options: trusted, errors: [{ line: 23, severity: 'warning' }] }],
});

runRule('cert/weak-key', {
  valid: [{ paths: leaf('mirror.crt'), options: trusted }, { name: 'EC P-256', paths: leaf('ec-mirror.crt'), options: trusted }],
  invalid: [{ paths: leaf('rsa1024.crt'), options: trusted, errors: [{ file: 'rsa1024.crt', line: 1, message: 'The certificate for CN=mirror.example.com has a 1024-bit rsa key' }] }],
});

runRule('cert/weak-signature', {
  valid: [{ paths: leaf('mirror.crt'), options: trusted }],
  invalid: [{ paths: leaf('sha1.crt'), options: trusted, errors: [{ file: 'sha1.crt', line: 1, messageContains: 'sha1WithRSAEncryption' }] }],
});

runRule('cert/not-server-auth', {
  valid: [{ paths: leaf('mirror.crt'), options: trusted }],
  invalid: [{ paths: leaf('client-only.crt'), options: trusted, errors: [{ file: 'client-only.crt', line: 1, messageContains: 'is for clientAuth' }] }],
});

runRule('cert/ca-as-leaf', {
  valid: [{ paths: leaf('mirror.crt'), options: trusted }],
  invalid: [{ paths: leaf('ca-leaf.crt'), options: trusted, errors: [{ file: 'ca-leaf.crt', line: 1, severity: 'warning' }] }],
});

runRule('cert/validity-too-long', {
  valid: [
    { paths: leaf('mirror.crt'), options: trusted },
    { name: '729 days from a private CA (--ca)', paths: leaf('long-validity.crt'), options: trusted },
    { name: '729 days from a root no store trusts', paths: leaf('long-validity.crt'), options: { host } },
  ],
  // Certificates that chain to a public root: cert-public-root.test.ts.
  invalid: [],
});

runRule('cert/key-mismatch', {
  valid: [
    { name: 'key file beside the certificate', paths: [...leaf('mirror.crt'), p('mirror.key')], options: trusted },
    { name: 'key in the same file', paths: [p('self-signed.pem')], options: { host } },
  ],
  invalid: [
    {
      paths: [...leaf('mismatch.crt'), p('mismatch.key')],
      options: trusted,
      errors: [{ file: 'mismatch.crt', line: 1, message: 'The private key in fixtures/pki/mismatch.key (line 1) does not belong to the certificate for CN=mirror.example.com' }],
    },
  ],
});
