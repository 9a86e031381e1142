/** A logical line of a properties file split as Java's load splits it: the key, the separator, the value, and their escapes undone. */

const BACKSLASH = 0x5c;

export function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0c;
}

/** Java's loadConvert: escapes resolved; a malformed `\u` is noted (Java throws) and read leniently. */
export function unescape(raw: string): { text: string; malformedAt?: number } {
  if (!raw.includes('\\')) return { text: raw };
  let out = '';
  let malformedAt: number | undefined;
  let i = 0;
  while (i < raw.length) {
    const c = raw[i] ?? '';
    i += 1;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[i] ?? '';
    i += 1;
    if (next === 'u') {
      const hex = raw.slice(i, i + 4);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else {
        malformedAt ??= i - 2;
        out += 'u';
      }
      continue;
    }
    out += next === 't' ? '\t' : next === 'r' ? '\r' : next === 'n' ? '\n' : next === 'f' ? '\f' : next;
  }
  return { text: out, malformedAt };
}

/** Splits a logical line into key and value as Properties.load0 does. */
export function splitKeyValue(chars: string): { keyLength: number; valueIndex: number; hasSeparator: boolean } {
  const limit = chars.length;
  let keyLength = chars.includes('\\') ? 0 : chars.search(/[=: \t\f]/);
  if (keyLength > 0) {
    // No backslash: the key ends at the first separator (the loop below would find the same one).
    return separatorAndValue(chars, keyLength, limit);
  }
  keyLength = 0;
  let valueIndex = limit;
  let hasSeparator = false;
  let precedingBackslash = false;
  while (keyLength < limit) {
    const c = chars.charCodeAt(keyLength);
    if ((c === 0x3d || c === 0x3a) && !precedingBackslash) {
      valueIndex = keyLength + 1;
      hasSeparator = true;
      break;
    }
    if (isBlank(c) && !precedingBackslash) {
      valueIndex = keyLength + 1;
      break;
    }
    precedingBackslash = c === BACKSLASH ? !precedingBackslash : false;
    keyLength += 1;
  }
  return skipToValue(chars, keyLength, valueIndex, hasSeparator, limit);
}

/** Key of `keyLength` ending at a separator character: where the value starts. */
function separatorAndValue(
  chars: string,
  keyLength: number,
  limit: number,
): { keyLength: number; valueIndex: number; hasSeparator: boolean } {
  const c = chars.charCodeAt(keyLength);
  return skipToValue(chars, keyLength, keyLength + 1, c === 0x3d || c === 0x3a, limit);
}

/** After the key: blanks, and one `=` or `:` when none separated the key yet, are skipped. */
function skipToValue(
  chars: string,
  keyLength: number,
  from: number,
  separated: boolean,
  limit: number,
): { keyLength: number; valueIndex: number; hasSeparator: boolean } {
  let valueIndex = from;
  let hasSeparator = separated;
  while (valueIndex < limit) {
    const c = chars.charCodeAt(valueIndex);
    if (!isBlank(c)) {
      if (!hasSeparator && (c === 0x3d || c === 0x3a)) hasSeparator = true;
      else break;
    }
    valueIndex += 1;
  }
  return { keyLength, valueIndex, hasSeparator };
}
