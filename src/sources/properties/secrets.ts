/**
 * Which text of a properties file is secret, by what it is rather than by the exact spelling of its
 * key: password-like keys and their misspellings, licence text, private keys pasted into a value,
 * and the credentials inside URLs (`https://user:pass@host`, `jdbc:…?password=…`, `;password=…`).
 */
import { lookupProperty, suggestionsFor } from '../../knowledge/catalogue';
import type { PropertiesDocument, PropertyEntry } from './document';

const SECRET_NAME = /pass(word|phrase|wd)?|pwd|secret|token|credential|licen[cs]e|private[-_.]?key/i;

/** A key that names a secret: by the catalogue, by its words, or as a near miss of a secret key (`jdbc.pasword`). */
export function isSecretKey(key: string): boolean {
  const entry = lookupProperty(key);
  if (entry && !entry.family) return entry.type === 'secret';
  if (SECRET_NAME.test(key)) return true;
  return suggestionsFor(key).some((suggested) => lookupProperty(suggested)?.type === 'secret');
}

/** A value that is a secret whatever its key: a private key pasted in. */
function isSecretValue(value: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PuTTY-User-Key-File-|BEGIN OPENSSH PRIVATE KEY/.test(value);
}

export function isSecretEntry(entry: PropertyEntry): boolean {
  return isSecretKey(entry.key) || isSecretValue(entry.value);
}

const CREDENTIAL_PARAM = /(?:^|[?&;:])(?:password|passwd|pwd|pass|secret|token|access[-_]?token|api[-_]?key)=([^&;\s"']*)/gi;

/**
 * The credentials inside the URLs of a value (quoted, or one of several, too): the password of each
 * `scheme://user:password@` and password-like parameters. Found from each `://` with indexOf, as a
 * regex searching for a scheme anywhere in a long value would try every position.
 */
export function urlCredentials(value: string): string[] {
  const found: string[] = [];
  for (let at = value.indexOf('://'); at >= 0; at = value.indexOf('://', at + 3)) {
    let end = at + 3;
    while (end < value.length && !'/?#@ \t"\''.includes(value[end] as string)) end += 1;
    if (value[end] !== '@') continue;
    const userInfo = value.slice(at + 3, end);
    const colon = userInfo.indexOf(':');
    if (colon >= 0 && colon < userInfo.length - 1) found.push(decodeSafely(userInfo.slice(colon + 1)));
  }
  // Oracle's thin driver: jdbc:oracle:thin:user/password@host
  const oracle = value.indexOf('jdbc:oracle:');
  if (oracle >= 0) {
    const rest = value.slice(oracle, oracle + 512);
    const match = /^jdbc:oracle:[a-z]+:[^/@\s:]+\/([^@\s]+)@/i.exec(rest);
    if (match?.[1]) found.push(match[1]);
  }
  if (value.includes('://') || value.includes('jdbc:')) {
    for (const match of value.matchAll(CREDENTIAL_PARAM)) if (match[1]) found.push(decodeSafely(match[1]));
  }
  return found.filter((s) => s !== '');
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Every secret text of the document, for blanking in messages: whole secret values and URL credentials. */
export function documentSecrets(document: PropertiesDocument): string[] {
  const secrets = new Set<string>();
  for (const entry of document.entries) {
    if (isSecretEntry(entry)) {
      for (const value of [entry.value, entry.displayValue, entry.rawValue, entry.displayRawValue])
        if (value.trim() !== '') secrets.add(value.trim());
      // Each line of a value continued over several lines, as a diff or a message may show it alone.
      for (const part of entry.rawValue.split(/\\\r?\n|\\\r/)) if (part.trim().length >= 4) secrets.add(part.trim());
    }
    for (const credential of urlCredentials(entry.value)) {
      secrets.add(credential);
      const raw = encodeURIComponent(credential);
      if (raw !== credential) secrets.add(raw);
    }
  }
  return [...secrets];
}

/**
 * The file's bytes with every secret blanked (`****`), line structure and the blanks around a value
 * kept, for output that shows raw lines (the diff of --fix-dry-run).
 */
export function maskSecretBytes(bytes: Uint8Array, document: PropertiesDocument): Buffer {
  const text = document.javaText;
  const ranges: { from: number; to: number }[] = [];
  for (const entry of document.entries) {
    const { valueStart, end } = entry.offsets;
    if (isSecretEntry(entry)) {
      // Each physical line of the value, without its line break or the blanks that end it.
      let from = valueStart;
      for (let i = valueStart; i <= end; i += 1) {
        if (i === end || text[i] === '\n' || text[i] === '\r') {
          let to = i;
          while (to > from && ' \t\f\\'.includes(text[to - 1] as string)) to -= 1;
          let start = from;
          while (start < to && ' \t\f'.includes(text[start] as string)) start += 1;
          if (to > start) ranges.push({ from: start, to });
          from = i + 1;
        }
      }
      continue;
    }
    for (const credential of urlCredentials(entry.value)) {
      for (const shown of new Set([credential, encodeURIComponent(credential)])) {
        const at = text.indexOf(shown, valueStart);
        if (at >= 0 && at < end) ranges.push({ from: at, to: at + shown.length });
      }
    }
  }
  ranges.sort((a, b) => a.from - b.from);
  const parts: Buffer[] = [];
  let at = 0;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Offsets are Java's, one character a byte, after a byte order mark Java reads as three characters too.
  for (const { from, to } of ranges) {
    if (from < at) continue;
    parts.push(buffer.subarray(at, from), Buffer.from('****'));
    at = to;
  }
  parts.push(buffer.subarray(at));
  return Buffer.concat(parts);
}
