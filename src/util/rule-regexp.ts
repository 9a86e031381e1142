/**
 * Regular expressions from rule files. The built-in rules' patterns run on V8's usual backtracking
 * engine; a test runs each against hostile input (runs of every character) to keep them linear. A
 * custom rule's pattern may be anything (`^(a+)+$` took 52.8 s on 30 characters), so its patterns run
 * on V8's linear-time engine (an automaton: no backtracking, time linear in the text, about a hundred
 * times slower on ordinary text), which refuses what needs backtracking: backreferences, lookahead
 * and lookbehind. Those are load errors naming the rule file.
 */
import { setFlagsFromString } from 'node:v8';

/** Flags a rule may give: `g` and `y` make a regex remember where it stopped, so the next test misses. */
const ALLOWED_FLAGS = /^[imsu]*$/;

let linearEngine: boolean | undefined;

/** Whether V8's linear-time engine (the `l` flag) is there: turned on once, before the first custom pattern. */
export function hasLinearEngine(): boolean {
  if (linearEngine === undefined) {
    setFlagsFromString('--enable-experimental-regexp-engine');
    try {
      // The `l` flag exists only once the V8 flag above is set, so eslint cannot know it.
      // eslint-disable-next-line no-invalid-regexp
      linearEngine = new RegExp('a', 'l').flags.includes('l');
    } catch {
      linearEngine = false;
    }
  }
  return linearEngine;
}

export class RuleRegExpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleRegExpError';
  }
}

/** Both cases of a character when they differ (é/É too), else undefined. */
function otherCase(char: string): string | undefined {
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  if (lower.length !== 1 || upper.length !== 1 || lower === upper) return undefined;
  return char === lower ? upper : lower;
}

/** The escape starting at `i` (a backslash): `\u{…}`, `\p{…}`, `\k<…>`, `\uXXXX`, `\xHH`, `\cX` whole, else two characters. */
function escapeAt(pattern: string, i: number): string {
  const next = pattern[i + 1] ?? '';
  const braced = /^\\[upP]\{[^}]*\}|^\\k<[^>]*>|^\\u[0-9a-fA-F]{4}|^\\x[0-9a-fA-F]{2}|^\\c[A-Za-z]/.exec(pattern.slice(i, i + 32));
  return braced ? braced[0] : `\\${next}`;
}

/** A character class with the other case of each letter and of each letter range added. */
function foldClass(body: string): string {
  const extra: string[] = [];
  for (let i = 0; i < body.length;) {
    if (body[i] === '\\') {
      i += escapeAt(body, i).length;
      continue;
    }
    const char = body[i] as string;
    const range = body[i + 1] === '-' && body[i + 2] !== undefined && body[i + 2] !== ']' && body[i + 2] !== '\\' ? body[i + 2] : undefined;
    if (range) {
      const from = otherCase(char);
      const to = otherCase(range);
      if (from && to && /[a-z]/i.test(char) && /[a-z]/i.test(range)) extra.push(`${from}-${to}`);
      i += 3;
      continue;
    }
    const other = otherCase(char);
    if (other && !'-^'.includes(char)) extra.push(other);
    i += 1;
  }
  return body + extra.join('');
}

/**
 * The pattern with case folded into it (`a` → `[aA]`), for the linear engine, which has no `i`.
 * Group names, escapes and quantifier counts are left as they are.
 */
export function foldCase(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const char = pattern[i] as string;
    if (char === '\\') {
      const escape = escapeAt(pattern, i);
      // A letter written as a code (\u0041, \x41) folds like the letter.
      const code = /^\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))$/.exec(escape);
      const other = code ? otherCase(String.fromCharCode(parseInt(code[1] ?? code[2] ?? '', 16))) : undefined;
      out += other ? `[${escape}${other}]` : escape;
      i += escape.length;
    } else if (char === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j += 1;
      if (pattern[j] === ']') j += 1;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? escapeAt(pattern, j).length : 1;
      const negated = pattern[i + 1] === '^';
      const body = pattern.slice(i + (negated ? 2 : 1), j);
      out += `[${negated ? '^' : ''}${foldClass(body)}]`;
      i = j + 1;
    } else if (pattern.startsWith('(?<', i) && !pattern.startsWith('(?<=', i) && !pattern.startsWith('(?<!', i)) {
      const end = pattern.indexOf('>', i);
      out += pattern.slice(i, end + 1);
      i = end + 1;
    } else if (char === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i))) {
      const end = pattern.indexOf('}', i);
      out += pattern.slice(i, end + 1);
      i = end + 1;
    } else {
      const other = otherCase(char);
      out += other ? `[${char}${other}]` : char;
      i += 1;
    }
  }
  return out;
}

const compiled = new Map<string, RegExp>();
/** Patterns (by flags and source) of custom rules: they run on the linear engine. */
const untrusted = new Set<string>();

const keyOf = (pattern: string, flags: string) => `${flags}/${pattern}`;

function checked(pattern: unknown, flags: unknown): { pattern: string; flags: string } {
  if (typeof pattern !== 'string') throw new RuleRegExpError(`a pattern must be a string, not ${JSON.stringify(pattern)}`);
  if (typeof flags !== 'string' || !ALLOWED_FLAGS.test(flags)) {
    throw new RuleRegExpError(
      `the flags ${JSON.stringify(flags)} of /${pattern}/ are not allowed: use i, m, s or u (g and y make a rule miss matches)`,
    );
  }
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    throw new RuleRegExpError(
      `/${pattern}/ is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')})`,
    );
  }
  return { pattern, flags };
}

function linear(pattern: string, flags: string): RegExp {
  if (flags.includes('u'))
    throw new RuleRegExpError(`/${pattern}/${flags}: the u flag cannot run in linear time; a custom rule's pattern runs without it`);
  try {
    return new RegExp(flags.includes('i') ? foldCase(pattern) : pattern, `${flags.replace('i', '')}l`);
  } catch {
    throw new RuleRegExpError(
      `/${pattern}/ needs backtracking (a backreference, lookahead or lookbehind); a custom rule's pattern must run in linear time, so write it without`,
    );
  }
}

/**
 * Checks a custom rule's pattern and marks it to run in linear time. Throws RuleRegExpError saying
 * what is wrong. Where V8 has no linear engine, only the valid built-in shapes are allowed: patterns
 * that repeat no group (a custom rule with `(…)+` is then refused).
 */
export function admitCustomPattern(pattern: unknown, flags: unknown = ''): void {
  const ok = checked(pattern, flags);
  if (hasLinearEngine()) linear(ok.pattern, ok.flags);
  else if (/\)[+*{?]/.test(ok.pattern))
    throw new RuleRegExpError(`/${ok.pattern}/ repeats a group, and this Node.js has no linear-time regex engine to run it safely`);
  untrusted.add(keyOf(ok.pattern, ok.flags));
  compiled.delete(keyOf(ok.pattern, ok.flags));
}

/** Checks a built-in rule's pattern (valid, allowed flags). */
export function checkPattern(pattern: unknown, flags: unknown = ''): void {
  checked(pattern, flags);
}

/** Whether this pattern came from a custom rule (and runs on the linear engine). */
export function isUntrusted(pattern: string, flags = ''): boolean {
  return untrusted.has(keyOf(pattern, flags));
}

/** The compiled pattern (cached): on the linear engine when a custom rule gave it. */
export function ruleRegExp(pattern: string, flags = ''): RegExp {
  const key = keyOf(pattern, flags);
  let regexp = compiled.get(key);
  if (!regexp) {
    regexp = untrusted.has(key) && hasLinearEngine() ? linear(pattern, flags) : new RegExp(pattern, flags);
    compiled.set(key, regexp);
  }
  return regexp;
}
