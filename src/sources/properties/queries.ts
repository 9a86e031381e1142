import { CATALOGUE, lookupProperty, schemaOf } from '../../facts/catalogue';
import type { FactItem, FactQuery } from '../source';
import type { PropertiesDocument } from './document';

import { type PROPERTY_QUERY_NAMES } from './query-names';

/**
 * Queries rules run over a whole properties file, as json-rules-engine facts with params:
 * `{"fact": "setting", "params": {"key": "server.scheme"}}`. They look things up; they never judge.
 */

export interface UrlParts {
  scheme: string;
  host: string;
  /** The port, or the scheme's default when the URL has none. */
  port: number | undefined;
  /** The path without a trailing slash; '' for the root. */
  path: string;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ssh: 22 };

export function urlParts(text: string): UrlParts | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '');
  return {
    scheme,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : DEFAULT_PORTS[scheme],
    path: url.pathname.replace(/\/+$/, ''),
  };
}

function stringParam(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new Error(`query parameter "${name}" must be a string`);
  return value;
}

export function propertyQueries(document: PropertiesDocument): Record<(typeof PROPERTY_QUERY_NAMES)[number], FactQuery> {
  const valueOf = (key: string) => document.effective.get(key)?.value;
  // Per pattern, compiled once and with the matching keys listed once: rules ask for every item.
  const patterns = new Map<string, { regexp: RegExp; keys: string[] }>();
  const matching = (pattern: string) => {
    let found = patterns.get(pattern);
    if (!found) {
      const regexp = new RegExp(pattern);
      found = { regexp, keys: [...document.effective.keys()].filter((k) => regexp.test(k)).sort() };
      patterns.set(pattern, found);
    }
    return found;
  };

  /** The typed value of a key, per the catalogue; the catalogue default when `withDefault` and absent. */
  const setting = (key: string, withDefault: boolean): unknown => {
    const entry = lookupProperty(key);
    const raw = valueOf(key) ?? (withDefault ? entry?.default : undefined);
    if (raw === undefined) return undefined;
    if (!entry) return raw.trim();
    const parsed = schemaOf(entry).safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  };

  return {
    property: (params) => valueOf(stringParam(params, 'key')),
    setting: (params) => setting(stringParam(params, 'key'), params['withDefault'] === true),
    url: (params) => {
      const value = valueOf(stringParam(params, 'key'));
      return value === undefined ? undefined : urlParts(value);
    },
    contextPath: (params) => {
      const value = valueOf(stringParam(params, 'key'))?.trim() ?? '';
      return value.replace(/\/+$/, '');
    },
    keysMatching: (params) => matching(stringParam(params, 'pattern')).keys,
    sameValueKeys: (params, item: FactItem) => {
      const { regexp: pattern, keys } = matching(stringParam(params, 'pattern'));
      const key = item.facts['key'];
      const mine = typeof item.facts['value'] === 'string' ? item.facts['value'].trim() : undefined;
      if (typeof key !== 'string' || !mine || !pattern.test(key)) return [];
      const earlierOnly = params['earlierOnly'] === true;
      const found: string[] = [];
      for (const other of keys) {
        const entry = document.effective.get(other);
        if (other === key || !entry || entry.value.trim() !== mine) continue;
        if (!earlierOnly || entry.span.line < item.span.line) found.push(other);
      }
      if (params['withDefaults'] === true) {
        for (const entry of CATALOGUE) {
          if (entry.pattern || entry.default === undefined || entry.key === key) continue;
          if (pattern.test(entry.key) && !document.effective.has(entry.key) && entry.default === mine) {
            found.push(`${entry.key} (default)`);
          }
        }
      }
      return found.sort();
    },
  };
}
