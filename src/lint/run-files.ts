/** Which files a run reads: the ignore globs, a shard's cut, and the files read only for what they tell the others. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type PicomatchModule from 'picomatch';
import { lazy } from '../util/memo';
import { stripTrailing } from '../util/text';
import type { Candidate } from './discover';

// 8 ms of a cold start: loaded only when there are globs.
const picomatch = lazy(() => require('picomatch') as typeof PicomatchModule);

/** `ignore` globs, relative to `base`; a folder pattern ("vendor/" or "vendor/**") skips the folder. */
export function ignoreMatcher(ignore: readonly string[], base: string): (absolute: string, isDirectory: boolean) => boolean {
  const patterns = ignore.map((p) => `${stripTrailing(p, '/')}${p.endsWith('/') ? '/**' : ''}`);
  if (patterns.length === 0) return () => false;
  const matches = picomatch()(patterns, { dot: true });
  return (absolute, isDirectory) => {
    const relative = path.relative(base, absolute).split(path.sep).join('/');
    if (relative.startsWith('..')) return false;
    return matches(relative) || (isDirectory && matches(`${relative}/x`));
  };
}

/**
 * The shard's files: the files sorted by path and cut into `count` contiguous runs, as jest shards
 * tests. Contiguous runs keep a folder's files together; what other shards hold is read as context.
 */
export function shardOf<T extends { display: string }>(files: readonly T[], shard: { index: number; count: number }): T[] {
  const sorted = [...files].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  const size = Math.ceil(sorted.length / shard.count);
  return sorted.slice((shard.index - 1) * size, shard.index * size);
}

/**
 * For files named one by one (not found by walking a folder): the nearest bitbucket.properties in
 * the file's folder or above it, up to the repository root (a folder holding .git), when the run
 * does not hold it already. Shown relative to the named file, as the user would write it.
 */
export function nearestPropertiesAbove(files: readonly Candidate[], known: Set<string>): Candidate[] {
  const found: Candidate[] = [];
  for (const file of files) {
    if (!file.explicit || file.trustAnchor) continue;
    let dir = path.dirname(file.absolute);
    for (let up = 0; ; up += 1) {
      const candidate = path.join(dir, 'bitbucket.properties');
      if (known.has(candidate)) break;
      if (existsSync(candidate)) {
        known.add(candidate);
        const display = path.posix.normalize(path.posix.join(path.posix.dirname(file.display), '../'.repeat(up), 'bitbucket.properties'));
        found.push({ display, absolute: candidate, explicit: false });
        break;
      }
      const parent = path.dirname(dir);
      if (existsSync(path.join(dir, '.git')) || parent === dir) break;
      dir = parent;
    }
  }
  return found;
}

/**
 * Files read only for what they tell the others (a mirror's host, a chain's issuer): the rest of a
 * sharded run, and the nearest bitbucket.properties above files named one by one (a pre-commit hook
 * passes the staged certificate alone). Never reported: cross-file facts then do not depend on which
 * files a run or a shard happens to hold.
 */
export function contextFiles(all: readonly Candidate[], inRun: readonly Candidate[], sharded: boolean): Candidate[] {
  const running = new Set(inRun.map((f) => f.absolute));
  return [
    ...(sharded ? all.filter((f) => !running.has(f.absolute)) : []),
    ...nearestPropertiesAbove(all, new Set(all.map((f) => f.absolute))),
  ];
}
