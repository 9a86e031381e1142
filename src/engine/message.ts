/**
 * Fills `{{name}}` and `{{name.part}}` in a rule's message from the first scope that has the name.
 * Lists are joined with ", "; missing names become an empty string. Each inserted text passes
 * through `show` (which blanks secrets), so the template's own words are never altered.
 */
export function renderMessage(
  template: string,
  scopes: ReadonlyArray<Record<string, unknown>>,
  show: (name: string, text: string) => string = (_, text) => text,
): string {
  return template.replace(/\{\{\s*([\w$.-]+)\s*\}\}/g, (_, name: string) => {
    const [head, ...rest] = name.split('.');
    for (const scope of scopes) {
      if (head === undefined || !(head in scope)) continue;
      let value: unknown = scope[head];
      for (const part of rest) value = (value as Record<string, unknown> | undefined)?.[part];
      return show(name, display(value));
    }
    return '';
  });
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const REDACTED = '****';

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/** `text` with each occurrence of `secret` blanked; a short secret only where it stands alone (not inside a word). */
function blank(text: string, secret: string): string {
  const alone = secret.length < 4;
  let out = '';
  let at = 0;
  for (let i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + secret.length)) {
    if (alone && (isWordChar(text[i - 1]) || isWordChar(text[i + secret.length]))) continue;
    out += text.slice(at, i) + REDACTED;
    at = i + secret.length;
  }
  return out + text.slice(at);
}

/**
 * Removes secret values from text that will be printed: a text that is a secret is blanked whatever
 * its length; inside a longer text every occurrence is, a secret shorter than four characters only
 * where it stands alone (so a password "abc" is blanked in "abc@host" but not in "abcdef").
 */
export function redact(text: string, secrets: readonly string[]): string {
  if (secrets.includes(text.trim()) && text.trim() !== '') return REDACTED;
  let out = text;
  // Longest first, so a secret that holds another is blanked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret !== '' && out.includes(secret)) out = blank(out, secret);
  }
  return out;
}

/**
 * How a message shows an inserted value: secrets blanked, except a key name that is not itself a
 * secret (the "admin" of a password must not blank `setup.sysadmin.password`).
 */
export function showRedacted(secrets: readonly string[]): (name: string, text: string) => string {
  return (name, text) => (name === 'key' && !secrets.includes(text) ? text : redact(text, secrets));
}
