/** Queries rules run over a whole properties file, as json-rules-engine facts with params. */
import { distance } from 'fastest-levenshtein';
import { CATALOGUE, lookupProperty, schemaOf, type CatalogueEntry } from '../../knowledge/catalogue';
import { placeholderIn } from '../../knowledge/placeholders';
import type { FactItem, FactQuery } from '../source';
import type { PropertiesDocument } from './document';

import { type PROPERTY_QUERY_NAMES } from './query-names';
import { stripTrailing } from '../../util/text';
import { ruleRegExp } from '../../util/rule-regexp';

/**
 * `{"fact": "setting", "params": {"key": "server.scheme"}}`: queries look things up; they never judge.
 */

export interface UrlParts {
  scheme: string;
  host: string;
  /** The port, or the scheme's default when the URL has none. */
  port: number | undefined;
  /** The path without a trailing slash; '' for the root. */
  path: string;
  /** Scheme, host and port (the default included): two addresses are the same server when these are equal. */
  origin: string;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ssh: 22, postgresql: 5432, mysql: 3306, sqlserver: 1433 };

/** SQL Server's `jdbc:sqlserver://host:1433;databaseName=x` is no URL to WHATWG: its parts by shape. */
const JDBC_SHAPE = /^jdbc:([a-z0-9]+):(?:\/\/\[?([^/;:?\]]+)\]?(?::(\d+))?)?/i;

/** URLs read in this process: a fleet's files repeat their upstream and database URLs. Bounded. */
const readUrls = new Map<string, UrlParts | undefined>();
const MAX_URLS = 10_000;

/** The parts of an absolute URL; a JDBC URL (`jdbc:postgresql://db:5432/x`) is read without its `jdbc:`. */
export function urlParts(text: string): UrlParts | undefined {
  if (readUrls.has(text)) return readUrls.get(text);
  const parts = readUrl(text);
  if (readUrls.size >= MAX_URLS) readUrls.clear();
  readUrls.set(text, parts);
  return parts;
}

function readUrl(text: string): UrlParts | undefined {
  let url: URL;
  const trimmed = text.trim();
  const jdbc = /^jdbc:/i.test(trimmed);
  try {
    url = new URL(jdbc ? trimmed.slice(5) : trimmed);
  } catch {
    const shape = jdbc ? JDBC_SHAPE.exec(trimmed) : null;
    if (!shape) return undefined;
    const scheme = (shape[1] ?? '').toLowerCase();
    return address(scheme, shape[2] ?? '', shape[3] ? Number(shape[3]) : undefined);
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[scheme];
  return { scheme, host, port, path: stripTrailing(url.pathname, '/'), origin: `${scheme}://${host}:${port ?? ''}` };
}

/** An address built from a scheme, host and port. */
function address(scheme: string, host: string, port: number | undefined): UrlParts {
  const lower = host.toLowerCase();
  const effective = port ?? DEFAULT_PORTS[scheme];
  return { scheme, host: lower, port: effective, path: '', origin: `${scheme}://${lower}:${effective ?? ''}` };
}

/**
 * The address this instance serves on, as the file says: setup.baseUrl (written without a scheme,
 * it is taken as https), else the proxy settings (scheme, proxy name and port).
 */
function ownUrl(document: PropertiesDocument): UrlParts | undefined {
  const value = (key: string) => document.effective.get(key)?.value.trim();
  const baseUrl = value('setup.baseUrl');
  if (baseUrl) {
    const parts = urlParts(baseUrl) ?? (/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl) ? undefined : urlParts(`https://${baseUrl}`));
    if (parts?.host && (parts.scheme === 'http' || parts.scheme === 'https')) return parts;
  }
  const proxyName = value('server.proxy-name');
  if (proxyName && !/[/:\s]/.test(proxyName.replace(/^\[.*\]$/, 'x'))) {
    const scheme = value('server.scheme')?.toLowerCase() === 'https' || value('server.secure')?.toLowerCase() === 'true' ? 'https' : 'http';
    const port = Number(value('server.proxy-port'));
    return address(scheme, proxyName.replace(/^\[|\]$/g, ''), Number.isInteger(port) && port > 0 ? port : undefined);
  }
  return undefined;
}

/**
 * The instance's own address: the file's (see ownUrl), unless the run names another host for it
 * (--host), which is then taken at https and its default port.
 */
export function selfUrl(document: PropertiesDocument, host?: string): UrlParts | undefined {
  const own = ownUrl(document);
  if (host && host.toLowerCase() !== own?.host) return address('https', host, undefined);
  return own;
}

/** Typed values converted in this process (zod is the cost), by key and value; never for secrets. Bounded. */
const typedValues = new Map<string, unknown>();

function typedValue(entry: CatalogueEntry, raw: string): unknown {
  const memo = entry.type === 'secret' ? undefined : `${entry.key}\u0000${raw}`;
  if (memo !== undefined && typedValues.has(memo)) return typedValues.get(memo);
  const parsed = schemaOf(entry).safeParse(raw);
  const value: unknown = parsed.success ? parsed.data : undefined;
  if (memo !== undefined) {
    if (typedValues.size >= MAX_URLS) typedValues.clear();
    typedValues.set(memo, value);
  }
  return value;
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
      const regexp = ruleRegExp(pattern);
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
    return typedValue(entry, raw);
  };

  return {
    property: (params) => valueOf(stringParam(params, 'key')),
    setting: (params) => setting(stringParam(params, 'key'), params['withDefault'] === true),
    url: (params) => {
      const value = valueOf(stringParam(params, 'key'));
      return value === undefined ? undefined : urlParts(value);
    },
    selfUrl: (_params, _item, context) => selfUrl(document, context.run.host),
    contextPath: (params) => {
      const value = valueOf(stringParam(params, 'key'))?.trim() ?? '';
      return stripTrailing(value, '/');
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
    deferredValue: (params) => {
      // What decides the value later: a Spring ${...} reference, or a template's placeholder.
      const key = stringParam(params, 'key');
      const value = valueOf(key);
      if (value === undefined) return undefined;
      return value.includes('${') ? 'a Spring reference (${…})' : placeholderIn(value, lookupProperty(key)?.type === 'secret');
    },
    nearest: (params) => {
      // The closest of `candidates` to a key's value, within `maxDistance` edits (a misspelt class name).
      const value = valueOf(stringParam(params, 'key'))?.trim();
      const candidates = Array.isArray(params['candidates']) ? params['candidates'].filter((c): c is string => typeof c === 'string') : [];
      const limit = typeof params['maxDistance'] === 'number' ? params['maxDistance'] : 3;
      if (!value || candidates.includes(value)) return undefined;
      let best: { candidate: string; d: number } | undefined;
      for (const candidate of candidates) {
        const d = distance(value.toLowerCase(), candidate.toLowerCase());
        if (d <= limit && (!best || d < best.d)) best = { candidate, d };
      }
      return best?.candidate;
    },
  };
}
