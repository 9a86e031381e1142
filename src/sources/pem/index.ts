/** The pem source: certificates, bundles and private keys, the served certificate of a file, and its chain. */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { FILE_START, type Span } from '../../model/diagnostic';
import { isHostName } from '../../knowledge/host-name';
import { decodeText } from '../text';
import type { FactItem, FactSource, ParseOptions, FileFacts, QueryContext } from '../source';
import { foreignPrivateKeys, ssh1PrivateKey } from '../foreign-keys';
import { LIMITS } from '../../model/limits';
import { findPemBlocks, isCertificateLabel, isPrivateKeyLabel, type PemBlock } from './blocks';
import { describeCertificate, type CertificateFacts } from './certificate';
import { issued, TrustAnchors, verifyChain, type ChainVerdict } from './chain';
import { pemDescriptor } from './descriptor';
import { readPrivateKey } from './private-key';

/** What a parsed PEM file keeps beside its facts: objects rules must never see directly. */
interface PemInternals {
  certificates: { x509: X509Certificate; item: FactItem; der: string; facts: CertificateFacts }[];
  /** Private keys by their public half (SPKI DER): enough to pair, nothing secret. */
  keys: { spki: Buffer | undefined; item: FactItem }[];
}

/** What a PEM file shares with its run (plain data: it may cross worker threads). */
interface SharedPem {
  /** Certificates in file order: subject and issuer (Node's form) and DER in base64. */
  certificates: { subject: string; issuer: string; der: string }[];
  /** Index of the certificate the file serves, if any. */
  served?: number;
  /** Private keys in file order: line and public key (SPKI DER in base64) when readable. */
  keys: { line: number; spki?: string }[];
}

interface KeyPlace {
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

function runIndex(context: QueryContext): RunIndex {
  let index = runIndexes.get(context.shared);
  if (!index) {
    index = { certsBySubject: new Map(), dersByIssuer: new Map(), keysByStem: new Map(), serves: false };
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
    runIndexes.set(context.shared, index);
  }
  return index;
}

/** A certificate read from the DER a file shared, with its facts (undefined when it does not read). */
function sharedCertificate(der: string): { x509: X509Certificate; facts: CertificateFacts } | undefined {
  const reading = readCertificate(Buffer.from(der, 'base64'), der);
  return reading.x509 && reading.facts ? { x509: reading.x509, facts: reading.facts } : undefined;
}

/** Certificates of other files of the run named `issuer`, for chain building. */
function elsewhereIn(context: QueryContext, file: string): (issuer: string) => { x509: X509Certificate; facts: CertificateFacts }[] {
  const { certsBySubject } = runIndex(context);
  return (issuer) => (certsBySubject.get(issuer) ?? []).filter((c) => c.file !== file).flatMap((c) => sharedCertificate(c.der) ?? []);
}

/**
 * Whether a trust anchor is in use: it issued a certificate of the run (so a path can run through
 * it), or the run serves no certificate at all (then every anchor is judged). An anchor nothing in
 * the run chains to is never looked at by OpenSSL, and is not judged here either.
 */
function anchorInUse(context: QueryContext, anchor: X509Certificate): boolean {
  const index = runIndex(context);
  if (!index.serves) return true;
  for (const der of index.dersByIssuer.get(anchor.subject ?? '') ?? []) {
    const other = sharedCertificate(der);
    if (other && other.x509 !== anchor && issued(anchor, other.x509)) return true;
  }
  return false;
}

/** Whether a certificate's key is the public half of a private key given by its SPKI. */
function keyMatches(cert: X509Certificate, spki: Buffer | undefined): boolean | undefined {
  if (!spki) return undefined;
  try {
    return cert.publicKey.equals(createPublicKey({ key: spki, format: 'der', type: 'spki' }));
  } catch {
    return false;
  }
}

/** The public half of a private key, as SPKI DER; undefined when the key could not be read. */
function publicHalf(key: KeyObject | undefined): Buffer | undefined {
  if (!key) return undefined;
  try {
    return createPublicKey(key).export({ type: 'spki', format: 'der' });
  } catch {
    return undefined;
  }
}

const anchorCache = new WeakMap<readonly Uint8Array[], TrustAnchors>();

function anchorsFor(context: QueryContext): TrustAnchors {
  let anchors = anchorCache.get(context.caCertificates);
  if (!anchors) {
    anchors = new TrustAnchors(context.caCertificates);
    anchorCache.set(context.caCertificates, anchors);
  }
  return anchors;
}

function dirAndStem(file: string): { dir: string; stem: string } {
  const slash = file.lastIndexOf('/');
  const base = file.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  return { dir: file.slice(0, slash + 1), stem: dot > 0 ? base.slice(0, dot) : base };
}

function blockItem(block: PemBlock, problem: string | undefined): FactItem {
  return {
    scope: 'block',
    span: block.span,
    facts: {
      label: block.label,
      line: block.span.line,
      problem,
      isCertificate: isCertificateLabel(block.label),
      isPrivateKey: isPrivateKeyLabel(block.label),
    },
  };
}

interface CertificateReading {
  x509?: X509Certificate;
  facts?: CertificateFacts;
  problem?: string;
}

/**
 * Certificates read in this process, by their DER. A fleet's bundles repeat the same intermediates
 * and roots in every mirror's file; OpenSSL's parse and our description are done once per distinct
 * certificate. Readings are immutable (items copy the facts), and the map is bounded.
 */
const readings = new Map<string, CertificateReading>();
const MAX_READINGS = 4096;

function readCertificate(der: Buffer, key = der.toString('base64')): CertificateReading {
  let reading = readings.get(key);
  if (!reading) {
    reading = {};
    try {
      reading.x509 = new X509Certificate(der);
      reading.facts = describeCertificate(reading.x509);
    } catch {
      reading.problem = reading.x509 ? 'the certificate has a malformed extension' : 'not a valid X.509 certificate';
      reading.x509 = undefined;
    }
    if (readings.size >= MAX_READINGS) readings.clear();
    readings.set(key, reading);
  }
  return reading;
}

/**
 * The certificate a server would present from this file: one whose key is in the file, else the
 * one no other certificate of the file is issued by (the first such). That one is left out when it is
 * a CA's own certificate (CA:TRUE, no subjectAltName, and keyCertSign or a common name that is no
 * host name): the file is then a CA file or an intermediate bundle, and serves nothing. The self-signed certificate `openssl req -x509 -subj /CN=host` makes is served.
 */
function servedCertificate(state: PemInternals, issuesAnother: ReadonlySet<number>): PemInternals['certificates'][number] | undefined {
  const keyed = state.certificates.find(({ x509 }) => state.keys.some((k) => keyMatches(x509, k.spki) === true));
  if (keyed) return keyed;
  const bottom = state.certificates.find((_c, index) => !issuesAnother.has(index));
  if (!bottom) return undefined;
  const f = bottom.facts;
  // A subjectAltName names a server: a CA's own certificate has none.
  const looksLikeCa = f.isCA && !f.hasSanExtension && (f.keyUsage.includes('keyCertSign') || !(f.subjectCN && isHostName(f.subjectCN)));
  return looksLikeCa ? undefined : bottom;
}

/** PEM files: certificates, bundles and private keys (*.pem, *.crt, *.cer, *.key). */
export const pemSource: FactSource = {
  ...pemDescriptor,
  parse(bytes: Uint8Array, file: string, _queryParams?: readonly Record<string, unknown>[], options: ParseOptions = {}): FileFacts {
    const { text } = decodeText(bytes);
    const blocks = findPemBlocks(text);
    const items: FactItem[] = [];
    const state: PemInternals = { certificates: [], keys: [] };

    // PuTTY, ssh.com and SSH-1 private keys are private keys too, though not PEM.
    const ssh1 = ssh1PrivateKey(bytes);
    const foreign = [...(ssh1 ? [ssh1] : []), ...(/PuTTY-User-Key-File-|---- BEGIN SSH2 /.test(text) ? foreignPrivateKeys(text) : [])];
    for (const key of foreign) {
      const span: Span = { line: key.start + 1, column: 1, endLine: key.end + 1, endColumn: 1 };
      const item: FactItem = { scope: 'private-key', span, facts: { line: key.start + 1, format: key.format, keyType: key.type, keyBits: undefined, encrypted: key.encrypted === true } };
      state.keys.push({ spki: undefined, item });
      items.push(item);
    }
    if (blocks.length === 0 && foreign.length === 0) {
      const isKey = /\.key$/i.test(file);
      items.push({
        scope: 'block',
        span: FILE_START,
        facts: { label: undefined, line: 1, problem: 'no PEM block (-----BEGIN …-----) found', isCertificate: !isKey, isPrivateKey: isKey },
      });
    }

    let certificateBlocks = 0;
    let firstUnread: PemBlock | undefined;
    for (const block of blocks) {
      if (isCertificateLabel(block.label)) {
        // A bundle past the cap is counted, not read (a 30 MB bundle of 25,000 took 690 MiB before).
        certificateBlocks += 1;
        if (certificateBlocks > LIMITS.certificatesPerFile) {
          firstUnread ??= block;
          continue;
        }
        const der = block.der.toString('base64');
        const reading = block.problem ? { problem: block.problem } : readCertificate(block.der, der);
        const { x509, facts, problem } = reading;
        items.push(blockItem(block, problem));
        if (x509 && facts) {
          const item: FactItem = { scope: 'certificate', span: block.span, facts: { ...facts, index: state.certificates.length, line: block.span.line, trustAnchor: options.trustAnchor === true } };
          state.certificates.push({ x509, item, der, facts });
          items.push(item);
        }
      } else if (isPrivateKeyLabel(block.label)) {
        const reading = readPrivateKey(block);
        items.push(blockItem(block, reading.facts.parseError));
        if (!reading.facts.parseError) {
          const item: FactItem = {
            scope: 'private-key',
            span: block.span,
            facts: { line: block.span.line, format: reading.facts.format, keyType: reading.facts.keyType, keyBits: reading.facts.keyBits, encrypted: reading.facts.encrypted },
          };
          state.keys.push({ spki: publicHalf(reading.key), item });
          items.push(item);
        }
      } else {
        items.push(blockItem(block, block.problem));
      }
    }

    if (firstUnread) {
      const unreadCertificates = certificateBlocks - LIMITS.certificatesPerFile;
      items.push({ scope: 'block', span: firstUnread.span, facts: { label: firstUnread.label, line: firstUnread.span.line, problem: undefined, isCertificate: true, isPrivateKey: false, unreadCertificates, readCertificates: LIMITS.certificatesPerFile } });
    }

    // Where each certificate's issuer sits in the same file: a bundle should go leaf → root.
    // Candidates by subject first, so a bundle of a thousand certificates costs a thousand lookups,
    // not a million signature checks.
    const bySubject = new Map<string, number[]>();
    state.certificates.forEach(({ x509 }, index) => bySubject.set(x509.subject ?? '', [...(bySubject.get(x509.subject ?? '') ?? []), index]));
    const issuesAnother = new Set<number>();
    state.certificates.forEach(({ x509, item }, index) => {
      const candidates = (bySubject.get(x509.issuer ?? '') ?? []).filter((i) => i !== index);
      const issuerIndex = candidates.find((i) => {
        const candidate = state.certificates[i];
        return candidate !== undefined && issued(candidate.x509, x509);
      }) ?? -1;
      if (issuerIndex >= 0) issuesAnother.add(issuerIndex);
      item.facts['issuerInFile'] =
        item.facts['selfSigned'] === true ? 'self' : issuerIndex < 0 ? 'absent' : issuerIndex === index + 1 ? 'next' : 'elsewhere';
    });
    const served = options.trustAnchor ? undefined : servedCertificate(state, issuesAnother);
    state.certificates.forEach(({ item }) => {
      item.facts['served'] = item === served?.item;
      // The older name of the same decision, kept for custom rules.
      item.facts['isLeaf'] = item.facts['served'];
    });

    const certificateOf = (item: FactItem) => state.certificates.find((c) => c.item === item)?.x509;
    // One chain per certificate and run: inUse asks for the served certificate's on every certificate.
    const chains = new WeakMap<QueryContext['shared'], Map<FactItem, ChainVerdict | undefined>>();
    const chainOf = (item: FactItem, context: QueryContext): ChainVerdict | undefined => {
      let known = chains.get(context.shared);
      if (!known) chains.set(context.shared, (known = new Map()));
      if (known.has(item)) return known.get(item);
      const entry = state.certificates.find((c) => c.item === item);
      let verdict: ChainVerdict | undefined;
      if (entry) verdict = verifyChain(entry.x509, entry.facts, { sameFile: state.certificates, elsewhere: elsewhereIn(context, file) }, anchorsFor(context), context.run.now);
      known.set(item, verdict);
      return verdict;
    };
    const parsed: FileFacts = {
      kind: 'pem',
      items,
      secrets: [],
      hints: {},
      locate: (): Span | undefined => undefined,
      queries: {
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
          if (options.trustAnchor) {
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
      },
      shared: {
        certificates: state.certificates.map(({ x509, der }) => ({ subject: x509.subject ?? '', issuer: x509.issuer ?? '', der })),
        ...(served ? { served: state.certificates.indexOf(served) } : {}),
        keys: state.keys.map(({ spki, item }) => ({ line: item.span.line, ...(spki ? { spki: spki.toString('base64') } : {}) })),
      } satisfies SharedPem,
    };
    parsed.holdsSecrets = state.keys.length > 0;
    return parsed;
  },
};
