import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lint } from '../../src';
import { pemSource } from '../../src/sources/pem';
import { CA_EXTENSIONS, TestPki } from '../support/pki';
import { NOW } from '../support/rule-tester';

/**
 * A certificate OpenSSL reads is never reported unreadable (zlint's test certificates were, one in
 * five): odd but valid shapes made by openssl here, and zlint's certificates with an empty issuer or
 * subject from ../shared/conformance/x509/zlint-reissued when it is there.
 */

const pki = new TestPki();
pki.cert('ca', { subject: '/CN=Odd CA', extensions: CA_EXTENSIONS });
const shapes: [string, Parameters<TestPki['cert']>[1]][] = [
  ['empty subject', { subject: '/', issuer: 'ca', extensions: ['subjectAltName=critical,DNS:a.example.com'] }],
  ['no extensions at all', { subject: '/CN=plain', issuer: 'ca' }],
  ['RSA 1024', { subject: '/CN=small', issuer: 'ca', key: 'rsa:1024', extensions: ['subjectAltName=DNS:small.example.com'] }],
  [
    'explicit curve parameters',
    { subject: '/CN=explicit', issuer: 'ca', key: 'explicit-ec', extensions: ['subjectAltName=DNS:x.example.com'] },
  ],
  [
    'many kinds of names and extensions',
    {
      subject: '/C=DE/O=Ö GmbH/OU=ünit/CN=names.example.com/emailAddress=a@example.com',
      issuer: 'ca',
      extensions: [
        'subjectAltName=critical,DNS:names.example.com,IP:192.0.2.1,IP:2001:db8::1,email:a@example.com,URI:https://names.example.com/,otherName:1.2.3.4;UTF8:x',
        'authorityInfoAccess=critical,OCSP;URI:http://ocsp.example.com/',
        'certificatePolicies=2.23.140.1.2.1',
        'nameConstraints=critical,permitted;DNS:example.com',
        'crlDistributionPoints=URI:http://crl.example.com/ca.crl',
        'extendedKeyUsage=serverAuth,clientAuth,1.3.6.1.4.1.311.10.3.3',
        'keyUsage=critical,digitalSignature,keyAgreement',
        '1.2.3.4.5.6=ASN1:SEQUENCE:empty',
        '[empty]',
      ],
    },
  ],
  ['empty key usage bits', { subject: '/CN=ku', issuer: 'ca', extensions: ['keyUsage=critical,encipherOnly'] }],
];

describe('certificates openssl reads are read', () => {
  it.each(shapes)('%s', (name, spec) => {
    const file = pki.cert(name.replace(/\W+/g, '-'), spec);
    execFileSync('openssl', ['x509', '-in', file, '-noout']);
    const parsed = pemSource.parse(readFileSync(file), 'odd.pem');
    expect(parsed.items.filter((i) => i.scope === 'block').map((i) => i.facts['problem'])).toEqual([undefined]);
    expect(parsed.items.filter((i) => i.scope === 'certificate')).toHaveLength(1);
  });

  const zlint = path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance', 'x509', 'zlint-reissued');
  const files = existsSync(zlint) ? readdirSync(zlint).filter((f) => f.endsWith('.pem')) : [];
  (files.length > 0 ? it.each(files) : it.skip.each(['(no zlint data)']))('zlint %s', async (name) => {
    const report = await lint([path.join(zlint, name)], { now: NOW });
    expect(report.results.flatMap((r) => r.diagnostics).filter((d) => d.ruleId === 'cert/unparseable')).toEqual([]);
  });
});
