/** "Did you mean": known keys close to an unknown one. */
import { distance } from 'fastest-levenshtein';

/** Folds the spellings people mix up: case, camelCase, and `.` / `-` / `_` separators. */
function fold(key: string): string {
  return key.toLowerCase().replace(/[._-]/g, '');
}

/** One pair of neighbouring characters swapped (`prot` for `port`): one slip, though Levenshtein counts two. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] === b[i]) continue;
    if (first >= 0) return i === first + 1 && a[first] === b[i] && a[i] === b[first] && a.slice(i + 1) === b.slice(i + 1);
    first = i;
  }
  return false;
}

/**
 * Known keys close to an unknown one, best first. A key that differs only in case or separators is
 * the only suggestion; otherwise keys within `maxDistance` edits (by default about one typo per
 * eight characters, at least two; a swapped pair counts as one) tie for the closest distance.
 */
/** The folded spelling of every known key, per list of known keys (worked out once: keys are looked up per property). */
const foldedLists = new WeakMap<readonly string[], Map<string, string[]>>();

function byFold(known: readonly string[]): Map<string, string[]> {
  let index = foldedLists.get(known);
  if (!index) {
    index = new Map();
    for (const k of known) index.set(fold(k), [...(index.get(fold(k)) ?? []), k]);
    foldedLists.set(known, index);
  }
  return index;
}

export function suggestKeys(key: string, known: readonly string[], maxDistance?: number): string[] {
  const sameWord = byFold(known).get(fold(key));
  if (sameWord) return [...sameWord];
  const limit = maxDistance ?? Math.max(2, Math.floor(key.length / 8));
  const lower = key.toLowerCase();
  let best = limit + 1;
  let found: string[] = [];
  for (const candidate of known) {
    if (Math.abs(candidate.length - key.length) > limit) continue;
    const other = candidate.toLowerCase();
    const d = isTransposition(lower, other) ? 1 : distance(lower, other);
    if (d < best) {
      best = d;
      found = [candidate];
    } else if (d === best) {
      found.push(candidate);
    }
  }
  return found.sort();
}
