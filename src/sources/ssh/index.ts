/** The ssh-key source: public keys, authorized_keys, certificates, and private keys where they do not belong, read as OpenSSH reads them. */
import type { Span } from '../../model/diagnostic';
import type { FactItem, FactSource, FileFacts, QueryContext } from '../source';
import { sshKeyDescriptor } from './descriptor';
import { foreignPrivateKeyAt, ssh1PrivateKey } from '../foreign-keys';
import { describeKey, emptyFacts, KEY_TYPE, keyFamily, splitLine, type SshKeyFacts } from './describe-key';

export { describeKey, keyFamily, type SshKeyFacts } from './describe-key';
import { trimBlanks } from '../../util/text';
import { memo } from '../../util/memo';

/** What an SSH key file shares with its run: the identity and line of each key, in file order. */
type SharedKeys = { identity: string; line: number }[];

type Place = { file: string; line: number };

/** Per run: where each key first appears (files in order, then lines), by identity. */
const firstPlacesByRun = new WeakMap<QueryContext['shared'], Map<string, Place>>();

function firstPlaces(context: QueryContext): Map<string, Place> {
  return memo(firstPlacesByRun, context.shared, () => {
    const places = new Map<string, Place>();
    for (const { file, kind, data } of context.shared) {
      if (kind !== 'ssh-key') continue;
      for (const { identity, line } of data as SharedKeys) if (!places.has(identity)) places.set(identity, { file, line });
    }
    return places;
  });
}

function keyItem(facts: SshKeyFacts, span: Span): FactItem {
  return { scope: 'key', span, facts: { ...facts } };
}

const PRIVATE_BEGIN = /^-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----/;
/** UTF-16 by its byte order mark, or by every other byte of the first few dozen being NUL. */
function isUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const pairs = Math.min(32, Math.floor(bytes.length / 2));
  if (pairs < 4) return false;
  let odd = 0;
  let even = 0;
  for (let i = 0; i < pairs; i += 1) {
    if (bytes[2 * i + 1] === 0 && bytes[2 * i] !== 0) odd += 1;
    if (bytes[2 * i] === 0 && bytes[2 * i + 1] !== 0) even += 1;
  }
  return odd === pairs || even === pairs;
}

function lineSpan(lines: readonly string[], from: number, to = from): Span {
  return { line: from + 1, column: 1, endLine: to + 1, endColumn: (lines[to] ?? '').length + 1 };
}

/** A private key block starting at line `i`: its end line and facts. */
function privateKeyBlock(lines: readonly string[], i: number): { end: number; facts: SshKeyFacts } | undefined {
  const line = (lines[i] ?? '').trim();
  const facts = { ...emptyFacts(i + 1), isPrivateKey: true };
  const pem = PRIVATE_BEGIN.exec(line);
  if (pem) {
    let end = i;
    while (end < lines.length - 1 && !/^-----END /.test((lines[end] ?? '').trim())) end += 1;
    const label = pem[1]?.trim() ?? '';
    const headers = lines.slice(i, end).join('\n');
    const format = label === 'OPENSSH' ? 'openssh' : label === 'ENCRYPTED' || label === '' ? 'pkcs8' : 'pem';
    let encrypted = label === 'ENCRYPTED' || /Proc-Type: *4,ENCRYPTED/.test(headers);
    if (format === 'openssh') {
      const body = Buffer.from(lines.slice(i + 1, end).join(''), 'base64');
      const magic = 'openssh-key-v1\0';
      if (body.subarray(0, magic.length).toString('latin1') === magic && body.length > magic.length + 4) {
        const length = body.readUInt32BE(magic.length);
        encrypted = body.subarray(magic.length + 4, magic.length + 4 + length).toString('latin1') !== 'none';
      }
    }
    return { end, facts: { ...facts, privateKeyFormat: format, encrypted } };
  }
  const foreign = foreignPrivateKeyAt(lines, i);
  if (foreign) {
    return {
      end: foreign.end,
      facts: {
        ...facts,
        privateKeyFormat: foreign.format,
        type: foreign.type,
        algorithm: keyFamily(foreign.type ?? ''),
        encrypted: foreign.encrypted,
      },
    };
  }
  return undefined;
}

/**
 * SSH public keys as OpenSSH reads them: *.pub, authorized_keys (options allowed), OpenSSH
 * certificates, RFC 4716 blocks; and private keys (OpenSSH, PEM, PKCS#8, PuTTY, ssh.com, SSH-1)
 * where they do not belong. Lines end at \n (a \r before it is dropped); fields are separated by
 * spaces and tabs only; bytes are bytes (a byte order mark or UTF-16 are what OpenSSH would see).
 */
export const sshKeySource: FactSource = {
  ...sshKeyDescriptor,
  parse(bytes: Uint8Array, file: string): FileFacts {
    const items: FactItem[] = [];
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const ssh1 = ssh1PrivateKey(bytes);
    if (ssh1) {
      items.push(
        keyItem(
          { ...emptyFacts(1), isPrivateKey: true, privateKeyFormat: ssh1.format, type: ssh1.type, encrypted: ssh1.encrypted },
          { line: 1, column: 1, endLine: 1, endColumn: 1 },
        ),
      );
    } else if (isUtf16(bytes)) {
      items.push(
        keyItem(
          { ...emptyFacts(1), parseError: 'the file is saved as UTF-16; OpenSSH reads bytes and finds no key in it' },
          { line: 1, column: 1, endLine: 1, endColumn: 1 },
        ),
      );
    } else {
      parseLines(buffer.toString('latin1'), items);
    }
    const identity = (item: FactItem) =>
      typeof item.facts['fingerprint'] === 'string'
        ? `${item.facts['isCertificate'] === true ? 'cert ' : ''}${item.facts['fingerprint']}`
        : undefined;
    const parsed: FileFacts = {
      kind: 'ssh-key',
      crossFileKey: (context) => {
        const places = firstPlaces(context);
        return JSON.stringify(items.map((item) => places.get(identity(item) ?? '')).map((p) => (p ? `${p.file}:${p.line}` : '')));
      },
      holdsSecrets: items.some((i) => i.facts['isPrivateKey'] === true),
      items,
      secrets: [],
      hints: {},
      shared: items.flatMap((item): SharedKeys => {
        const id = identity(item);
        return id ? [{ identity: id, line: item.span.line }] : [];
      }),
      locate: () => undefined,
      queries: {
        /** The first earlier place in the run (files in order, then lines) holding the same key (a certificate is not its own key). */
        earlierSameKey: (_params, item, context) => {
          const id = identity(item);
          if (!id) return undefined;
          const first = firstPlaces(context).get(id);
          return first && !(first.file === file && first.line === item.span.line) ? `${first.file}:${first.line}` : undefined;
        },
      },
    };
    return parsed;
  },
};

function parseLines(text: string, items: FactItem[]): void {
  // OpenSSH reads lines ending in \n; a \r before the \n is part of no field.
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const bom = '\u00ef\u00bb\u00bf';
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i] ?? '';
    const span = lineSpan(lines, i);
    let line = trimBlanks(raw);
    if (line === '' || line.startsWith('#')) continue;
    if (i === 0 && line.startsWith(bom)) {
      const rest = line.slice(bom.length);
      if (!PRIVATE_BEGIN.test(rest) && !foreignPrivateKeyAt([rest], 0)) {
        items.push(
          keyItem(
            {
              ...emptyFacts(1),
              type: /^[^ \t]+/.exec(rest)?.[0],
              parseError:
                'the file starts with a UTF-8 byte order mark, which OpenSSH reads as part of the key type, so it refuses this key',
            },
            span,
          ),
        );
        continue;
      }
      line = rest;
      lines[0] = rest;
    }
    const privateKey = privateKeyBlock(lines, i);
    if (privateKey) {
      items.push(keyItem(privateKey.facts, lineSpan(lines, i, privateKey.end)));
      i = privateKey.end;
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
      const blockSpan = lineSpan(lines, i, Math.min(end, lines.length - 1));
      const facts =
        end >= lines.length
          ? { ...describeKey(i + 1, undefined, body.join(''), comment), parseError: 'the RFC 4716 block has no END line' }
          : describeKey(i + 1, undefined, body.join(''), comment);
      items.push(keyItem(facts, blockSpan));
      i = end;
      continue;
    }
    // Old Mac line ends: OpenSSH sees one line, reads its first key, and the rest is that key's comment.
    const segments = line.split('\r');
    const first = segments[0] ?? '';
    if (/\u00c2\u00a0/.test(first.split(/[ \t]/)[0] ?? '') || /^[^ \t]*\u00c2\u00a0/.test(first)) {
      items.push(
        keyItem(
          {
            ...emptyFacts(i + 1),
            type: first.split('\u00c2\u00a0')[0],
            parseError: 'a no-break space separates the fields; OpenSSH splits fields at spaces and tabs only, so it refuses this key',
          },
          span,
        ),
      );
    } else {
      const { options, rest } = splitLine(first);
      const [type, data, ...commentWords] = rest.split(/[ \t]+/);
      if (type === undefined || !KEY_TYPE.test(type)) {
        items.push(
          keyItem(
            { ...describeKey(i + 1, type, '', undefined, options), parseError: `not an SSH public key (unknown key type ${type ?? ''})` },
            span,
          ),
        );
      } else {
        items.push(keyItem(describeKey(i + 1, type, data ?? '', commentWords.join(' '), options), span));
      }
    }
    for (let s = 1; s < segments.length; s += 1) {
      const segment = segments[s] ?? '';
      if (segment.trim() === '') continue;
      // An editor shows each lone CR as a line break.
      const shown: Span = { line: i + 1 + s, column: 1, endLine: i + 1 + s, endColumn: segment.length + 1 };
      items.push(
        keyItem(
          {
            ...emptyFacts(i + 1 + s),
            type: /^[^ \t]+/.exec(segment)?.[0],
            parseError: 'the lines of this file end in a lone CR, so OpenSSH reads them as one line and never reads this key',
          },
          shown,
        ),
      );
    }
  }
}
