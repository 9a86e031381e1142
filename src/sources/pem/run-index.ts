/** What the pem queries read of the whole run: its certificates and private keys, indexed once per run, and its trust anchors. */
import { createPublicKey, type X509Certificate } from 'node:crypto';
import type { QueryContext } from '../source';
import type { CertificateFacts } from './certificate';
import { issued, TrustAnchors } from './chain';
import { readCertificate } from './read-certificate';
import { memo } from '../../util/memo';

/** What a PEM file shares with its run (plain data: it may cross worker threads). */
export interface SharedPem {
  /** Certificates in file order: subject and issuer (Node's form) and DER in base64. */
  certificates: { subject: string; issuer: string; der: string }[];
  /** Index of the certificate the file serves, if any. */
  served?: number;
  /** Private keys in file order: line and public key (SPKI DER in base64) when readable. */
  keys: { line: number; spki?: string }[];
}

export interface KeyPlace {
  file: string;
  line: number;
  spki: Buffer | undefined;
}

/**
 * What queries need from the whole run, indexed once per run (per context.shared): certificates by
 * subject for chain building, private keys by folder and base name for pairing. Without it, a
 * 10,000-file fleet costs a scan of every file per certificate.
 */
interface RunIndex {
  certsBySubject: Map<string, { file: string; der: string }[]>;
  /** The DER of the run's certificates by their issuer's name, each DER once. */
  dersByIssuer: Map<string, Set<string>>;
  keysByStem: Map<string, KeyPlace[]>;
  /** Whether any file of the run serves a certificate. */
  serves: boolean;
}

const runIndexes = new WeakMap<QueryContext['shared'], RunIndex>();

export function runIndex(context: QueryContext): RunIndex {
  return memo(runIndexes, context.shared, () => {
    const index: RunIndex = { certsBySubject: new Map(), dersByIssuer: new Map(), keysByStem: new Map(), serves: false };
    for (const { file, kind, data } of context.shared) {
      if (kind !== 'pem') continue;
      const shared = data as SharedPem;
      if (shared.served !== undefined) index.serves = true;
      for (const { subject, issuer, der } of shared.certificates) {
        const list = index.certsBySubject.get(subject) ?? [];
        list.push({ file, der });
        index.certsBySubject.set(subject, list);
        const issued = index.dersByIssuer.get(issuer) ?? new Set<string>();
        issued.add(der);
        index.dersByIssuer.set(issuer, issued);
      }
      const { dir, stem } = dirAndStem(file);
      for (const { line, spki } of shared.keys) {
        const list = index.keysByStem.get(`${dir}\u0000${stem}`) ?? [];
        list.push({ file, line, spki: spki === undefined ? undefined : Buffer.from(spki, 'base64') });
        index.keysByStem.set(`${dir}\u0000${stem}`, list);
      }
    }
    return index;
  });
}

/** A certificate read from the DER a file shared, with its facts (undefined when it does not read). */
function sharedCertificate(der: string): { x509: X509Certificate; facts: CertificateFacts } | undefined {
  const reading = readCertificate(Buffer.from(der, 'base64'), der);
  return reading.x509 && reading.facts ? { x509: reading.x509, facts: reading.facts } : undefined;
}

/** Certificates of other files of the run named `issuer`, for chain building. */
export function elsewhereIn(context: QueryContext, file: string): (issuer: string) => { x509: X509Certificate; facts: CertificateFacts }[] {
  const { certsBySubject } = runIndex(context);
  return (issuer) => (certsBySubject.get(issuer) ?? []).filter((c) => c.file !== file).flatMap((c) => sharedCertificate(c.der) ?? []);
}

/**
 * Whether a trust anchor is in use: it issued a certificate of the run (so a path can run through
 * it), or the run serves no certificate at all (then every anchor is judged). An anchor nothing in
 * the run chains to is never looked at by OpenSSL, and is not judged here either.
 */
export function anchorInUse(context: QueryContext, anchor: X509Certificate): boolean {
  const index = runIndex(context);
  if (!index.serves) return true;
  for (const der of index.dersByIssuer.get(anchor.subject ?? '') ?? []) {
    const other = sharedCertificate(der);
    if (other && other.x509 !== anchor && issued(anchor, other.x509)) return true;
  }
  return false;
}

/** Whether a certificate's key is the public half of a private key given by its SPKI. */
export function keyMatches(cert: X509Certificate, spki: Buffer | undefined): boolean | undefined {
  if (!spki) return undefined;
  try {
    return cert.publicKey.equals(createPublicKey({ key: spki, format: 'der', type: 'spki' }));
  } catch {
    return false;
  }
}

const anchorCache = new WeakMap<readonly Uint8Array[], TrustAnchors>();

export function anchorsFor(context: QueryContext): TrustAnchors {
  return memo(anchorCache, context.caCertificates, () => new TrustAnchors(context.caCertificates));
}

export function dirAndStem(file: string): { dir: string; stem: string } {
  const slash = file.lastIndexOf('/');
  const base = file.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  return { dir: file.slice(0, slash + 1), stem: dot > 0 ? base.slice(0, dot) : base };
}
