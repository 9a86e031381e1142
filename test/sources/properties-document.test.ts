import { readPropertiesDocument } from '../../src/sources/properties/document';

const read = (text: string | Buffer) => readPropertiesDocument(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);

describe('properties document', () => {
  it('reads =, : and whitespace separators the way Java does', () => {
    const doc = read('a=1\nb:2\nc 3\nd\t=\t4\ne\n');
    expect(doc.entries.map((e) => [e.key, e.value])).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
      ['e', ''],
    ]);
  });

  it('joins continuation lines and reports the span of the whole property', () => {
    const doc = read('# header\nsetup.displayName=Example \\\n    mirror\nserver.port=7990\n');
    const [name, port] = doc.entries;
    expect(name).toMatchObject({ key: 'setup.displayName', value: 'Example mirror' });
    expect(name?.span).toEqual({ line: 2, column: 1, endLine: 3, endColumn: 11 });
    expect(port?.span.line).toBe(4);
  });

  it('keeps every duplicate and marks the last as the one that wins', () => {
    const doc = read('k=1\nother=x\nk=2\nk=3\n');
    const ks = doc.entries.filter((e) => e.key === 'k');
    expect(ks.map((e) => [e.occurrence, e.occurrences, e.effectiveLine])).toEqual([
      [1, 3, 4],
      [2, 3, 4],
      [3, 3, 4],
    ]);
    expect(doc.effective.get('k')?.value).toBe('3');
  });

  it('unescapes keys and values, including \\uXXXX', () => {
    const doc = read('x\\u0041\\ y=caf\\u00e9\\n\n');
    expect(doc.entries[0]).toMatchObject({ key: 'xA y', rawKey: 'x\\u0041\\ y', value: 'café\n' });
  });

  it('keeps a UTF-8 byte order mark in the first key, as Java does, and counts columns after it', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const doc = read(Buffer.concat([bom, Buffer.from('server.port=7990\n')]));
    expect(doc.hadBom).toBe(true);
    expect(doc.entries[0]).toMatchObject({ key: '\u00ef\u00bb\u00bfserver.port', bomInKey: true, span: { line: 1, column: 1 } });
    // Blanks after the mark end Java's key there: the whole line becomes the value.
    expect(read(Buffer.concat([bom, Buffer.from('  server.port=7990\n')])).entries[0]).toMatchObject({
      key: '\u00ef\u00bb\u00bf',
      value: 'server.port=7990',
    });
  });

  it('reads UTF-8 text as ISO-8859-1, as Java does, and keeps what the admin typed beside it', () => {
    const doc = read('setup.displayName=Caf\u00e9 \u2713\nserver.port=7990 \n');
    expect(doc.encoding).toBe('utf-8');
    expect(doc.entries[0]).toMatchObject({ value: 'Caf\u00c3\u00a9 \u00e2\u009c\u0093', displayValue: 'Caf\u00e9 \u2713', nonAscii: true });
    // Positions are the editor's: the end of line 1 is after 24 characters, not 28 bytes.
    expect(doc.entries[0]?.span).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 25 });
    expect(doc.entries[1]).toMatchObject({ nonAscii: false, trailingWhitespace: { line: 2, column: 17 } });
  });

  it('starts afresh after a line holding only a backslash (Java 9 and later)', () => {
    const doc = read('a=1\n\\\n\nb=2\n\\\n# comment\nc=3\n');
    expect(doc.entries.map((e) => [e.key, e.value, e.span.line])).toEqual([
      ['a', '1', 1],
      ['b', '2', 4],
      ['c', '3', 7],
    ]);
  });

  it('reads CRLF and lone CR line ends', () => {
    expect(read('a=1\r\nb=2\r\n').entries.map((e) => [e.key, e.value, e.span.line])).toEqual([
      ['a', '1', 1],
      ['b', '2', 2],
    ]);
    expect(read('a=1\rb=2\r').entries.map((e) => e.span.line)).toEqual([1, 2]);
  });

  it('reads ISO-8859-1 bytes as Java does when the file is not UTF-8', () => {
    const doc = read(Buffer.from([...Buffer.from('setup.displayName=Caf'), 0xe9, 0x0a]));
    expect(doc.encoding).toBe('latin1');
    expect(doc.entries[0]?.value).toBe('Café');
  });

  it('reads UTF-16 as the bytes Java sees, keys full of NUL characters', () => {
    const text = Buffer.from('server.port=7990\n', 'utf16le');
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), text]), text]) {
      const doc = read(bytes);
      expect(doc.encoding).toBe('utf-16le');
      expect(doc.entries[0]?.key).toContain('s\u0000e\u0000r');
      expect(doc.containsNul).toBe(true);
    }
  });

  it('locates a malformed \\u escape and still reads the other lines', () => {
    const doc = read('a=1\nb=\\u12G4 x\nc=3\n');
    expect(doc.entries.map((e) => e.key)).toEqual(['a', 'b', 'c']);
    expect(doc.entries[1]?.malformedEscape).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 9 });
    expect(doc.entries[0]?.malformedEscape).toBeUndefined();
  });

  it('ignores bad escapes in comments and after an escaped backslash', () => {
    const doc = read('# \\uZZ\n! \\u\na=\\\\u12\n');
    expect(doc.entries).toHaveLength(1);
    expect(doc.entries[0]?.malformedEscape).toBeUndefined();
    expect(doc.entries[0]?.value).toBe('\\u12');
  });

  it('finds unescaped trailing whitespace only', () => {
    const doc = read('a=1 \t\nb=2\\ \nc=3\\\\ \n');
    expect(doc.entries[0]?.trailingWhitespace).toEqual({ line: 1, column: 4, endLine: 1, endColumn: 6 });
    expect(doc.entries[1]?.trailingWhitespace).toBeUndefined();
    expect(doc.entries[2]?.trailingWhitespace).toEqual({ line: 3, column: 6, endLine: 3, endColumn: 7 });
  });

  it('reads empty, blank and comment-only input as no properties', () => {
    for (const text of ['', '   \n\t\n', '# only\n! comments\n']) expect(read(text).entries).toEqual([]);
  });

  it('reads binary input without throwing and notes the NUL bytes', () => {
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x5c, 0x75, 0x0a, 0x80, 0x00, 0x3d]);
    const doc = read(bytes);
    expect(doc.containsNul).toBe(true);
  });
});
