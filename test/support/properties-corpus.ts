/** Random properties files built from the pieces Java's Properties.load treats specially, for differential tests. */

/** A small deterministic generator (mulberry32), so a failing file can be made again from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'server.port',
  'server.proxy-name',
  'setup.displayName',
  'jdbc.url',
  'a',
  'k\\ ey',
  'k\\=y',
  'k\\:y',
  '\\#k',
  'x\\u0041',
  'k\\\\',
  'caf\u00c3\u00a9',
];
const VALUES = [
  '7990',
  'mirror.example.com',
  'Caf\u00c3\u00a9',
  'Caf\\u00e9',
  ' spaced ',
  'a\\tb',
  'c:\\\\path',
  'x=y',
  '\\',
  '\\\\',
  '',
  'v # not a comment',
  '\u00e9t\u00e9',
];
/** Values Java refuses (a malformed \\u escape fails the whole file): rare, so most files test the rest. */
const MALFORMED = ['\\u00', '\\uZZZZ', 'x\\u12G4'];
const SEPARATORS = ['=', ':', ' ', '\t', ' = ', ' : ', '\f', '=\\\n  ', ' \\\n', '==', '::'];
const ENDS = ['\n', '\r\n', '\r'];
const LINES = ['# comment', '! bang', '   # indented comment', '', '   ', '\\', ' \\', '\t\f', '#\\', 'a\\', '\u00ef\u00bb\u00bf'];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** One file's text, one character per byte (ISO-8859-1): write it with Buffer.from(text, 'latin1'). */
export function randomPropertiesText(seed: number): string {
  const next = random(seed);
  const count = Math.floor(next() * 8);
  let text = next() < 0.1 ? '\u00ef\u00bb\u00bf' : '';
  for (let i = 0; i < count; i += 1) {
    const end = pick(next, ENDS);
    if (next() < 0.3) {
      text += pick(next, LINES) + end;
      continue;
    }
    const indent = next() < 0.2 ? pick(next, [' ', '\t', '  \f']) : '';
    let value = next() < 0.03 ? pick(next, MALFORMED) : pick(next, VALUES);
    if (next() < 0.2) value += `\\${end}${pick(next, ['', '  ', '\t'])}${pick(next, VALUES)}`;
    text += `${indent}${pick(next, KEYS)}${pick(next, SEPARATORS)}${value}${next() < 0.15 ? ' \t' : ''}`;
    if (i < count - 1 || next() < 0.7) text += end;
  }
  return text;
}
