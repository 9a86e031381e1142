import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DerError, readCertificateExtras } from '../../src/sources/pem/der';
import { ROOT } from '../support/cli';

/** The DER reader against openssl x509 -text, on the fixtures and on certificates made here. */

const OPENSSL_KEY_USAGE: Record<string, string> = {
  'Digital Signature': 'digitalSignature',
  'Non Repudiation': 'nonRepudiation',
  'Key Encipherment': 'keyEncipherment',
  'Data Encipherment': 'dataEncipherment',
  'Key Agreement': 'keyAgreement',
  'Certificate Sign': 'keyCertSign',
  'CRL Sign': 'crlSign',
  'Encipher Only': 'encipherOnly',
  'Decipher Only': 'decipherOnly',
};

const OPENSSL_PURPOSES: Record<string, string> = {
  'TLS Web Server Authentication': '1.3.6.1.5.5.7.3.1',
  'TLS Web Client Authentication': '1.3.6.1.5.5.7.3.2',
  'Code Signing': '1.3.6.1.5.5.7.3.3',
};

const SIGNATURE_OIDS: Record<string, string> = {
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  'ecdsa-with-SHA256': '1.2.840.10045.4.3.2',
  'ecdsa-with-SHA384': '1.2.840.10045.4.3.3',
  ED25519: '1.3.101.112',
};

/** What openssl prints about the same fields, in the reader's terms. */
function opensslView(pem: string) {
  const text = execFileSync('openssl', ['x509', '-noout', '-text', '-certopt', 'no_pubkey,no_sigdump'], { input: pem, encoding: 'utf8' });
  const after = (heading: string) => new RegExp(`${heading}:(?: critical)? *\\n\\s*([^\\n]*)`).exec(text)?.[1]?.trim();
  const signature = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? '';
  return {
    signatureOid: SIGNATURE_OIDS[signature] ?? signature,
    keyUsage: after('X509v3 Key Usage')
      ?.split(', ')
      .map((u) => OPENSSL_KEY_USAGE[u] ?? u)
      .sort(),
    extendedKeyUsage: after('X509v3 Extended Key Usage')
      ?.split(', ')
      .map((u) => OPENSSL_PURPOSES[u] ?? u),
    isCA: after('X509v3 Basic Constraints')?.startsWith('CA:TRUE') ?? false,
    hasSubjectAltName: text.includes('X509v3 Subject Alternative Name'),
  };
}

const PKI = path.join(ROOT, 'fixtures', 'pki');
const fixtureCerts = readdirSync(PKI)
  .filter((f) => /\.(crt|pem)$/.test(f))
  .flatMap((f) =>
    (readFileSync(path.join(PKI, f), 'utf8').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map(
      (pem, i) => [`${f} #${i + 1}`, pem] as const,
    ),
  );

describe('readCertificateExtras agrees with openssl x509 -text', () => {
  it.each(fixtureCerts)('%s', (_name, pem) => {
    expect(readCertificateExtras(new X509Certificate(pem).raw)).toEqual(opensslView(pem));
  });

  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bml-der-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const made: [string, string[]][] = [
    [
      'every key usage bit, three purposes (one unnamed), ECDSA P-384 with SHA-384',
      [
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-384',
        '-sha384',
        '-addext',
        'keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly',
        '-addext',
        'extendedKeyUsage=serverAuth,clientAuth,1.3.6.1.4.1.99999.1',
        '-addext',
        'basicConstraints=critical,CA:TRUE,pathlen:0',
        '-addext',
        'subjectAltName=DNS:mirror.example.com',
      ],
    ],
    [
      'Ed25519, CA:FALSE, key agreement only',
      ['-newkey', 'ed25519', '-addext', 'keyUsage=keyAgreement', '-addext', 'basicConstraints=CA:FALSE'],
    ],
    ['RSA with SHA-1 and codeSigning', ['-newkey', 'rsa:2048', '-sha1', '-addext', 'extendedKeyUsage=codeSigning']],
  ];
  it.each(made)('made by openssl req: %s', (_name, args) => {
    const out = path.join(dir, `${made.findIndex((m) => m[1] === args)}.pem`);
    execFileSync(
      'openssl',
      ['req', '-x509', '-nodes', '-subj', '/CN=der-test', '-days', '30', '-keyout', path.join(dir, 'k.pem'), '-out', out, ...args],
      { stdio: 'ignore' },
    );
    const pem = readFileSync(out, 'utf8');
    expect(readCertificateExtras(new X509Certificate(pem).raw)).toEqual(opensslView(pem));
  });
});

describe('readCertificateExtras on broken DER', () => {
  const der = new X509Certificate(readFileSync(path.join(PKI, 'mirror.crt'))).raw;

  it('throws DerError, and nothing else, for every truncation of a real certificate', () => {
    const others: string[] = [];
    for (let length = 0; length < der.length; length += 1) {
      try {
        readCertificateExtras(der.subarray(0, length));
        others.push(`length ${length}: no error`);
      } catch (error) {
        if (!(error instanceof DerError)) others.push(`length ${length}: ${String(error)}`);
      }
    }
    expect(others).toEqual([]);
  });

  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['an INTEGER where the certificate SEQUENCE belongs', Buffer.from([0x02, 0x01, 0x00])],
    ['a length longer than the buffer', Buffer.from([0x30, 0x82, 0xff, 0xff, 0x30])],
    ['a high-tag-number form', Buffer.from([0x1f, 0x81, 0x00])],
    ['an OID with a dangling continuation byte', Buffer.from([0x30, 0x07, 0x30, 0x00, 0x30, 0x03, 0x06, 0x01, 0x81])],
  ])('%s', (_name, bytes) => {
    expect(() => readCertificateExtras(bytes)).toThrow(DerError);
  });
});
