/** Certificate path building and checking as OpenSSL's `openssl verify -purpose sslserver` does it. */
import type { X509Certificate } from 'node:crypto';
import type { CertificateFacts } from './certificate';
import { type TrustAnchors, type Node } from './trust-anchors';

export { TrustAnchors } from './trust-anchors';

export type ChainStatus = 'trusted' | 'self-signed' | 'untrusted-root' | 'incomplete' | 'invalid';

export interface ChainVerdict {
  status: ChainStatus;
  /** Issuers on the path that are not in the certificate's own file (found in another file of the run). */
  missing: string[];
  /** The root the chain ends at, when it is not trusted. */
  root?: string;
  /** The issuer found nowhere (in the file, the run or the anchors), when the chain stops short. */
  notFound?: string;
  /** What makes an 'invalid' path invalid, in OpenSSL's terms, naming the certificate. */
  problem?: string;
  /** Certificates named as issuer but not taken, and why (a wrong key identifier, key usage, signature). */
  rejected: string[];
  /** Subjects of the path, served certificate first. */
  path: string[];
  /** SHA-256 fingerprints of the path's certificates, for the facts of certificates in use. */
  fingerprints: string[];
  /**
   * Where a path that reached a trust anchor ends: a root of Node's bundled store (publicly trusted)
   * or one given with --ca (a private CA). Absent when no anchor was reached.
   */
  anchor?: 'bundled' | 'private';
}

const oneLine = (dn: string | undefined) => (dn ?? '').replace(/\n/g, ', ') || '(an empty name)';

/**
 * Signature checks already made, per certificate object. The pem source shares one object per
 * distinct certificate, so a fleet's intermediate is verified against its root once, not per file.
 */
const verified = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();

function signedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  let known = verified.get(subject);
  if (!known) verified.set(subject, (known = new WeakMap()));
  let verdict = known.get(issuer);
  if (verdict === undefined) {
    try {
      verdict = subject.verify(issuer.publicKey);
    } catch {
      verdict = false;
    }
    known.set(issuer, verdict);
  }
  return verdict;
}

/**
 * Whether `issuer` issued `subject` as OpenSSL's X509_check_issued sees it (names, key identifiers,
 * and the issuer's key usage allowing certificate signing), and the signature verifies.
 */
export function issued(issuer: X509Certificate, subject: X509Certificate): boolean {
  let named: boolean;
  try {
    named = subject.checkIssued(issuer);
  } catch {
    named = false;
  }
  return named && signedBy(subject, issuer);
}

/** Why a certificate named as the issuer was not taken as one (for the message of an incomplete chain). */
function rejection(candidate: Node, subject: Node): string {
  const c = candidate.facts;
  const s = subject.facts;
  if (s.authorityKeyId && c.subjectKeyId && s.authorityKeyId !== c.subjectKeyId)
    return 'its key identifier is not the one the certificate names as its authority key';
  if (c.keyUsage.length > 0 && !c.keyUsage.includes('keyCertSign'))
    return 'its key usage does not allow signing certificates (no keyCertSign)';
  return 'the signature does not verify with its key';
}

/** OpenSSL's "self-signed": issued by itself (names, key identifiers, key usage) and its signature verifies. */
const selfSignedCerts = new WeakMap<X509Certificate, boolean>();

function selfSigned(node: Node): boolean {
  let verdict = selfSignedCerts.get(node.x509);
  if (verdict === undefined) selfSignedCerts.set(node.x509, (verdict = issued(node.x509, node.x509)));
  return verdict;
}

/** Where issuers may come from, besides the anchors. */
export interface IssuerSources {
  /** The certificate's own file, in file order. */
  sameFile: readonly { x509: X509Certificate; facts: CertificateFacts }[];
  /** Certificates of the run's other files whose subject is the given issuer name. */
  elsewhere: (issuer: string) => readonly { x509: X509Certificate; facts: CertificateFacts }[];
}

const MAX_DEPTH = 10;

/** OpenSSL's X509_check_ca, for a certificate above the leaf: 1 a CA by basicConstraints; 0 not one; 3/4 a v1 root or a keyCertSign-only one. */
function caKind(facts: CertificateFacts): number {
  if (facts.hasBasicConstraints) return facts.isCA ? 1 : 0;
  if (facts.version === 1 && facts.selfSigned) return 3;
  if (facts.keyUsage.includes('keyCertSign')) return 4;
  return 0;
}

/** The first reason OpenSSL would reject this path (check_chain_extensions), or undefined. */
function pathProblem(path: readonly Node[]): string | undefined {
  let plen = 0;
  for (let i = 0; i < path.length; i += 1) {
    const node = path[i] as Node;
    const f = node.facts;
    const name = oneLine(node.x509.subject);
    if (f.unhandledCriticalExtensions.length > 0)
      return `${name} has a critical extension OpenSSL does not handle (${f.unhandledCriticalExtensions.join(', ')})`;
    if (i > 0) {
      const kind = caKind(f);
      if (kind === 0 || (i + 1 < path.length && kind !== 1)) {
        return `${name} issues a certificate but is not a CA (${f.hasBasicConstraints ? 'basicConstraints CA:FALSE' : 'no basicConstraints'})`;
      }
    }
    if (path.length > 1 && f.explicitCurve) return `${name} has a public key with explicit EC curve parameters instead of a named curve`;
    if (
      i > 0 &&
      node.origin !== 'anchor' &&
      node.origin !== 'bundled' &&
      f.hasEku &&
      !f.eku.includes('serverAuth') &&
      !f.eku.includes('anyExtendedKeyUsage')
    ) {
      return `${name} limits its extended key usage to ${f.eku.join(', ')}, which excludes TLS server authentication`;
    }
    if (i > 1 && f.pathLen !== undefined && plen > f.pathLen)
      return `${name} allows ${f.pathLen} intermediate certificate${f.pathLen === 1 ? '' : 's'} below it (pathLenConstraint), but the path has ${plen}`;
    if (i > 0 && !f.selfIssued) plen += 1;
  }
  return undefined;
}

/** Whether a certificate is within its validity period at `now` (OpenSSL: expired from notAfter on). */
function timeValid(facts: CertificateFacts, now: Date): boolean {
  const at = now.toISOString();
  // ISO strings of one format compare as their times do.
  return facts.notBefore <= at && at < facts.notAfter;
}

/**
 * Builds the path of `leaf` as OpenSSL does, and more thoroughly: every candidate issuer is tried in
 * turn (the --ca anchors, the certificate's own file, the run's other files, then Node's bundled
 * roots; within each, those valid at `now` first, as OpenSSL prefers them) and the search backtracks,
 * so a path to a trusted root is found whenever one exists. The first trusted path wins; without one,
 * a path to an untrusted root is reported before an incomplete one. A trusted top must be
 * self-signed as OpenSSL sees it (names, key identifiers and key usage agree): an anchor that is
 * not needs its own issuer, as `openssl verify` without -partial_chain does.
 */
export function verifyChain(
  leaf: X509Certificate,
  leafFacts: CertificateFacts,
  sources: IssuerSources,
  anchors: TrustAnchors,
  now: Date,
): ChainVerdict {
  const start: Node = { x509: leaf, facts: leafFacts, origin: 'file' };
  const rejected = new Set<string>();
  let fallback: { path: Node[]; status: 'untrusted-root' | 'incomplete'; root: string } | undefined;
  const byTime = (nodes: Node[]) => [...nodes.filter((n) => timeValid(n.facts, now)), ...nodes.filter((n) => !timeValid(n.facts, now))];

  const search = (path: Node[]): Node[] | undefined => {
    const current = path[path.length - 1] as Node;
    if (selfSigned(current)) {
      if (anchors.contains(current.x509)) return path;
      if (!fallback || fallback.status === 'incomplete') fallback = { path, status: 'untrusted-root', root: oneLine(current.x509.subject) };
      return undefined;
    }
    if (path.length >= MAX_DEPTH) return undefined;
    const name = current.x509.issuer ?? '';
    // One object per distinct certificate of the run (the pem source shares them), so identity is enough;
    // an anchor that is also in a file is at worst met twice, and a self-signed one ends the path.
    const onPath = (n: Node) => path.some((p) => p.x509 === n.x509);
    const groups: (() => Node[])[] = [
      () => anchors.extraFor(current.x509),
      () => sources.sameFile.filter((c) => (c.x509.subject ?? '') === name).map((c): Node => ({ ...c, origin: 'file' })),
      () => sources.elsewhere(name).map((c): Node => ({ ...c, origin: 'run' })),
      () => anchors.bundledFor(current.x509),
    ];
    for (const group of groups) {
      for (const candidate of byTime(group().filter((n) => !onPath(n)))) {
        if (!issued(candidate.x509, current.x509)) {
          rejected.add(`${oneLine(candidate.x509.subject)}: ${rejection(candidate, current)}`);
          continue;
        }
        const found = search([...path, candidate]);
        if (found) return found;
      }
    }
    // Self-signed by name and signature, but not as OpenSSL sees it (key identifiers or key usage disagree).
    const almost = current.facts.selfSigned;
    if (almost && (!fallback || fallback.status === 'incomplete')) {
      const why = anchors.contains(current.x509)
        ? ', which is among the trust anchors but is no self-signed root to OpenSSL: its key identifiers or key usage disagree'
        : '';
      fallback = { path, status: 'untrusted-root', root: `${oneLine(current.x509.subject)}${why}` };
    }
    // The issuer is nowhere. Above the served certificate that is most likely a root the trust store
    // lacks (a server does not send its root); right above it, a missing intermediate.
    if (!fallback)
      fallback =
        path.length > 1 ? { path, status: 'untrusted-root', root: oneLine(name) } : { path, status: 'incomplete', root: oneLine(name) };
    return undefined;
  };

  const found = search([start]);
  const path = found ?? fallback?.path ?? [start];
  const missing = path.filter((n) => n.origin === 'run').map((n) => oneLine(n.x509.subject));
  const verdict: ChainVerdict = {
    status: 'trusted',
    missing,
    rejected: [...rejected],
    path: path.map((n) => oneLine(n.x509.subject)),
    fingerprints: path.map((n) => n.facts.fingerprint256),
  };
  if (!found) {
    const end = fallback ?? { status: 'incomplete' as const, root: oneLine(leaf.issuer) };
    verdict.status = end.status === 'untrusted-root' && path.length === 1 ? 'self-signed' : end.status;
    if (end.status === 'incomplete') verdict.notFound = end.root;
    else verdict.root = end.root;
    return verdict;
  }
  verdict.anchor = path[path.length - 1]?.origin === 'bundled' ? 'bundled' : 'private';
  const problem = pathProblem(path);
  if (problem) {
    verdict.status = 'invalid';
    verdict.problem = problem;
  } else if (missing.length > 0) verdict.status = 'incomplete';
  return verdict;
}
