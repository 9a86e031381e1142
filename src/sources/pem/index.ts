/** The pem source: certificates, bundles and private keys, the served certificate of a file, and its chain. */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { FILE_START, type Span } from '../../model/diagnostic';
import { isHostName } from '../../knowledge/host-name';
import { decodeText } from '../text';
import type { FactItem, FactSource, ParseOptions, FileFacts } from '../source';
import { foreignPrivateKeys, ssh1PrivateKey } from '../foreign-keys';
import { LIMITS } from '../../model/limits';
import { findPemBlocks, isCertificateLabel, isPrivateKeyLabel, type PemBlock } from './blocks';
import { issued } from './chain';
import { pemDescriptor } from './descriptor';
import { readPrivateKey } from './private-key';
import { pemQueries, type PemInternals } from './queries';
import { readCertificate } from './read-certificate';
import { keyMatches, type SharedPem } from './run-index';

/** The public half of a private key, as SPKI DER; undefined when the key could not be read. */
function publicHalf(key: KeyObject | undefined): Buffer | undefined {
  if (!key) return undefined;
  try {
    return createPublicKey(key).export({ type: 'spki', format: 'der' });
  } catch {
    return undefined;
  }
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
      const item: FactItem = {
        scope: 'private-key',
        span,
        facts: { line: key.start + 1, format: key.format, keyType: key.type, keyBits: undefined, encrypted: key.encrypted === true },
      };
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
          const item: FactItem = {
            scope: 'certificate',
            span: block.span,
            facts: { ...facts, index: state.certificates.length, line: block.span.line, trustAnchor: options.trustAnchor === true },
          };
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
            facts: {
              line: block.span.line,
              format: reading.facts.format,
              keyType: reading.facts.keyType,
              keyBits: reading.facts.keyBits,
              encrypted: reading.facts.encrypted,
            },
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
      items.push({
        scope: 'block',
        span: firstUnread.span,
        facts: {
          label: firstUnread.label,
          line: firstUnread.span.line,
          problem: undefined,
          isCertificate: true,
          isPrivateKey: false,
          unreadCertificates,
          readCertificates: LIMITS.certificatesPerFile,
        },
      });
    }

    // Where each certificate's issuer sits in the same file: a bundle should go leaf → root.
    // Candidates by subject first, so a bundle of a thousand certificates costs a thousand lookups,
    // not a million signature checks.
    const bySubject = new Map<string, number[]>();
    state.certificates.forEach(({ x509 }, index) =>
      bySubject.set(x509.subject ?? '', [...(bySubject.get(x509.subject ?? '') ?? []), index]),
    );
    const issuesAnother = new Set<number>();
    state.certificates.forEach(({ x509, item }, index) => {
      const candidates = (bySubject.get(x509.issuer ?? '') ?? []).filter((i) => i !== index);
      const issuerIndex =
        candidates.find((i) => {
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

    const parsed: FileFacts = {
      kind: 'pem',
      items,
      secrets: [],
      hints: {},
      locate: (): Span | undefined => undefined,
      queries: pemQueries(state, file, served, options.trustAnchor === true),
      shared: {
        certificates: state.certificates.map(({ x509, der }) => ({ subject: x509.subject ?? '', issuer: x509.issuer ?? '', der })),
        ...(served ? { served: state.certificates.indexOf(served) } : {}),
        keys: state.keys.map(({ spki, item }) => ({ line: item.span.line, ...(spki ? { spki: spki.toString('base64') } : {}) })),
      } satisfies SharedPem,
    };
    parsed.holdsSecrets = state.keys.length > 0;
    // Trust anchors (--ca) are no certificate of the mirror's: they stay off its timeline.
    if (!options.trustAnchor) {
      parsed.certificates = state.certificates.map(({ facts, item }) => ({
        position: Number(item.facts['index']),
        subject: facts.subject,
        ...(facts.subjectCN ? { subjectCN: facts.subjectCN } : {}),
        notBefore: String(facts.notBefore),
        notAfter: String(facts.notAfter),
        served: item.facts['served'] === true,
      }));
    }
    return parsed;
  },
};
