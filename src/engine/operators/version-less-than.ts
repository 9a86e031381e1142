/** The versionLessThan operator: dotted versions compared number by number. */
import type { CustomOperator } from './operator';

function parts(version: string): number[] {
  return version.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/** `{"fact": "bitbucketVersion", "operator": "versionLessThan", "value": "7.10"}`: dotted versions compared numerically (7.9 < 7.10). */
export const versionLessThan: CustomOperator = {
  name: 'versionLessThan',
  evaluate: (factValue, value) => {
    if (typeof factValue !== 'string' || typeof value !== 'string') return false;
    const a = parts(factValue);
    const b = parts(value);
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d !== 0) return d < 0;
    }
    return false;
  },
};
