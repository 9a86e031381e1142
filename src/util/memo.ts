/** The two idioms the code base repeats: a value worked out once per key, and a module loaded on first use. */

/** What memo keeps its values in: a Map, or a WeakMap for keys that come and go (a run's shared facts). */
interface Store<K, V> {
  has(key: K): boolean;
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value `map` holds for `key`, made by `make` (and kept) the first time it is asked for. */
export function memo<K, V>(map: Store<K, V>, key: K, make: () => V): V {
  if (map.has(key)) return map.get(key) as V;
  const value = make();
  map.set(key, value);
  return value;
}

/**
 * A module (or anything costly) loaded on first use and kept: `lazy(() => require('./x') as typeof X)`.
 * The only place `require` may appear in src/ (eslint checks it), so a cold start loads what a run needs.
 */
export function lazy<T>(load: () => T): () => T {
  let loaded = false;
  let value: T | undefined;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value as T;
  };
}
