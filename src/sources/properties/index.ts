import {
  DOCKER_ONLY_VARIABLES,
  KNOWN_KEYS,
  lookupProperty,
  propertyForEnvironmentName,
  schemaOf,
} from '../../facts/catalogue';
import { FILE_START, type Span } from '../../facts/diagnostic';
import { suggestKeys } from '../../facts/suggest';
import type { FactItem, FactSource, ParsedFile } from '../source';
import { readPropertiesDocument, type PropertiesDocument, type PropertyEntry } from './document';
import { propertiesDescriptor } from './descriptor';
import { propertyQueries } from './queries';

const SECRET_NAME = /pass(word|phrase)?|secret|token|credential/i;

/** A Java properties file (bitbucket.properties): one item per occurrence of a key, one for the file. */
export const propertiesSource: FactSource = {
  ...propertiesDescriptor,
  parse(bytes: Uint8Array): ParsedFile {
    const document = readPropertiesDocument(bytes);
    const items: FactItem[] = [fileItem(document), ...document.entries.map(propertyItem)];
    const secrets = document.entries.filter((e) => isSecretKey(e.key)).map((e) => e.value.trim());
    const queries = propertyQueries(document);
    return {
      kind: 'properties',
      items,
      queries,
      secrets: secrets.filter((s) => s.length > 0),
      holdsSecrets: secrets.some((s) => s.length > 0),
      locate: (key: string): Span | undefined => document.effective.get(key)?.span,
      hints: { host: mirrorHost(document), baseUrl: mirrorBaseUrl(document), sshPort: sshPort(document) },
    };
  },
};

const PROPERTY_LINE = /^([ \t\f]*)((?:\\.|[^=:\s\\])+)([ \t\f]*[=:]?[ \t\f]*)(.*)$/;

/**
 * A physical line with the value blanked when its key is a password-like one: for output that shows
 * raw lines (the diff of --fix-dry-run), where a value may not even parse (a bad escape).
 */
export function maskSecretLine(line: string): string {
  const match = PROPERTY_LINE.exec(line);
  if (!match || /^[#!]/.test(match[2] ?? '')) return line;
  const key = (match[2] ?? '').replace(/\\(.)/g, '$1');
  return isSecretKey(key) && (match[4] ?? '') !== '' ? `${match[1] ?? ''}${match[2] ?? ''}${match[3] ?? ''}****` : line;
}

function isSecretKey(key: string): boolean {
  const entry = lookupProperty(key);
  return entry ? entry.type === 'secret' : SECRET_NAME.test(key);
}

function fileItem(document: PropertiesDocument): FactItem {
  return {
    scope: 'file',
    span: FILE_START,
    facts: {
      propertyCount: document.entries.length,
      containsNul: document.containsNul,
      encoding: document.encoding,
      parseError: document.unlocatedError,
    },
  };
}

/**
 * What is wrong with a catalogued property's value, if anything: its zod schema's first issue.
 * Remembered per key and value (a fleet's files repeat most of theirs; zod was a twentieth of a bulk
 * run), never for secret values, and bounded.
 */
const problems = new Map<string, string | undefined>();
const MAX_PROBLEMS = 10_000;

function problemOf(catalogued: NonNullable<ReturnType<typeof lookupProperty>>, value: string): string | undefined {
  const remember = catalogued.type !== 'secret';
  const memo = `${catalogued.key}\u0000${value}`;
  if (remember && problems.has(memo)) return problems.get(memo);
  const result = schemaOf(catalogued).safeParse(value);
  const problem = result.success ? undefined : (result.error.issues[0]?.message ?? 'is not valid');
  if (remember) {
    if (problems.size >= MAX_PROBLEMS) problems.clear();
    problems.set(memo, problem);
  }
  return problem;
}

function propertyItem(entry: PropertyEntry): FactItem {
  const catalogued = lookupProperty(entry.key);
  const valueProblem = catalogued && !entry.malformedEscape ? problemOf(catalogued, entry.value) : undefined;
  const suggestions = catalogued ? [] : suggestKeys(entry.key, KNOWN_KEYS);
  const spans: Record<string, Span> = {};
  if (entry.trailingWhitespace) spans['trailingWhitespace'] = entry.trailingWhitespace;
  if (entry.malformedEscape) spans['malformedEscape'] = entry.malformedEscape;
  return {
    scope: 'property',
    span: entry.span,
    spans,
    facts: {
      key: entry.key,
      rawKey: entry.rawKey,
      value: entry.value,
      rawValue: entry.rawValue,
      line: entry.span.line,
      occurrence: entry.occurrence,
      occurrences: entry.occurrences,
      isEffective: entry.occurrence === entry.occurrences,
      effectiveLine: entry.effectiveLine,
      known: catalogued !== undefined,
      confirmed: catalogued?.confirmed,
      valueType: catalogued?.type,
      valueProblem,
      secret: isSecretKey(entry.key),
      suggestion: suggestions[0],
      suggestions,
      environmentProperty: propertyForEnvironmentName(entry.key),
      dockerVariable: DOCKER_ONLY_VARIABLES.includes(entry.key),
      hasTrailingWhitespace: entry.trailingWhitespace !== undefined,
      hasMalformedEscape: entry.malformedEscape !== undefined,
    },
  };
}

/** The mirror's public host as this file states it: the base URL's host, else the proxy name. */
function mirrorHost(document: PropertiesDocument): string | undefined {
  const baseUrl = document.effective.get('setup.baseUrl')?.value.trim();
  if (baseUrl) {
    try {
      const host = new URL(baseUrl).hostname;
      if (host) return host;
    } catch {
      // an invalid base URL has a rule of its own; fall back to the proxy name
    }
  }
  const proxyName = document.effective.get('server.proxy-name')?.value.trim();
  return proxyName ? proxyName.toLowerCase() : undefined;
}

/** The mirror's public HTTPS address: setup.baseUrl, else one built from the proxy settings. */
function mirrorBaseUrl(document: PropertiesDocument): string | undefined {
  const baseUrl = document.effective.get('setup.baseUrl')?.value.trim();
  if (baseUrl && /^https?:\/\//i.test(baseUrl)) return baseUrl;
  const host = mirrorHost(document);
  if (!host) return undefined;
  const port = document.effective.get('server.proxy-port')?.value.trim();
  const context = document.effective.get('server.context-path')?.value.trim() ?? '';
  return `https://${host}${port && port !== '443' ? `:${port}` : ''}${context}`;
}

function sshPort(document: PropertiesDocument): number | undefined {
  const value = Number(document.effective.get('plugin.ssh.port')?.value.trim());
  return Number.isInteger(value) && value > 0 && value < 65536 ? value : undefined;
}
