/** Certificates made by openssl at test time: a CA hierarchy with the extensions a case needs. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CertSpec {
  /** Subject, as openssl -subj takes it ("/CN=mirror.example.com", "/" for an empty one). */
  subject: string;
  /** The issuing certificate's name here; self-signed when absent. */
  issuer?: string;
  /** Extension lines for openssl's -extfile (one per line). */
  extensions?: string[];
  /** Validity ("YYYYMMDDHHMMSSZ"): 2026-01-01 to 2027-01-01 unless given. */
  start?: string;
  end?: string;
  /** The key: an EC P-256 key by default; 'rsa:1024', 'rsa:2048', 'explicit-ec'. */
  key?: 'ec' | 'rsa:1024' | 'rsa:2048' | 'explicit-ec';
  /** Reuse the key of another certificate made here (a cross-signed root has its root's key). */
  sameKeyAs?: string;
}

export const CA_EXTENSIONS = [
  'basicConstraints=critical,CA:TRUE',
  'keyUsage=critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
];
export const leafExtensions = (host: string) => [
  'basicConstraints=CA:FALSE',
  'keyUsage=critical,digitalSignature',
  'extendedKeyUsage=serverAuth',
  `subjectAltName=DNS:${host}`,
  'authorityKeyIdentifier=keyid',
];

const openssl = (args: string[], cwd?: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

export class TestPki {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'bml-pki-'));
  private serial = 1;

  keyPath(name: string): string {
    return path.join(this.dir, `${name}.key`);
  }

  certPath(name: string): string {
    return path.join(this.dir, `${name}.crt`);
  }

  private makeKey(name: string, kind: CertSpec['key']): string {
    const file = this.keyPath(name);
    if (kind === 'explicit-ec') openssl(['ecparam', '-name', 'prime256v1', '-param_enc', 'explicit', '-genkey', '-noout', '-out', file]);
    else if (kind?.startsWith('rsa:'))
      openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${kind.slice(4)}`, '-out', file]);
    else openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
    return file;
  }

  /** Makes the certificate `name` and returns its PEM path. */
  cert(name: string, spec: CertSpec): string {
    const key = spec.sameKeyAs ? this.keyPath(spec.sameKeyAs) : this.makeKey(name, spec.key);
    if (spec.sameKeyAs) writeFileSync(this.keyPath(name), readFileSync(key));
    const csr = path.join(this.dir, `${name}.csr`);
    const ext = path.join(this.dir, `${name}.ext`);
    writeFileSync(ext, `${(spec.extensions ?? []).join('\n')}\n`);
    openssl(['req', '-new', '-key', key, '-subj', spec.subject, '-out', csr]);
    const out = this.certPath(name);
    const issuerCert = spec.issuer ? this.certPath(spec.issuer) : undefined;
    const issuerKey = spec.issuer ? this.keyPath(spec.issuer) : key;
    this.serial += 1;
    // Fixed dates (2026 by default), so tests that pin `now` stay exact on any day.
    this.caSign(name, csr, ext, issuerCert, issuerKey, spec);
    return out;
  }

  /** openssl ca, for exact validity dates (x509 -req counts whole days only). */
  private caSign(name: string, csr: string, ext: string, issuerCert: string | undefined, issuerKey: string, spec: CertSpec): void {
    const work = path.join(this.dir, `ca-${name}`);
    mkdirSync(path.join(work, 'newcerts'), { recursive: true });
    writeFileSync(path.join(work, 'index.txt'), '');
    writeFileSync(path.join(work, 'serial'), `${this.serial.toString(16).padStart(2, '0')}\n`);
    writeFileSync(
      path.join(work, 'ca.cnf'),
      [
        '[ ca ]',
        'default_ca = d',
        '[ d ]',
        `dir = ${work}`,
        'database = $dir/index.txt',
        'new_certs_dir = $dir/newcerts',
        'serial = $dir/serial',
        'default_md = sha256',
        'policy = any',
        'unique_subject = no',
        'copy_extensions = none',
        '[ any ]',
        'commonName = optional',
        '',
      ].join('\n'),
    );
    const signer = issuerCert ? ['-cert', issuerCert, '-keyfile', issuerKey] : ['-selfsign', '-keyfile', issuerKey];
    openssl([
      'ca',
      '-batch',
      '-notext',
      '-config',
      path.join(work, 'ca.cnf'),
      ...signer,
      '-in',
      csr,
      '-extfile',
      ext,
      '-startdate',
      spec.start ?? '20260101000000Z',
      '-enddate',
      spec.end ?? '20270101000000Z',
      '-out',
      this.certPath(name),
    ]);
  }

  /** A file holding the named certificates, in order. */
  bundle(file: string, names: string[]): string {
    const out = path.join(this.dir, file);
    writeFileSync(out, names.map((n) => readFileSync(this.certPath(n), 'utf8')).join(''));
    return out;
  }
}
