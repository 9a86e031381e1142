/** Placeholders left in values by templates, examples and cheat-sheets: what each looks like. */

/**
 * Each shape, named for the message. `${...}` is not one: Spring Boot resolves it from other
 * properties and environment variables, so Bitbucket never sees it.
 */
const SHAPES: readonly { name: string; pattern: RegExp; wholeValueOnly?: boolean }[] = [
  { name: 'a template variable ({{ … }})', pattern: /^(\{\{.*\}\}|\{%.*%\}|<%=?.*%>)$/, wholeValueOnly: true },
  { name: 'a template variable ({{ … }})', pattern: /\{\{.*\}\}|\{%.*%\}|<%=?.*%>/ },
  { name: 'a Puppet or Ruby variable (%{…})', pattern: /^%\{[^}]*\}$/, wholeValueOnly: true },
  { name: 'a Puppet or Ruby variable (%{…})', pattern: /%\{[^}]*\}/ },
  { name: 'a shell variable ($NAME)', pattern: /^\$[A-Za-z_]\w*$/, wholeValueOnly: true },
  { name: 'a shell variable ($NAME)', pattern: /\$[A-Z][A-Z0-9_]{2,}\b/ },
  { name: 'an example address (host:port)', pattern: /^(host(name)?|server|ip):port$/i },
  { name: 'an example path (/path/to/…)', pattern: /(^|[\s=:])\/path\/to(\/|$)/i },
  { name: 'a placeholder in angle brackets (<…>)', pattern: /^<[^<>]+>$/ },
  { name: 'a placeholder in angle brackets (<…>)', pattern: /<(your|the|my)[-_ ][^<>]*>|<[^<>]*(host|name|port|password|user|url|path|domain|licen[cs]e|server|database|address)[^<>]*>/i },
  { name: 'a value a template engine wrote for nothing (None, null)', pattern: /^(None|null)$/, wholeValueOnly: true },
  { name: 'an example word', pattern: /^(changeme|change[-_ ]?me|replace[-_ ]?me|my[-_]?licen[cs]e[-_]?(string|key)?|your[-_.A-Za-z0-9]*)$/i, wholeValueOnly: true },
];

/**
 * The kind of placeholder a value is or holds, if any. For a secret only a whole-value shape
 * counts: a password may hold `$` or `<` on purpose.
 */
export function placeholderIn(value: string, secret: boolean): string | undefined {
  // (A whole-value shape is tried before the same shape anywhere, so a secret gets the first.)
  const text = value.trim();
  if (text === '' || text.includes('${')) return undefined;
  // Most values hold none of a placeholder's marks: they skip the patterns.
  if (!/[{}%$<>:/]|^(none|null|change|replace|my|your)/i.test(text)) return undefined;
  return SHAPES.find((shape) => (!secret || shape.wholeValueOnly || shape.pattern.source.startsWith('^')) && shape.pattern.test(text))?.name;
}

/** A line a template engine reads (`{% if %}`, `{# #}`, `{{ k }}={{ v }}`, `<% %>`): Java takes its first word for a key. */
export function isTemplateSyntax(key: string): boolean {
  return /^(\{[%#{]|<%)/.test(key);
}
