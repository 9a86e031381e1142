import { distance } from 'fastest-levenshtein';

/** Folds the spellings people mix up: case, camelCase, and `.` / `-` / `_` separators. */
function fold(key: string): string {
  return key.toLowerCase().replace(/[._-]/g, '');
}

/**
 * Known keys close to an unknown one, best first. A key that differs only in case or
 * separators is the only suggestion; otherwise keys within a small edit distance
 * (about one typo per eight characters, at least two) tie for the closest distance.
 */
export function suggestKeys(key: string, known: readonly string[]): string[] {
  const folded = fold(key);
  const sameWord = known.filter((k) => fold(k) === folded);
  if (sameWord.length > 0) return sameWord;
  const limit = Math.max(2, Math.floor(key.length / 8));
  let best = limit + 1;
  let found: string[] = [];
  for (const candidate of known) {
    if (Math.abs(candidate.length - key.length) > limit) continue;
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < best) {
      best = d;
      found = [candidate];
    } else if (d === best) {
      found.push(candidate);
    }
  }
  return found.sort();
}
