/** Trust anchors for path building: the --ca certificates, and Node's bundled roots parsed only when a path needs them. */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { findPemBlocks, isCertificateLabel } from './blocks';
import { describeCertificate, type CertificateFacts } from './certificate';

/** A certificate with what path checks read. */
export interface Node {
  x509: X509Certificate;
  facts: CertificateFacts;
  /** Where it was found: the certificate's own file, another file of the run, or a trust anchor. */
  origin: 'file' | 'run' | 'anchor' | 'bundled';
}

/** A trust anchor whose facts are worked out only if a path meets it (Node's ~140 roots are many). */
function anchorNode(x509: X509Certificate, origin: Node['origin']): Node {
  let facts: CertificateFacts | undefined;
  return {
    x509,
    origin,
    get facts() {
      facts ??= describeCertificate(x509);
      return facts;
    },
  };
}

type SubjectIndex = Map<string, Node[]>;

function indexBySubject(pems: readonly string[], origin: Node['origin']): SubjectIndex {
  const index: SubjectIndex = new Map();
  for (const pem of pems) {
    try {
      const x509 = new X509Certificate(pem);
      const node = anchorNode(x509, origin);
      const subject = x509.subject ?? '';
      index.set(subject, [...(index.get(subject) ?? []), node]);
    } catch {
      // an unreadable --ca certificate is skipped here; the --ca file itself is linted
    }
  }
  return index;
}

/**
 * Trust anchors: the --ca certificates, and Node's bundled Mozilla roots. The ~140 bundled roots
 * cost tens of milliseconds to parse, so they are parsed only when a chain needs an anchor the
 * --ca files do not provide.
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
    this.extra = indexBySubject(pems, 'anchor');
  }

  private bundledRoots(): SubjectIndex {
    this.bundled ??= indexBySubject(rootCertificates, 'bundled');
    return this.bundled;
  }

  /** --ca anchors named as the issuer of `cert`. */
  extraFor(cert: X509Certificate): Node[] {
    return this.extra.get(cert.issuer ?? '') ?? [];
  }

  /** Bundled roots named as the issuer of `cert` (parses them on first use). */
  bundledFor(cert: X509Certificate): Node[] {
    return this.bundledRoots().get(cert.issuer ?? '') ?? [];
  }

  contains(cert: X509Certificate): boolean {
    let fingerprint: string | undefined;
    // The same object first; else the same certificate read twice (an anchor that is also in a file).
    const same = (a: Node) =>
      a.x509 === cert || a.x509.raw.equals(cert.raw) || (fingerprint ??= cert.fingerprint256) === a.x509.fingerprint256;
    const subject = cert.subject ?? '';
    return (this.extra.get(subject) ?? []).some(same) || (this.bundledRoots().get(subject) ?? []).some(same);
  }
}
