import { createHash } from 'node:crypto';
import type * as Sshpk from 'sshpk';
import type { Span } from '../../facts/diagnostic';
import { decodeText } from '../text';
import type { FactItem, FactSource, ParsedFile, QueryContext } from '../source';
import { sshKeyDescriptor } from './descriptor';

/** What an SSH key file shares with its run: the fingerprint and line of each key, in file order. */
type SharedKeys = { fingerprint: string; line: number }[];

type Place = { file: string; line: number };

/** Per run: where each key (by fingerprint) first appears, files in order, then lines. */
const firstPlacesByRun = new WeakMap<QueryContext['shared'], Map<string, Place>>();

function firstPlaces(context: QueryContext): Map<string, Place> {
  let places = firstPlacesByRun.get(context.shared);
  if (!places) {
    places = new Map();
    for (const { file, kind, data } of context.shared) {
      if (kind !== 'ssh-key') continue;
      for (const { fingerprint, line } of data as SharedKeys) if (!places.has(fingerprint)) places.set(fingerprint, { file, line });
    }
    firstPlacesByRun.set(context.shared, places);
  }
  return places;
}

/** The family of an SSH key type name, for rules that speak of "RSA" or "Ed25519" keys. */
export function keyFamily(type: string): string | undefined {
  const base = type.replace(/-cert-v01@openssh\.com$/, '');
  if (base === 'ssh-rsa') return 'rsa';
  if (base === 'ssh-dss') return 'dsa';
  if (base.startsWith('ecdsa-sha2-')) return 'ecdsa';
  if (base === 'ssh-ed25519') return 'ed25519';
  if (base === 'ssh-ed448') return 'ed448';
  if (base.startsWith('sk-ecdsa-sha2-')) return 'sk-ecdsa';
  if (base === 'sk-ssh-ed25519@openssh.com') return 'sk-ed25519';
  return undefined;
}

const KEY_TYPE = /^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+)(-cert-v01@openssh\.com)?$/;

export interface SshKeyFacts {
  line: number;
  writtenType: string | undefined;
  blobType: string | undefined;
  algorithm: string | undefined;
  bits: number | undefined;
  curve: string | undefined;
  fingerprint: string | undefined;
  comment: string | undefined;
  options: string | undefined;
  parseError: string | undefined;
  isPrivateKey: boolean;
}

function loadSshpk(): typeof Sshpk {
  // sshpk costs tens of milliseconds to load; only runs that meet a key pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('sshpk') as typeof Sshpk;
}

/** Splits an authorized_keys line into options, type, base64 and comment; options may quote blanks. */
function splitLine(line: string): { options?: string; rest: string } {
  const first = /^\S+/.exec(line)?.[0] ?? '';
  if (KEY_TYPE.test(first)) return { rest: line };
  let i = 0;
  let quoted = false;
  for (; i < line.length; i += 1) {
    const ch = line[i];
    if (ch === '\\' && quoted) i += 1;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ' ' || ch === '\t')) break;
  }
  return { options: line.slice(0, i), rest: line.slice(i).trim() };
}

function readBlobType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) return undefined;
  return blob.subarray(4, 4 + length).toString('latin1');
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Facts of one public key from its type name, base64 blob and comment. Never throws. */
export function describeKey(line: number, writtenType: string | undefined, base64: string, comment: string | undefined, options?: string): SshKeyFacts {
  const facts: SshKeyFacts = {
    line, writtenType, blobType: undefined, algorithm: undefined, bits: undefined, curve: undefined,
    fingerprint: undefined, comment: comment || undefined, options, parseError: undefined, isPrivateKey: false,
  };
  if (!base64) return { ...facts, parseError: 'no key data after the type name' };
  if (!STRICT_BASE64.test(base64) || base64.length % 4 === 1) return { ...facts, parseError: 'the key data is not valid base64' };
  const blob = Buffer.from(base64, 'base64');
  const blobType = readBlobType(blob);
  if (!blobType) return { ...facts, parseError: 'the key data is truncated' };
  facts.blobType = blobType;
  if (writtenType !== undefined && writtenType !== blobType) {
    return { ...facts, parseError: `the line says ${writtenType} but the key data is ${blobType}` };
  }
  const algorithm = keyFamily(blobType);
  if (!algorithm) return { ...facts, parseError: `unknown key type ${blobType}` };
  facts.algorithm = algorithm;
  // ssh-keygen -l prints SHA256 of the blob, base64 without padding.
  facts.fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  if (algorithm.startsWith('sk-') || algorithm === 'ed448' || blobType.endsWith('-cert-v01@openssh.com')) {
    // sshpk does not read FIDO or certificate keys; their sizes are fixed by the type.
    facts.bits = algorithm === 'ed448' ? 456 : 256;
    if (algorithm === 'sk-ecdsa') facts.curve = 'nistp256';
    return facts;
  }
  try {
    const key = loadSshpk().parseKey(`${blobType} ${base64}`, 'ssh');
    facts.bits = key.size;
    facts.curve = (key as unknown as { curve?: string }).curve;
  } catch {
    return { ...facts, parseError: 'the key data is truncated or corrupt' };
  }
  return facts;
}

function keyItem(facts: SshKeyFacts, span: Span): FactItem {
  return { scope: 'key', span, facts: { ...facts } };
}

const PRIVATE_BEGIN = /^-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----/;

/** SSH public keys: *.pub, authorized_keys (options allowed), RFC 4716 blocks; private keys where they should not be. */
export const sshKeySource: FactSource = {
  ...sshKeyDescriptor,
  parse(bytes: Uint8Array, file: string): ParsedFile {
    const lines = decodeText(bytes).text.split(/\r\n|\r|\n/);
    const items: FactItem[] = [];
    for (let i = 0; i < lines.length; i += 1) {
      const raw = lines[i] ?? '';
      const line = raw.trim();
      const span: Span = { line: i + 1, column: 1, endLine: i + 1, endColumn: raw.length + 1 };
      if (line === '' || line.startsWith('#')) continue;
      const privateBegin = PRIVATE_BEGIN.exec(line);
      if (privateBegin) {
        let end = i;
        while (end < lines.length - 1 && !/^-----END /.test((lines[end] ?? '').trim())) end += 1;
        items.push(keyItem({ ...describeKey(i + 1, undefined, '', undefined), parseError: undefined, isPrivateKey: true }, { ...span, endLine: end + 1, endColumn: (lines[end] ?? '').length + 1 }));
        i = end;
        continue;
      }
      if (line === '---- BEGIN SSH2 PUBLIC KEY ----') {
        let end = i + 1;
        const body: string[] = [];
        let comment: string | undefined;
        let continued = false;
        for (; end < lines.length && (lines[end] ?? '').trim() !== '---- END SSH2 PUBLIC KEY ----'; end += 1) {
          const content = (lines[end] ?? '').trim();
          const header = /^([A-Za-z-]+):\s*(.*)$/.exec(content);
          if (continued || header) {
            if (header?.[1]?.toLowerCase() === 'comment') comment = (header[2] ?? '').replace(/^"|"$/g, '');
            continued = content.endsWith('\\');
          } else body.push(content);
        }
        const blockSpan: Span = { ...span, endLine: Math.min(end, lines.length - 1) + 1, endColumn: (lines[end] ?? '').length + 1 };
        const facts = end >= lines.length
          ? { ...describeKey(i + 1, undefined, body.join(''), comment), parseError: 'the RFC 4716 block has no END line' }
          : describeKey(i + 1, undefined, body.join(''), comment);
        items.push(keyItem(facts, blockSpan));
        i = end;
        continue;
      }
      const { options, rest } = splitLine(line);
      const [type, data, ...commentWords] = rest.split(/\s+/);
      if (type === undefined || !KEY_TYPE.test(type)) {
        items.push(keyItem({ ...describeKey(i + 1, type, '', undefined, options), parseError: `not an SSH public key (unknown key type ${type ?? ''})` }, span));
        continue;
      }
      items.push(keyItem(describeKey(i + 1, type, data ?? '', commentWords.join(' '), options), span));
    }
    const parsed: ParsedFile = {
      kind: 'ssh-key',
      crossFileKey: (context) => {
        const places = firstPlaces(context);
        return JSON.stringify(items.map((item) => places.get(String(item.facts['fingerprint']))).map((p) => (p ? `${p.file}:${p.line}` : '')));
      },
      holdsSecrets: items.some((i) => i.facts['isPrivateKey'] === true),
      items,
      secrets: [],
      hints: {},
      shared: items.flatMap((item): SharedKeys => (typeof item.facts['fingerprint'] === 'string' ? [{ fingerprint: item.facts['fingerprint'], line: item.span.line }] : [])),
      locate: () => undefined,
      queries: {
        /** The first earlier place in the run (files in order, then lines) holding the same key. */
        earlierSameKey: (_params, item, context) => {
          const fingerprint = item.facts['fingerprint'];
          if (typeof fingerprint !== 'string') return undefined;
          const first = firstPlaces(context).get(fingerprint);
          return first && !(first.file === file && first.line === item.span.line) ? `${first.file}:${first.line}` : undefined;
        },
      },
    };
    return parsed;
  },
};
