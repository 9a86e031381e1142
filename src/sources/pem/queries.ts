/** The pem queries: what the certificate rules ask of a file that its facts alone cannot say (host match, chain, use, key). */
import type { X509Certificate } from 'node:crypto';
import type { FactItem, FactQuery, QueryContext } from '../source';
import type { CertificateFacts } from './certificate';
import { verifyChain, type ChainVerdict } from './chain';
import { anchorInUse, anchorsFor, dirAndStem, elsewhereIn, keyMatches, runIndex, type KeyPlace } from './run-index';
import { memo } from '../../util/memo';

/** What a parsed PEM file keeps beside its facts: objects rules must never see directly. */
export interface PemInternals {
  certificates: { x509: X509Certificate; item: FactItem; der: string; facts: CertificateFacts }[];
  /** Private keys by their public half (SPKI DER): enough to pair, nothing secret. */
  keys: { spki: Buffer | undefined; item: FactItem }[];
}

/** The queries of one file: its certificates, its keys, and the one it serves (none for trust anchors). */
export function pemQueries(
  state: PemInternals,
  file: string,
  served: PemInternals['certificates'][number] | undefined,
  trustAnchor: boolean,
): Record<string, FactQuery> {
  const certificateOf = (item: FactItem) => state.certificates.find((c) => c.item === item)?.x509;
  // One chain per certificate and run: inUse asks for the served certificate's on every certificate.
  const chains = new WeakMap<QueryContext['shared'], Map<FactItem, ChainVerdict | undefined>>();
  const chainOf = (item: FactItem, context: QueryContext): ChainVerdict | undefined => {
    const known = memo(chains, context.shared, () => new Map<FactItem, ChainVerdict | undefined>());
    return memo(known, item, () => {
      const entry = state.certificates.find((c) => c.item === item);
      return entry
        ? verifyChain(
            entry.x509,
            entry.facts,
            { sameFile: state.certificates, elsewhere: elsewhereIn(context, file) },
            anchorsFor(context),
            context.run.now,
          )
        : undefined;
    });
  };
  return {
    hostMatch: (_params, item, context) => {
      const cert = certificateOf(item);
      const host = context.run.host;
      if (!cert || !host) return undefined;
      const ip = /^[\d.]+$|:/.test(host);
      const matched = ip ? cert.checkIP(host.replace(/^\[|\]$/g, '')) : cert.checkHost(host);
      if (!matched) return 'none';
      return item.facts['hasSanExtension'] === true ? 'san' : 'cn';
    },
    daysUntilExpiry: (_params, item, context) => {
      const notAfter = Date.parse(String(item.facts['notAfter']));
      return Math.floor((notAfter - context.run.now.getTime()) / 86_400_000);
    },
    chain: (_params, item, context) => chainOf(item, context),
    inUse: (_params, item, context) => {
      // Judged: the served certificate and its path; a trust anchor that issued a certificate of
      // the run (all of them when the run serves none); every certificate of any other file that
      // serves none (a CA file, an intermediate bundle).
      if (trustAnchor) {
        const cert = certificateOf(item);
        return cert !== undefined && anchorInUse(context, cert);
      }
      if (!served || item === served.item) return true;
      return chainOf(served.item, context)?.fingerprints.includes(String(item.facts['fingerprint256'])) === true;
    },
    pairedKey: (_params, item, context) => {
      const cert = certificateOf(item);
      if (!cert) return undefined;
      const mine = dirAndStem(file);
      const candidates: KeyPlace[] = [
        ...state.keys.map((k) => ({ file, line: k.item.span.line, spki: k.spki })),
        ...(runIndex(context).keysByStem.get(`${mine.dir}\u0000${mine.stem}`) ?? []).filter((place) => place.file !== file),
      ];
      const first = candidates[0];
      if (!first) return undefined;
      return { file: first.file, line: first.line, matches: keyMatches(cert, first.spki) };
    },
  };
}
