import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sshKeySource } from '../../src/sources/ssh';
import { certificate, HAS_SSH_KEYGEN, keygen, publicKey } from '../support/keys';

/**
 * Our reading of public key files against ssh-keygen's own (`ssh-keygen -l`), on keys and
 * certificates ssh-keygen makes here and on the ways such files get damaged: which keys OpenSSH
 * reads from a file, with which size and fingerprint. RFC 4716 files go through `ssh-keygen -i`.
 */

const TYPES: [string, string[]][] = [
  ['rsa1024', ['-t', 'rsa', '-b', '1024']],
  ['rsa2048', ['-t', 'rsa', '-b', '2048']],
  ['rsa3072', ['-t', 'rsa', '-b', '3072']],
  ['rsa4096', ['-t', 'rsa', '-b', '4096']],
  ['dsa', ['-t', 'dsa']],
  ['ecdsa256', ['-t', 'ecdsa', '-b', '256']],
  ['ecdsa384', ['-t', 'ecdsa', '-b', '384']],
  ['ecdsa521', ['-t', 'ecdsa', '-b', '521']],
  ['ed25519', ['-t', 'ed25519']],
];

/** Ways a public key file gets written or damaged, applied to one key line. */
const VARIANTS: Record<string, (line: string, other: string) => Buffer> = {
  plain: (l) => Buffer.from(l),
  crlf: (l, o) => Buffer.from(`${l.trim()}\r\n${o.trim()}\r\n`),
  'lone CR': (l, o) => Buffer.from(`${l.trim()}\r${o.trim()}\r`),
  'byte order mark': (l, o) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(l + o)]),
  'UTF-16': (l) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(l, 'utf16le')]),
  'no-break space': (l) => Buffer.from(l.replace(' ', '\u00a0')),
  'unpadded base64': (l) => Buffer.from(l.replace(/=+ /, ' ')),
  truncated: (l) => Buffer.from(l.replace(/ (\S+)/, (_, b: string) => ` ${b.slice(0, Math.floor(b.length / 8) * 4)}`)),
  'another type named': (l) => Buffer.from(l.replace(/^\S+/, (t) => (t === 'ssh-rsa' ? 'ssh-ed25519' : 'ssh-rsa'))),
  'options and blanks': (l) => Buffer.from(`  command="echo a b",no-pty\t${l}`),
  'comment with blanks and a second key': (l, o) => Buffer.from(`${l.trim()} and more words\n# a comment\n\n${o}`),
  'garbage line first': (l) => Buffer.from(`not a key\n${l}`),
};

interface Reading {
  bits: number;
  fingerprint: string;
}

const sortReadings = (list: Reading[]) => [...list].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));

function theirs(file: string, rfc4716: boolean): Reading[] {
  const input = rfc4716 ? spawnSync('ssh-keygen', ['-i', '-f', file], { encoding: 'utf8' }).stdout : undefined;
  const result = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', input === undefined ? file : '-'], { encoding: 'utf8', input });
  if (result.status !== 0) return [];
  return sortReadings(
    result.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [bits, fingerprint] = line.split(' ');
        return { bits: Number(bits), fingerprint: fingerprint ?? '' };
      }),
  );
}

function ours(bytes: Buffer): Reading[] {
  return sortReadings(
    sshKeySource
      .parse(bytes, 'keys.pub')
      .items.filter((i) => i.facts['parseError'] === undefined && i.facts['isPrivateKey'] !== true)
      .map((i) => ({ bits: Number(i.facts['bits']), fingerprint: String(i.facts['fingerprint']) })),
  );
}

(HAS_SSH_KEYGEN ? describe : describe.skip)('public keys read as ssh-keygen -l reads them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-sshdiff-'));
  const cases: [string, Buffer, boolean][] = [];
  const other = publicKey('other-ed', ['-t', 'ed25519']);
  for (const [name, args] of TYPES) {
    const line = publicKey(`diff-${name}`, args);
    for (const [variant, make] of Object.entries(VARIANTS)) cases.push([`${name}, ${variant}`, make(line, other), false]);
    cases.push([`${name}, certificate`, Buffer.from(certificate(`diff-${name}`, args)), false]);
    cases.push([
      `${name}, RFC 4716`,
      Buffer.from(spawnSync('ssh-keygen', ['-e', '-f', `${keygen(`diff-${name}`, args)}.pub`], { encoding: 'utf8' }).stdout),
      true,
    ]);
  }

  it.each(cases)('%s', (name, bytes, rfc4716) => {
    const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.pub`);
    writeFileSync(file, bytes);
    expect(ours(bytes)).toEqual(theirs(file, rfc4716));
  });
});
