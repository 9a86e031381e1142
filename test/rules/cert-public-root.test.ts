/** Rules that judge only certificates chaining to a publicly trusted root: the test CAs are added to Node's bundled store here. */
import { readFileSync } from 'node:fs';
import type * as Tls from 'node:tls';
import path from 'node:path';
import { CA_EXTENSIONS, leafExtensions, TestPki } from '../support/pki';
import { runRule } from '../support/rule-tester';

// Read by chain.ts when it first needs the bundled roots; `mock` lets the factory see it.
const mockPublicRoots: string[] = [];
jest.mock('node:tls', () => {
  const actual = jest.requireActual<typeof Tls>('node:tls');
  return {
    ...actual,
    get rootCertificates() {
      return [...actual.rootCertificates, ...mockPublicRoots];
    },
  };
});

const HOST = 'mirror.example.com';
const pki = new TestPki();
pki.cert('root', { subject: '/CN=Public Test Root', extensions: CA_EXTENSIONS });
pki.cert('inter', { subject: '/CN=Public Test Intermediate', issuer: 'root', extensions: CA_EXTENSIONS });
pki.cert('v12', { subject: `/CN=${HOST}`, issuer: 'inter', extensions: leafExtensions(HOST), start: '20260101000000Z', end: '20270203120000Z' });
pki.cert('v13', { subject: `/CN=${HOST}`, issuer: 'inter', extensions: leafExtensions(HOST), start: '20260101000000Z', end: '20270203130000Z' });
mockPublicRoots.push(readFileSync(pki.certPath('root'), 'utf8'), readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'pki', 'root-ca.pem'), 'utf8'));

runRule('cert/validity-too-long', {
  valid: [{ name: '398 days and 12 hours', paths: [pki.bundle('v12.pem', ['v12', 'inter'])], options: { host: HOST } }],
  invalid: [
    { name: '398 days and 13 hours', paths: [pki.bundle('v13.pem', ['v13', 'inter'])], options: { host: HOST }, errors: [{ line: 1, severity: 'warning' }] },
    {
      name: 'the fixture of 729 days',
      paths: ['fixtures/pki/long-validity.crt', 'fixtures/pki/intermediate.pem'],
      options: { host: HOST },
      errors: [{ file: 'long-validity.crt', line: 1, messageContains: '729 days' }],
    },
  ],
});
