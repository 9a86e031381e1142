/** The properties source: bitbucket.properties read as Java reads it, one item per property and one for the file. */
import {
  DOCKER_ONLY_VARIABLES,
  lookupProperty,
  propertyForEnvironmentName,
  schemaOf,
  suggestionsFor,
  type CatalogueEntry,
} from '../../knowledge/catalogue';
import { FILE_START, type Span } from '../../model/diagnostic';
import { isTemplateSyntax, placeholderIn } from '../../knowledge/placeholders';
import type { FactItem, FactSource, FileFacts } from '../source';
import { readPropertiesDocument, type PropertiesDocument, type PropertyEntry } from './document';
import { propertiesDescriptor } from './descriptor';
import { propertyQueries, selfUrl } from './queries';
import { documentSecrets, isSecretEntry } from './secrets';

export { maskSecretBytes } from './secrets';

/** Java keeps a UTF-8 byte order mark as the first three characters of the first key. */
const BOM = '\u00ef\u00bb\u00bf';

/** A line of licence text Java read as a key: only the licence alphabet, long enough not to be a word. */
const LICENCE_TEXT = /^[A-Za-z0-9+/]{16,}$/;

/** A properties file (bitbucket.properties): one item per occurrence of a key, one for the file. */
export const propertiesSource: FactSource = {
  ...propertiesDescriptor,
  parse(bytes: Uint8Array): FileFacts {
    let document: PropertiesDocument;
    try {
      document = readPropertiesDocument(bytes);
    } catch (error) {
      // A reader bug must not hide the file: it becomes properties/unparseable, never a crash.
      return unreadableFile(error instanceof Error ? error.message : String(error));
    }
    const fragments = licenceFragments(document);
    const mirror = declaresMirror(document);
    // A UTF-16 file gives Java only keys full of NUL characters: its own finding says so, once.
    const utf16 = document.encoding.startsWith('utf-16');
    const items: FactItem[] = [fileItem(document, fragments, mirror)];
    const secrets = new Set<string>(documentSecrets(document));
    let holdsSecrets = fragments.size > 0;
    for (const entry of document.entries) {
      const secret = isSecretEntry(entry);
      if (!utf16) items.push(propertyItem(entry, fragments, secret));
      if (fragments.has(entry)) secrets.add(entry.key);
      if (secret && entry.value.trim() !== '') holdsSecrets = true;
    }
    const self = selfUrl(document);
    return {
      kind: 'properties',
      items,
      queries: propertyQueries(document),
      secrets: [...secrets],
      holdsSecrets,
      locate: (key: string): Span | undefined => document.effective.get(key)?.span,
      hints: {
        host: self?.host,
        baseUrl: mirrorBaseUrl(document, self?.host),
        sshPort: sshPort(document),
        ...(mirror ? { role: 'mirror' as const } : {}),
      },
    };
  },
};

function unreadableFile(reason: string): FileFacts {
  return {
    kind: 'properties',
    items: [{ scope: 'file', span: FILE_START, facts: { propertyCount: 0, parseError: reason } }],
    queries: {},
    secrets: [],
    locate: () => undefined,
    hints: {},
  };
}

/** A file that says it is a mirror's: mirror mode, or settings only a mirror reads. */
function declaresMirror(document: PropertiesDocument): boolean {
  if (document.effective.get('application.mode')?.value.trim().toLowerCase() === 'mirror') return true;
  for (const key of document.effective.keys()) if (key.startsWith('plugin.mirroring.')) return true;
  return false;
}

/**
 * Lines of a licence pasted over several lines without `\` continuations: each line right below
 * setup.license (or below another such line) that holds only licence text, which Java reads as a key
 * of its own (a trailing `=` of base64 padding becomes its separator).
 */
function licenceFragments(document: PropertiesDocument): Set<PropertyEntry> {
  const found = new Set<PropertyEntry>();
  let previous: PropertyEntry | undefined;
  let inLicence = false;
  for (const entry of document.entries) {
    if (entry.key === 'setup.license') inLicence = true;
    else if (
      inLicence &&
      previous &&
      entry.span.line === previous.span.endLine + 1 &&
      LICENCE_TEXT.test(entry.rawKey) &&
      /^=*$/.test(entry.rawValue)
    ) {
      found.add(entry);
    } else inLicence = false;
    previous = entry;
  }
  return found;
}

/** "line 7", or "lines 7, 8 and 14" (the first few, then how many more). */
function lineList(lines: number[]): string | undefined {
  if (lines.length === 0) return undefined;
  const shown = lines.slice(0, 5).map(String);
  if (lines.length > 5) shown.push(`${lines.length - 5} more`);
  return shown.length === 1 ? `line ${shown[0]}` : `lines ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function fileItem(document: PropertiesDocument, fragments: Set<PropertyEntry>, mirror: boolean): FactItem {
  const lines = [...fragments].map((e) => e.span.line);
  const templateLines = document.entries.filter((e) => isTemplateSyntax(e.rawKey)).map((e) => e.span.line);
  return {
    scope: 'file',
    span: FILE_START,
    facts: {
      propertyCount: document.entries.length,
      unreadFromLine: document.unreadFromLine,
      containsNul: document.containsNul,
      encoding: document.encoding,
      hadBom: document.hadBom,
      declaresMirror: mirror,
      licenceFragmentCount: fragments.size,
      licenceFragmentLines:
        lines.length === 0 ? undefined : lines.length === 1 ? `line ${lines[0]}` : `lines ${lines[0]}-${lines[lines.length - 1]}`,
      templateLineCount: templateLines.length,
      templateLines: lineList(templateLines),
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

function problemOf(catalogued: CatalogueEntry, value: string): string | undefined {
  // Spring resolves ${...} from other properties and the environment before converting the value.
  if (value.includes('${')) return undefined;
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

/** The text with every character outside ASCII written as a Java `\uXXXX` escape, as Java needs it. */
function escapeNonAscii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function propertyItem(entry: PropertyEntry, fragments: Set<PropertyEntry>, secretKey: boolean): FactItem {
  const catalogued = lookupProperty(entry.key);
  const fragment = fragments.has(entry);
  const secret = fragment || secretKey;
  // A placeholder has a finding of its own; its type is not judged (server.port=$PORT is not a port yet).
  const shape = fragment ? undefined : placeholderIn(entry.value, secret);
  const typeProblem = catalogued && !entry.malformedEscape ? problemOf(catalogued, entry.value) : undefined;
  // A word the key's own type accepts is its value, not a placeholder (server.ssl.client-auth=None).
  const placeholder =
    shape && (typeProblem !== undefined || !catalogued || !['enum', 'boolean'].includes(catalogued.type)) ? shape : undefined;
  const valueProblem = placeholder ? undefined : typeProblem;
  const suggestions = fragment || entry.bomInKey ? [] : suggestionsFor(entry.key);
  const spans: Record<string, Span> = {};
  if (entry.trailingWhitespace) spans['trailingWhitespace'] = entry.trailingWhitespace;
  if (entry.malformedEscape) spans['malformedEscape'] = entry.malformedEscape;
  const afterBom = entry.bomInKey ? entry.key.slice(BOM.length) : undefined;
  return {
    scope: 'property',
    span: entry.span,
    spans,
    facts: {
      key: entry.key,
      rawKey: entry.rawKey,
      value: entry.value,
      rawValue: entry.rawValue,
      displayValue: entry.displayValue,
      nonAscii: entry.nonAscii,
      escapedSpelling: entry.nonAscii ? `${escapeNonAscii(entry.displayKey)}=${escapeNonAscii(entry.displayRawValue)}` : undefined,
      line: entry.span.line,
      occurrence: entry.occurrence,
      occurrences: entry.occurrences,
      isEffective: entry.occurrence === entry.occurrences,
      effectiveLine: entry.effectiveLine,
      known: catalogued !== undefined,
      familyMember: catalogued?.family === true,
      confirmed: catalogued?.confirmed,
      valueType: catalogued?.type,
      valueProblem,
      secret,
      suggestion: suggestions[0],
      suggestions,
      environmentProperty: propertyForEnvironmentName(entry.key),
      dockerVariable: DOCKER_ONLY_VARIABLES.includes(entry.key),
      hasTrailingWhitespace: entry.trailingWhitespace !== undefined,
      hasMalformedEscape: entry.malformedEscape !== undefined,
      hasSeparator: entry.hasSeparator,
      bomInKey: entry.bomInKey,
      keyAfterBom: afterBom,
      keyAfterBomKnown: afterBom !== undefined && lookupProperty(afterBom) !== undefined,
      licenceFragment: fragment,
      placeholder,
      templateSyntax: isTemplateSyntax(entry.rawKey),
      deferred: placeholder !== undefined || entry.value.includes('${'),
      continuedByFragments: entry.key === 'setup.license' && [...fragments].some((f) => f.span.line > entry.span.line),
    },
  };
}

/** The mirror's public HTTPS address: setup.baseUrl, else one built from the proxy settings (for --probe). */
function mirrorBaseUrl(document: PropertiesDocument, host: string | undefined): string | undefined {
  const baseUrl = document.effective.get('setup.baseUrl')?.value.trim();
  if (baseUrl && /^https?:\/\//i.test(baseUrl)) return baseUrl;
  if (!host) return undefined;
  const port = document.effective.get('server.proxy-port')?.value.trim();
  const context = document.effective.get('server.context-path')?.value.trim() ?? '';
  return `https://${host.includes(':') ? `[${host}]` : host}${port && port !== '443' ? `:${port}` : ''}${context}`;
}

function sshPort(document: PropertiesDocument): number | undefined {
  const value = Number(document.effective.get('plugin.ssh.port')?.value.trim());
  return Number.isInteger(value) && value > 0 && value < 65536 ? value : undefined;
}
