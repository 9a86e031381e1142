import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { FILE_START, type Span } from '../../facts/diagnostic';
import { decodeText } from '../text';
import type { FactItem, FactSource, ParsedFile, QueryContext } from '../source';
import { findPemBlocks, isCertificateLabel, isPrivateKeyLabel, type PemBlock } from './blocks';
import { describeCertificate, type CertificateFacts } from './certificate';
import { issued, TrustAnchors, verifyChain } from './chain';
import { pemDescriptor } from './descriptor';
import { readPrivateKey } from './private-key';

/** What a parsed PEM file keeps beside its facts: objects rules must never see directly. */
interface PemInternals {
  certificates: { x509: X509Certificate; item: FactItem; der: string }[];
  /** Private keys by their public half (SPKI DER): enough to pair, nothing secret. */
  keys: { spki: Buffer | undefined; item: FactItem }[];
}

/** What a PEM file shares with its run (plain data: it may cross worker threads). */
interface SharedPem {
  /** Certificates in file order: subject (Node's form) and DER in base64. */
  certificates: { subject: string; der: string }[];
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
  keysByStem: Map<string, KeyPlace[]>;
}

const runIndexes = new WeakMap<QueryContext['shared'], RunIndex>();

function runIndex(context: QueryContext): RunIndex {
  let index = runIndexes.get(context.shared);
  if (!index) {
    index = { certsBySubject: new Map(), keysByStem: new Map() };
    for (const { file, kind, data } of context.shared) {
      if (kind !== 'pem') continue;
      const shared = data as SharedPem;
      for (const { subject, der } of shared.certificates) {
        const list = index.certsBySubject.get(subject) ?? [];
        list.push({ file, der });
        index.certsBySubject.set(subject, list);
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

/** PEM files: certificates, bundles and private keys (*.pem, *.crt, *.cer, *.key). */
export const pemSource: FactSource = {
  ...pemDescriptor,
  parse(bytes: Uint8Array, file: string): ParsedFile {
    const { text } = decodeText(bytes);
    const blocks = findPemBlocks(text);
    const items: FactItem[] = [];
    const state: PemInternals = { certificates: [], keys: [] };

    if (blocks.length === 0) {
      const isKey = /\.key$/i.test(file);
      items.push({
        scope: 'block',
        span: FILE_START,
        facts: { label: undefined, line: 1, problem: 'no PEM block (-----BEGIN …-----) found', isCertificate: !isKey, isPrivateKey: isKey },
      });
    }

    for (const block of blocks) {
      if (isCertificateLabel(block.label)) {
        const der = block.der.toString('base64');
        const reading = block.problem ? { problem: block.problem } : readCertificate(block.der, der);
        const { x509, facts, problem } = reading;
        items.push(blockItem(block, problem));
        if (x509 && facts) {
          const item: FactItem = { scope: 'certificate', span: block.span, facts: { ...facts, index: state.certificates.length, line: block.span.line } };
          state.certificates.push({ x509, item, der });
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

    // Where each certificate's issuer sits in the same file: a bundle should go leaf → root.
    // Candidates by subject first, so a bundle of a thousand certificates costs a thousand lookups,
    // not a million signature checks.
    const bySubject = new Map<string, number[]>();
    state.certificates.forEach(({ x509 }, index) => bySubject.set(x509.subject, [...(bySubject.get(x509.subject) ?? []), index]));
    state.certificates.forEach(({ x509, item }, index) => {
      const candidates = (bySubject.get(x509.issuer) ?? []).filter((i) => i !== index);
      const issuerIndex = candidates.find((i) => {
        const candidate = state.certificates[i];
        return candidate !== undefined && issued(candidate.x509, x509);
      }) ?? -1;
      item.facts['issuerInFile'] =
        item.facts['selfSigned'] === true ? 'self' : issuerIndex < 0 ? 'absent' : issuerIndex === index + 1 ? 'next' : 'elsewhere';
      const first = index === 0;
      item.facts['isLeaf'] = first && (item.facts['isCA'] !== true || item.facts['hasSanExtension'] === true || state.keys.length > 0);
    });

    const certificateOf = (item: FactItem) => state.certificates.find((c) => c.item === item)?.x509;
    const parsed: ParsedFile = {
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
        chain: (_params, item, context) => {
          const cert = certificateOf(item);
          if (!cert) return undefined;
          const sameFile = state.certificates.map((c) => c.x509);
          const { certsBySubject } = runIndex(context);
          const elsewhere = (issuer: string) =>
            (certsBySubject.get(issuer) ?? []).filter((c) => c.file !== file).flatMap((c) => readCertificate(Buffer.from(c.der, 'base64'), c.der).x509 ?? []);
          return verifyChain(cert, sameFile, elsewhere, anchorsFor(context));
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
        certificates: state.certificates.map(({ x509, der }) => ({ subject: x509.subject, der })),
        keys: state.keys.map(({ spki, item }) => ({ line: item.span.line, ...(spki ? { spki: spki.toString('base64') } : {}) })),
      } satisfies SharedPem,
    };
    parsed.holdsSecrets = state.keys.length > 0;
    return parsed;
  },
};
