import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readPropertiesDocument } from '../../src/sources/properties/document';
import { randomPropertiesText } from '../support/properties-corpus';
import { describeWithTool } from '../support/tools';

/**
 * Our reading of properties files against Java's own Properties.load, on generated files (the
 * pieces Java treats specially, combined at random) and on the shapes real files hold. Java reads
 * the bytes as ISO-8859-1 (what Bitbucket does); read again as UTF-8 text, the same file gives what
 * the admin meant, which our display values must equal.
 */

const FILES = Number(process.env['JAVA_DIFF_FILES'] ?? 2000);

interface JavaReading {
  props?: Record<string, string>;
  error?: string;
}

const BOM = '\u00ef\u00bb\u00bf';

/** Real-world shapes (issue #11 §5), as ISO-8859-1 text: one character per byte. */
const SHAPES: Record<string, string> = {
  'utf-8 byte order mark': `${BOM}server.proxy-name=mirror.example.com\nserver.port=7990\n`,
  'byte order mark before a comment': `${BOM}# mirror\nserver.port=7990\n`,
  'byte order mark before blanks': `${BOM}  server.port=7990\n`,
  'utf-16le with a byte order mark': `\u00ff\u00fe${Buffer.from('server.port=7990\r\n', 'utf16le').toString('latin1')}`,
  'utf-16le without one': Buffer.from('server.port=7990\n', 'utf16le').toString('latin1'),
  'utf-16be': `\u00fe\u00ff${Buffer.from('server.port=7990\n', 'utf16le').swap16().toString('latin1')}`,
  'utf-8 outside ascii': Buffer.from('setup.displayName=Café Bitbucket ✓\n', 'utf8').toString('latin1'),
  'latin-1 outside ascii': 'setup.displayName=Caf\u00e9\n',
  'a line holding only a backslash, then a blank line': 'a=1\n\\\n\nb=2\n',
  'a line holding only a backslash, then a comment': 'a=1\n\\\n# b=2\nc=3\n',
  'a backslash alone at the end': 'a=1\n\\',
  'a backslash alone, then a line end at the end': 'a=1\n\\\n',
  'crlf after a lone backslash at the end': 'a=1\n\\\r\n',
  'continuation into a blank line': 'a=x\\\n   \nb=2\n',
  'escaped separators and blanks': 'k\\=1\\:2\\ 3 = v\\=w\\\\\n',
  'a licence split without continuations': 'setup.license=AAABBB111CCCdddEEE\nFFFggg222HHHiiiJJJ==\nKKKlll333MMM\n',
  'spring placeholders and shell assignments': 'jdbc.url=${DB_URL}\nsetup.displayName=NAME="x"\n',
  'malformed unicode escape': 'a=\\u12G4\n',
};

describeWithTool(
  'java',
  ['-version'],
  'default-jdk-headless',
)('properties files read as Java reads them', () => {
  jest.setTimeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-java-'));
  const classes = path.join(dir, 'classes');
  execFileSync('javac', ['-d', classes, path.join(__dirname, '..', 'support', 'java', 'PropsDump.java')]);

  function java(texts: string[]): { bytes: JavaReading; utf8?: JavaReading }[] {
    const files = texts.map((text, i) => {
      const file = path.join(dir, `${i}.properties`);
      writeFileSync(file, Buffer.from(text, 'latin1'));
      return file;
    });
    const out = execFileSync('java', ['-cp', classes, 'PropsDump'], { input: files.join('\n'), encoding: 'utf8', maxBuffer: 1 << 30 });
    return out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { bytes: JavaReading; utf8?: JavaReading });
  }

  function ours(text: string, display: boolean): JavaReading {
    const doc = readPropertiesDocument(Buffer.from(text, 'latin1'));
    if (doc.entries.some((e) => e.malformedEscape)) return { error: 'Malformed \\uxxxx encoding.' };
    const table = new Map<string, string>();
    for (const e of doc.entries) table.set(display ? e.displayKey : e.key, display ? e.displayValue : e.value);
    return { props: Object.fromEntries([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  }

  it('agrees with Java on the shapes real files hold', () => {
    const names = Object.keys(SHAPES);
    const theirs = java(Object.values(SHAPES));
    names.forEach((name, i) => {
      const text = SHAPES[name] ?? '';
      expect({ name, reading: ours(text, false) }).toEqual({ name, reading: theirs[i]?.bytes });
      if (theirs[i]?.utf8 && !theirs[i]?.utf8?.error)
        expect({ name, display: ours(text, true) }).toEqual({ name, display: theirs[i]?.utf8 });
    });
  });

  it(`agrees with Java on ${FILES} generated files`, () => {
    const texts = Array.from({ length: FILES }, (_, i) => randomPropertiesText(i + 1));
    const theirs = java(texts);
    const differences = texts.flatMap((text, i) => {
      const java = theirs[i];
      const mine = ours(text, false);
      const bad = JSON.stringify(mine) !== JSON.stringify(java?.bytes);
      const utf8 = java?.utf8?.props ? JSON.stringify(ours(text, true)) !== JSON.stringify(java.utf8) : false;
      return bad || utf8 ? [{ seed: i + 1, text, java, ours: mine }] : [];
    });
    expect(differences.slice(0, 3)).toEqual([]);
  });
});
