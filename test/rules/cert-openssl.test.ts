import { execFileSync } from 'node:child_process';
import { CA_EXTENSIONS, leafExtensions, TestPki } from '../support/pki';
import { runRule } from '../support/rule-tester';

/**
 * Issue #12's certificate cases, on certificates openssl makes at test time (fixed dates: 2026 to
 * 2027; the tester's clock is 2026-11-24), each also checked against `openssl verify`.
 */

const HOST = 'mirror.example.com';
const pki = new TestPki();
pki.cert('root', { subject: '/CN=Test Root', extensions: CA_EXTENSIONS });
pki.cert('inter', { subject: '/CN=Test Intermediate', issuer: 'root', extensions: CA_EXTENSIONS });
pki.cert('leaf', { subject: `/CN=${HOST}`, issuer: 'inter', extensions: leafExtensions(HOST) });
const trusted = { host: HOST, ca: [pki.certPath('root')] };
const chain = pki.bundle('chain.pem', ['leaf', 'inter']);

/** `openssl verify -purpose sslserver` on a served file (first certificate, the rest untrusted) at the tester's clock. */
export function opensslAccepts(file: string, anchors: string): boolean {
  const attime = String(Math.floor(Date.parse('2026-11-24T12:00:00Z') / 1000));
  try {
    execFileSync('openssl', ['verify', '-purpose', 'sslserver', '-attime', attime, '-no-CApath', '-CAfile', anchors, '-untrusted', file, file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// 1. An empty subject (Let's Encrypt's short-lived profile: no CN, a critical SAN) is read and judged.
pki.cert('le-short', { subject: '/', issuer: 'inter', extensions: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', `subjectAltName=critical,DNS:${HOST}`] });
const shortLived = pki.bundle('short-lived.pem', ['le-short', 'inter']);

// 2. The self-signed certificate everyone makes, alone in its file.
const selfSigned = `${pki.dir}/selfsigned.crt`;
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${pki.dir}/selfsigned.key`, '-subj', `/CN=${HOST}`, '-out', selfSigned], { stdio: 'ignore' });

// 3. A bundle with a cross-signed root (the new root's name and key, issued by an expired old root).
pki.cert('old-root', { subject: '/CN=Old Root', extensions: CA_EXTENSIONS, start: '20150101000000Z', end: '20210930000000Z' });
pki.cert('new-root', { subject: '/CN=New Root', extensions: CA_EXTENSIONS });
pki.cert('new-root-cross', { subject: '/CN=New Root', issuer: 'old-root', sameKeyAs: 'new-root', extensions: CA_EXTENSIONS, start: '20200101000000Z', end: '20240930000000Z' });
pki.cert('r3', { subject: '/CN=R3', issuer: 'new-root', extensions: CA_EXTENSIONS });
pki.cert('le-leaf', { subject: `/CN=${HOST}`, issuer: 'r3', extensions: leafExtensions(HOST) });
const crossSigned = pki.bundle('cross.pem', ['le-leaf', 'r3', 'new-root-cross']);
const leTrusted = { host: HOST, ca: [pki.certPath('new-root')] };

// 4. Path checks beyond signatures.
pki.cert('not-ca', { subject: '/CN=Not A CA', issuer: 'root', extensions: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyCertSign', 'subjectKeyIdentifier=hash'] });
pki.cert('leaf-of-not-ca', { subject: `/CN=${HOST}`, issuer: 'not-ca', extensions: leafExtensions(HOST) });
pki.cert('no-bc', { subject: '/CN=No Basic Constraints', issuer: 'root', extensions: ['keyUsage=critical,keyCertSign', 'subjectKeyIdentifier=hash'] });
pki.cert('leaf-of-no-bc', { subject: `/CN=${HOST}`, issuer: 'no-bc', extensions: leafExtensions(HOST) });
pki.cert('pathlen0', { subject: '/CN=Pathlen Zero', issuer: 'root', extensions: ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign', 'subjectKeyIdentifier=hash'] });
pki.cert('below-pathlen0', { subject: '/CN=Below Pathlen Zero', issuer: 'pathlen0', extensions: CA_EXTENSIONS });
pki.cert('leaf-too-deep', { subject: `/CN=${HOST}`, issuer: 'below-pathlen0', extensions: leafExtensions(HOST) });
pki.cert('no-certsign', { subject: '/CN=No Cert Sign', issuer: 'root', extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,digitalSignature', 'subjectKeyIdentifier=hash'] });
pki.cert('leaf-of-no-certsign', { subject: `/CN=${HOST}`, issuer: 'no-certsign', extensions: leafExtensions(HOST) });
pki.cert('critical-unknown', { subject: `/CN=${HOST}`, issuer: 'inter', extensions: [...leafExtensions(HOST), '1.3.6.1.4.1.55738.666.1=critical,ASN1:NULL'] });
pki.cert('explicit-curve', { subject: `/CN=${HOST}`, issuer: 'inter', key: 'explicit-ec', extensions: leafExtensions(HOST) });

// 6. Validity: 398 days plus 12 hours passes; plus 13 hours does not. An expired private root given with --ca is judged.
pki.cert('valid-398-12', { subject: `/CN=${HOST}`, issuer: 'inter', extensions: leafExtensions(HOST), start: '20260101000000Z', end: '20270203120000Z' });
pki.cert('valid-398-13', { subject: `/CN=${HOST}`, issuer: 'inter', extensions: leafExtensions(HOST), start: '20260101000000Z', end: '20270203130000Z' });
pki.cert('expired-root', { subject: '/CN=Expired Root', extensions: CA_EXTENSIONS, start: '20200101000000Z', end: '20250101000000Z' });
pki.cert('inter-of-expired', { subject: '/CN=Intermediate Of Expired', issuer: 'expired-root', extensions: CA_EXTENSIONS, start: '20240101000000Z', end: '20270101000000Z' });
pki.cert('leaf-of-expired', { subject: `/CN=${HOST}`, issuer: 'inter-of-expired', extensions: leafExtensions(HOST) });

runRule('cert/invalid-chain', {
  valid: [{ paths: [chain], options: trusted }],
  invalid: [
    {
      name: 'an issuer with basicConstraints CA:FALSE',
      paths: [pki.bundle('not-ca.pem', ['leaf-of-not-ca', 'not-ca'])],
      options: trusted,
      errors: [{ line: 1, severity: 'error', message: `OpenSSL rejects the chain of CN=${HOST}: CN=Not A CA issues a certificate but is not a CA (basicConstraints CA:FALSE)` }],
    },
    { name: 'an issuer without basicConstraints', paths: [pki.bundle('no-bc.pem', ['leaf-of-no-bc', 'no-bc'])], options: trusted, errors: [{ line: 1, messageContains: 'no basicConstraints' }] },
    { name: 'a pathLenConstraint exceeded', paths: [pki.bundle('deep.pem', ['leaf-too-deep', 'below-pathlen0', 'pathlen0'])], options: trusted, errors: [{ line: 1, messageContains: 'allows 0 intermediate certificates below it' }] },
  ],
});

runRule('cert/unhandled-critical-extension', {
  valid: [{ paths: [chain], options: trusted }],
  invalid: [
    {
      paths: [pki.bundle('critical.pem', ['critical-unknown', 'inter'])],
      options: trusted,
      errors: [{ line: 1, severity: 'error', message: `CN=${HOST} marks 1.3.6.1.4.1.55738.666.1 critical, which OpenSSL does not handle, so it rejects the certificate` }],
    },
  ],
});

runRule('cert/explicit-curve', {
  valid: [{ paths: [chain], options: trusted }],
  invalid: [{ paths: [pki.bundle('explicit.pem', ['explicit-curve', 'inter'])], options: trusted, errors: [{ line: 1, severity: 'error' }] }],
});

describe('certificates openssl makes, judged as openssl verify judges them', () => {
  const cases: [string, string, string, boolean][] = [
    ['the healthy chain', chain, pki.certPath('root'), true],
    ['an empty subject with a critical SAN', shortLived, pki.certPath('root'), true],
    ['a cross-signed root in the bundle', crossSigned, pki.certPath('new-root'), true],
    ['an issuer with CA:FALSE', pki.bundle('v-not-ca.pem', ['leaf-of-not-ca', 'not-ca']), pki.certPath('root'), false],
    ['a pathLenConstraint exceeded', pki.bundle('v-deep.pem', ['leaf-too-deep', 'below-pathlen0', 'pathlen0']), pki.certPath('root'), false],
    ['an unknown critical extension', pki.bundle('v-critical.pem', ['critical-unknown', 'inter']), pki.certPath('root'), false],
    ['explicit curve parameters', pki.bundle('v-explicit.pem', ['explicit-curve', 'inter']), pki.certPath('root'), false],
    ['an issuer without keyCertSign', pki.bundle('v-no-certsign.pem', ['leaf-of-no-certsign', 'no-certsign']), pki.certPath('root'), false],
    ['a root given as anchor that has expired', pki.bundle('v-under-expired.pem', ['leaf-of-expired', 'inter-of-expired']), pki.certPath('expired-root'), false],
  ];
  it.each(cases)('%s', (_name, file, anchors, accepted) => {
    expect(opensslAccepts(file, anchors)).toBe(accepted);
  });
});

runRule('cert/incomplete-chain', {
  valid: [
    { paths: [chain], options: trusted },
    // 3. A correct chain file linted beside another file holding the same intermediate stays complete.
    { name: 'a correct chain beside another file with the same intermediate', paths: [chain, pki.bundle('other.pem', ['inter'])], options: trusted },
  ],
  invalid: [
    { paths: [pki.certPath('leaf')], options: trusted, errors: [{ line: 1, severity: 'error', message: `The chain of CN=${HOST} is incomplete: the issuer CN=Test Intermediate is not in this file` }] },
    // 5. The issuer is in the file but rejected: the message says why.
    {
      name: 'an issuer present but not allowed to sign certificates',
      paths: [pki.bundle('no-certsign.pem', ['leaf-of-no-certsign', 'no-certsign'])],
      options: trusted,
      errors: [{ line: 1, messageContains: 'CN=No Cert Sign: its key usage does not allow signing certificates (no keyCertSign)' }],
    },
  ],
});

runRule('cert/untrusted-root', {
  valid: [
    { paths: [chain], options: trusted },
    // 3. Let's Encrypt's long chain: the cross-signed root's expired issuer is not needed.
    { name: 'a cross-signed root whose issuer expired', paths: [crossSigned], options: leTrusted },
  ],
  invalid: [{ name: 'the root not given', paths: [chain], options: { host: HOST }, errors: [{ line: 1, messageContains: 'CN=Test Root, which is not a trusted root' }] }],
});

runRule('cert/expired', {
  valid: [
    { name: 'an expired cross-signed root the chain does not use', paths: [crossSigned], options: leTrusted },
    { name: 'an empty subject', paths: [shortLived], options: trusted },
  ],
  invalid: [
    // 6. Certificates given with --ca are judged too.
    {
      name: 'an expired private root given with --ca',
      paths: [pki.bundle('under-expired.pem', ['leaf-of-expired', 'inter-of-expired'])],
      options: { host: HOST, ca: [pki.certPath('expired-root')] },
      errors: [{ file: 'expired-root.crt', line: 1, messageContains: 'CN=Expired Root expired' }],
    },
  ],
});

runRule('cert/hostname-mismatch', {
  valid: [{ name: 'an empty subject is matched by its SAN', paths: [shortLived], options: trusted }],
  invalid: [
    // 2. The self-signed certificate is the served one, alone in its file, with no key beside it.
    { name: 'openssl req -x509 for another host', paths: [selfSigned], options: { host: 'other.example.com' }, errors: [{ line: 1, severity: 'error' }] },
  ],
});

runRule('cert/self-signed', {
  valid: [{ paths: [chain], options: trusted }, { name: 'trusted as its own anchor', paths: [selfSigned], options: { host: HOST, ca: [selfSigned] } }],
  invalid: [{ name: 'openssl req -x509, CA:TRUE, no SAN', paths: [selfSigned], options: { host: HOST }, errors: [{ line: 1, severity: 'error' }] }],
});

// The 398-day limit is the public roots': the boundary cases are in cert-public-root.test.ts.
runRule('cert/validity-too-long', {
  valid: [{ name: 'a private CA (--ca) is not held to the public limit', paths: [pki.bundle('v13.pem', ['valid-398-13', 'inter'])], options: trusted }],
  invalid: [],
});
