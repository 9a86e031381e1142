/** Trimming without end-anchored regexes: `/\/+$/` is tried from every slash of a long run, so a hostile value made it quadratic. */

/** `text` without the run of `char` at its end. */
export function stripTrailing(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

const BLANK = new Set([' ', '\t']);

/** `text` without spaces and tabs at either end (what OpenSSH skips around a key line). */
export function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && BLANK.has(text[start] as string)) start += 1;
  while (end > start && BLANK.has(text[end - 1] as string)) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
