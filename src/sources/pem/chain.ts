import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { findPemBlocks, isCertificateLabel } from './blocks';

export type ChainStatus = 'trusted' | 'self-signed' | 'untrusted-root' | 'incomplete';

export interface ChainVerdict {
  status: ChainStatus;
  /** Issuers the chain needs that are not in the certificate's own file (found elsewhere or nowhere). */
  missing: string[];
  /** The root the chain ends at (or the unknown issuer a CA certificate names), when it is not trusted. */
  root?: string;
}

/**
 * Signature checks already made, per certificate object. The pem source shares one object per
 * distinct certificate, so a fleet's intermediate is verified against its root once, not per file.
 */
const issuedBy = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();
const selfSigned = new WeakMap<X509Certificate, boolean>();

/** Whether `issuer` signed `subject` (names chain and the signature verifies). */
export function issued(issuer: X509Certificate, subject: X509Certificate): boolean {
  let known = issuedBy.get(subject);
  if (!known) issuedBy.set(subject, (known = new WeakMap()));
  let verdict = known.get(issuer);
  if (verdict === undefined) {
    try {
      verdict = subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
    } catch {
      verdict = false;
    }
    known.set(issuer, verdict);
  }
  return verdict;
}

/** Self-signed by name and signature; checkIssued would also demand keyCertSign, which a self-signed leaf lacks. */
function isSelfSigned(cert: X509Certificate): boolean {
  let verdict = selfSigned.get(cert);
  if (verdict === undefined) {
    try {
      verdict = cert.subject === cert.issuer && cert.verify(cert.publicKey);
    } catch {
      verdict = false;
    }
    selfSigned.set(cert, verdict);
  }
  return verdict;
}

const oneLine = (dn: string) => dn.replace(/\n/g, ', ');

type SubjectIndex = Map<string, X509Certificate[]>;

function indexBySubject(pems: readonly string[]): SubjectIndex {
  const index: SubjectIndex = new Map();
  for (const pem of pems) {
    try {
      const cert = new X509Certificate(pem);
      index.set(cert.subject, [...(index.get(cert.subject) ?? []), cert]);
    } catch {
      // an unreadable --ca certificate is skipped; the CA file itself is linted if it is in the run
    }
  }
  return index;
}

/**
 * Trust anchors: the --ca certificates, and Node's bundled Mozilla roots. The ~140 bundled roots
 * cost tens of milliseconds to parse, so they are parsed only when a chain needs an anchor the
 * --ca files and the run's own certificates do not provide.
 */
export class TrustAnchors {
  private readonly extra: SubjectIndex;
  private bundled: SubjectIndex | undefined;

  constructor(extra: readonly Uint8Array[]) {
    const pems: string[] = [];
    for (const bytes of extra) {
      for (const block of findPemBlocks(Buffer.from(bytes).toString('latin1'))) {
        if (isCertificateLabel(block.label) && !block.problem) pems.push(block.text);
      }
    }
    this.extra = indexBySubject(pems);
  }

  private bundledRoots(): SubjectIndex {
    this.bundled ??= indexBySubject(rootCertificates);
    return this.bundled;
  }

  /** An anchor from the --ca files that issued `cert`. */
  extraIssuerOf(cert: X509Certificate): X509Certificate | undefined {
    return this.extra.get(cert.issuer)?.find((anchor) => issued(anchor, cert));
  }

  /** An anchor from the bundled roots that issued `cert` (parses them on first use). */
  bundledIssuerOf(cert: X509Certificate): X509Certificate | undefined {
    return this.bundledRoots().get(cert.issuer)?.find((anchor) => issued(anchor, cert));
  }

  contains(cert: X509Certificate): boolean {
    const same = (a: X509Certificate) => a.fingerprint256 === cert.fingerprint256;
    return (this.extra.get(cert.subject) ?? []).some(same) || (this.bundledRoots().get(cert.subject) ?? []).some(same);
  }
}

/**
 * Builds the chain of `leaf` as a TLS client would: issuers from the same file first, then from
 * other files of the run, up to a trust anchor. At most ten links, so a cycle cannot loop.
 * When an issuer is found nowhere, a missing issuer of the leaf is a missing intermediate, and a
 * missing issuer of a CA certificate is a root the trust store does not have.
 */
export function verifyChain(
  leaf: X509Certificate,
  sameFile: readonly X509Certificate[],
  /** Certificates of the run's other files whose subject is the given issuer name. */
  elsewhere: (issuer: string) => readonly X509Certificate[],
  anchors: TrustAnchors,
): ChainVerdict {
  const missing: string[] = [];
  let current = leaf;
  for (let depth = 0; depth < 10; depth += 1) {
    if (isSelfSigned(current)) {
      if (anchors.contains(current)) return { status: missing.length > 0 ? 'incomplete' : 'trusted', missing };
      return depth === 0 ? { status: 'self-signed', missing } : { status: 'untrusted-root', missing, root: oneLine(current.subject) };
    }
    if (anchors.extraIssuerOf(current)) return { status: missing.length > 0 ? 'incomplete' : 'trusted', missing };
    const local = sameFile.find((c) => c !== current && issued(c, current));
    const remote = local ? undefined : elsewhere(current.issuer).find((c) => issued(c, current));
    const next = local ?? remote;
    if (!next && anchors.bundledIssuerOf(current)) return { status: missing.length > 0 ? 'incomplete' : 'trusted', missing };
    if (!next) {
      if (depth > 0 && missing.length === 0) return { status: 'untrusted-root', missing, root: oneLine(current.issuer) };
      return { status: 'incomplete', missing: [...missing, oneLine(current.issuer)] };
    }
    if (remote) missing.push(oneLine(remote.subject));
    current = next;
  }
  return { status: 'incomplete', missing: [...missing, oneLine(current.issuer)] };
}
