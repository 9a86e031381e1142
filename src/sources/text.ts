/** Turning file bytes into text the way the consuming program would. */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  hadBom: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-16 and UTF-8 are recognised by their byte order mark; text that is valid UTF-8 is read
 * as UTF-8; anything else is read as ISO-8859-1, which is what java.util.Properties.load(InputStream)
 * uses, so every byte maps to a character and decoding never fails.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', hadBom: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', hadBom: true };
  }
  const hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;
  try {
    return { text: utf8.decode(body), encoding: 'utf-8', hadBom };
  } catch {
    return { text: Buffer.from(body).toString('latin1'), encoding: 'latin1', hadBom };
  }
}
