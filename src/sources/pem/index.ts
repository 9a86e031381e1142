import { X509Certificate, type KeyObject } from 'node:crypto';
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
  certificates: { x509: X509Certificate; item: FactItem }[];
  keys: { key: KeyObject | undefined; item: FactItem }[];
}

const internals = new WeakMap<ParsedFile, PemInternals>();

/**
 * What queries need from the whole run, indexed once per run (per context.files): certificates by
 * subject for chain building, private keys by folder and base name for pairing. Without it, a
 * 10,000-file fleet costs a scan of every file per certificate.
 */
interface RunIndex {
  certsBySubject: Map<string, { parsed: ParsedFile; x509: X509Certificate }[]>;
  keysByStem: Map<string, { file: string; parsed: ParsedFile; key: PemInternals['keys'][number] }[]>;
}

const runIndexes = new WeakMap<QueryContext['files'], RunIndex>();

function runIndex(context: QueryContext): RunIndex {
  let index = runIndexes.get(context.files);
  if (!index) {
    index = { certsBySubject: new Map(), keysByStem: new Map() };
    for (const { file, parsed } of context.files) {
      const state = internals.get(parsed);
      if (!state) continue;
      for (const { x509 } of state.certificates) {
        const list = index.certsBySubject.get(x509.subject) ?? [];
        list.push({ parsed, x509 });
        index.certsBySubject.set(x509.subject, list);
      }
      const { dir, stem } = dirAndStem(file);
      for (const key of state.keys) {
        const list = index.keysByStem.get(`${dir}\u0000${stem}`) ?? [];
        list.push({ file, parsed, key });
        index.keysByStem.set(`${dir}\u0000${stem}`, list);
      }
    }
    runIndexes.set(context.files, index);
  }
  return index;
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

function readCertificate(der: Buffer): CertificateReading {
  const key = der.toString('base64');
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
        const reading = block.problem ? { problem: block.problem } : readCertificate(block.der);
        const { x509, facts, problem } = reading;
        items.push(blockItem(block, problem));
        if (x509 && facts) {
          const item: FactItem = { scope: 'certificate', span: block.span, facts: { ...facts, index: state.certificates.length, line: block.span.line } };
          state.certificates.push({ x509, item });
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
          state.keys.push({ key: reading.key, item });
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

    const parsed: ParsedFile = {
      kind: 'pem',
      items,
      secrets: [],
      hints: {},
      locate: (): Span | undefined => undefined,
      queries: {
        hostMatch: (_params, item, context) => {
          const cert = state.certificates.find((c) => c.item === item)?.x509;
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
          const cert = state.certificates.find((c) => c.item === item)?.x509;
          if (!cert) return undefined;
          const sameFile = state.certificates.map((c) => c.x509);
          const { certsBySubject } = runIndex(context);
          const elsewhere = (issuer: string) => (certsBySubject.get(issuer) ?? []).filter((c) => c.parsed !== parsed).map((c) => c.x509);
          return verifyChain(cert, sameFile, elsewhere, anchorsFor(context));
        },
        pairedKey: (_params, item, context) => {
          const cert = state.certificates.find((c) => c.item === item)?.x509;
          if (!cert) return undefined;
          const mine = dirAndStem(file);
          const candidates = [
            ...state.keys.map((k) => ({ file, k })),
            ...(runIndex(context).keysByStem.get(`${mine.dir}\u0000${mine.stem}`) ?? [])
              .filter((entry) => entry.parsed !== parsed)
              .map((entry) => ({ file: entry.file, k: entry.key })),
          ];
          const first = candidates[0];
          if (!first) return undefined;
          return { file: first.file, line: first.k.item.span.line, matches: first.k.key ? cert.checkPrivateKey(first.k.key) : undefined };
        },
      },
    };
    parsed.holdsSecrets = state.keys.length > 0;
    internals.set(parsed, state);
    return parsed;
  },
};
