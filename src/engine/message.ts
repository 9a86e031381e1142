/**
 * Fills `{{name}}` and `{{name.part}}` in a rule's message from the first scope that has the name.
 * Lists are joined with ", "; missing names become an empty string.
 */
export function renderMessage(template: string, scopes: ReadonlyArray<Record<string, unknown>>): string {
  return template.replace(/\{\{\s*([\w$.-]+)\s*\}\}/g, (_, name: string) => {
    const [head, ...rest] = name.split('.');
    for (const scope of scopes) {
      if (head === undefined || !(head in scope)) continue;
      let value: unknown = scope[head];
      for (const part of rest) value = (value as Record<string, unknown> | undefined)?.[part];
      return display(value);
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

/**
 * Removes secret values from text that will be printed. Short secrets are left out of the scan
 * (they would blank unrelated words such as "true"); messages never insert a secret's value
 * directly, because value facts of secret items are replaced before rendering.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
