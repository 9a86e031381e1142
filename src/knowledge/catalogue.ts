/** The properties Bitbucket reads: documented keys, the open families around them, and where each is from. */
import type { z } from 'zod';
import { CATALOGUE, type CatalogueEntry } from './catalogue-data';
import { KEY_ALIASES } from './key-aliases';
import { PROPERTY_TYPES, enumType } from './property-types';
import { suggestKeys } from './suggest';

export { CATALOGUE, type CatalogueEntry } from './catalogue-data';

const BY_KEY = new Map(CATALOGUE.filter((e) => !e.pattern).map((e) => [e.key, e]));
const PATTERNS = CATALOGUE.filter((e) => e.pattern);
/** Remembered per key: a fleet's files repeat the same keys, and a key runs through up to 40 patterns. */
const looked = new Map<string, CatalogueEntry | undefined>();
const MAX_LOOKED = 10_000;

/** The catalogue entry for a key as written in a file (a family's for a member), or undefined when the key is unknown. */
export function lookupProperty(key: string): CatalogueEntry | undefined {
  const literal = BY_KEY.get(key);
  if (literal) return literal;
  if (looked.has(key)) return looked.get(key);
  const found = PATTERNS.find((e) => e.pattern?.test(key));
  if (looked.size >= MAX_LOOKED) looked.clear();
  looked.set(key, found);
  return found;
}

/** Literal keys, the candidates for "did you mean". */
export const KNOWN_KEYS: readonly string[] = [...BY_KEY.keys()];

/**
 * What a key was probably meant to be: another spelling of a documented key (an alias from
 * server.xml or Spring, a case or separator slip, a typo). A key the catalogue lists has none; a
 * member of an open family only an alias, a case or separator slip, or one typo (a real but
 * undocumented key must not be renamed). Sorted, best first.
 */
export function suggestionsFor(key: string): string[] {
  const entry = lookupProperty(key);
  if (entry && !entry.family) return [];
  const alias = KEY_ALIASES[key];
  if (alias) return [alias];
  return suggestKeys(key, KNOWN_KEYS, entry?.family === true ? 1 : undefined);
}

const schemaCache = new Map<CatalogueEntry, z.ZodType>();

export function schemaOf(entry: CatalogueEntry): z.ZodType {
  let schema = schemaCache.get(entry);
  if (!schema) {
    schema = entry.type === 'enum' ? enumType(entry.values ?? []) : PROPERTY_TYPES[entry.type];
    schemaCache.set(entry, schema);
  }
  return schema;
}

/**
 * Docker image variables (reference §2.5): settings of the container, never properties.
 * Relaxed-binding names of catalogue keys (SERVER_PROXY_NAME) are recognised separately.
 */
export const DOCKER_ONLY_VARIABLES: readonly string[] = [
  'SEARCH_ENABLED',
  'ELASTICSEARCH_ENABLED',
  'JVM_MINIMUM_MEMORY',
  'JVM_MAXIMUM_MEMORY',
  'JVM_SUPPORT_RECOMMENDED_ARGS',
  'SET_PERMISSIONS',
  'VERBOSE_LOGS',
  'BITBUCKET_SHARED_HOME',
];

/** Spring Boot relaxed binding: `server.proxy-name` is read from `SERVER_PROXY_NAME`. */
export function environmentName(key: string): string {
  return key.replace(/[.-]/g, '_').toUpperCase();
}

const BY_ENVIRONMENT_NAME = new Map(KNOWN_KEYS.map((k) => [environmentName(k), k]));

/** The property an environment variable name stands for, if the catalogue has it. */
export function propertyForEnvironmentName(name: string): string | undefined {
  return BY_ENVIRONMENT_NAME.get(name);
}
