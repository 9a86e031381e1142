/** Text from configs, file names, logs and servers made safe for a terminal or a CI log: every control character shown, none obeyed. */

// C0 and C1 controls and DEL move the cursor, recolour, rewrite a line (\r) or start a CI workflow
// command on a new line (\n); bidirectional overrides and Unicode line separators reorder or break
// what the reader sees (Trojan Source); U+FFFE and U+FFFF are not allowed in XML. Tab is kept: it only
// moves to the next column.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every unsafe character written as an escape (`\n`, `\e`, `\x07`, `\u202e`). */
export function printable(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeOne) : text;
}
