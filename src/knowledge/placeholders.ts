/** Placeholders left in values by templates, examples and cheat-sheets: what each looks like. */

/**
 * Each shape, named for the message. `${...}` is not one: Spring Boot resolves it from other
 * properties and environment variables, so Bitbucket never sees it.
 */
/** Whether `open` … `close` appear in that order; linear, where `/\{\{.*\}\}/` is tried from every `{` of a long run. */
const enclosed = (text: string, open: string, close: string) => {
  const at = text.indexOf(open);
  return at >= 0 && text.indexOf(close, at + open.length) >= 0;
};
const wholly = (text: string, open: string, close: string) =>
  text.length >= open.length + close.length && text.startsWith(open) && text.endsWith(close);
const TEMPLATE_MARKS: readonly [string, string][] = [
  ['{{', '}}'],
  ['{%', '%}'],
  ['<%', '%>'],
];

interface Shape {
  name: string;
  test: (text: string) => boolean;
  /** The whole value is the placeholder (only these count for a secret, which may hold `$` or `<` on purpose). */
  wholeValueOnly?: boolean;
}

const byPattern = (pattern: RegExp) => (text: string) => pattern.test(text);

const SHAPES: readonly Shape[] = [
  {
    name: 'a template variable ({{ … }})',
    test: (t) => TEMPLATE_MARKS.some(([open, close]) => wholly(t, open, close)),
    wholeValueOnly: true,
  },
  { name: 'a template variable ({{ … }})', test: (t) => TEMPLATE_MARKS.some(([open, close]) => enclosed(t, open, close)) },
  { name: 'a Puppet or Ruby variable (%{…})', test: byPattern(/^%\{[^}]*\}$/), wholeValueOnly: true },
  { name: 'a Puppet or Ruby variable (%{…})', test: byPattern(/%\{[^}]*\}/) },
  { name: 'a shell variable ($NAME)', test: byPattern(/^\$[A-Za-z_]\w*$/), wholeValueOnly: true },
  { name: 'a shell variable ($NAME)', test: byPattern(/\$[A-Z][A-Z0-9_]{2,}\b/) },
  { name: 'an example address (host:port)', test: byPattern(/^(host(name)?|server|ip):port$/i), wholeValueOnly: true },
  { name: 'an example path (/path/to/…)', test: byPattern(/(^|[\s=:])\/path\/to(\/|$)/i) },
  { name: 'a placeholder in angle brackets (<…>)', test: byPattern(/^<[^<>]+>$/), wholeValueOnly: true },
  {
    name: 'a placeholder in angle brackets (<…>)',
    test: byPattern(
      /<(your|the|my)[-_ ][^<>]*>|<[^<>]*(host|name|port|password|user|url|path|domain|licen[cs]e|server|database|address)[^<>]*>/i,
    ),
  },
  { name: 'a value a template engine wrote for nothing (None, null)', test: byPattern(/^(None|null)$/), wholeValueOnly: true },
  {
    name: 'an example word',
    test: byPattern(/^(changeme|change[-_ ]?me|replace[-_ ]?me|my[-_]?licen[cs]e[-_]?(string|key)?|your[-_.A-Za-z0-9]*)$/i),
    wholeValueOnly: true,
  },
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
  return SHAPES.find((shape) => (!secret || shape.wholeValueOnly) && shape.test(text))?.name;
}

/** A line a template engine reads (`{% if %}`, `{# #}`, `{{ k }}={{ v }}`, `<% %>`): Java takes its first word for a key. */
export function isTemplateSyntax(key: string): boolean {
  return /^(\{[%#{]|<%)/.test(key);
}
