/** The sarif format: SARIF 2.1.0 for GitHub code scanning, every rule of the run and a location per result. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleInfo } from '../model/rule-info';
import type { Diagnostic, Severity, SuppressedDiagnostic } from '../model/diagnostic';
import type { FormatContext, Formatter } from './formatter';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, every rule of the run, file URIs relative to
 * the repository root (`%SRCROOT%`), percent-encoded; a probed server is a location of its own, not a file.
 */

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

const SRCROOT = '%SRCROOT%';

/** The nearest folder at or above `cwd` holding `.git` (a folder, or a file in a worktree), else `cwd`. */
export function repositoryRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/** A probe's findings are named by its URL (`https://host:8443/ctx`, maybe followed by ` (TLS certificate chain)`). */
const PROBE_LABEL = /^(https?|ssh):\/\/[^\s/]+(\/\S*)?/;

function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: Record<string, number> };
  logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
}

function location(d: Diagnostic, context: FormatContext, srcRoot: string): SarifLocation {
  const region = {
    startLine: Math.max(1, d.line),
    startColumn: Math.max(1, d.column),
    endLine: Math.max(1, d.endLine),
    endColumn: Math.max(1, d.endColumn),
  };
  const probed = PROBE_LABEL.exec(d.file);
  if (probed) {
    // A URI with nothing after it, and the full label as a logical location viewers can show.
    const uri = new URL(probed[0]).href;
    return {
      physicalLocation: { artifactLocation: { uri } },
      logicalLocations: [{ name: d.file, fullyQualifiedName: d.file, kind: 'resource' }],
    };
  }
  const absolute = path.resolve(context.cwd, d.file);
  const relative = path.relative(srcRoot, absolute);
  const artifactLocation =
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
      ? { uri: encodePath(relative.split(path.sep).join('/')), uriBaseId: SRCROOT }
      : { uri: pathToFileURL(absolute).href };
  return { physicalLocation: { artifactLocation, region } };
}

function ruleDescriptor(rule: RuleInfo) {
  const steps = rule.fix.map((step, i) => `${i + 1}. ${step}`).join('\n');
  const reference = `${rule.reference.document}, ${rule.reference.section}${rule.reference.url ? ` (${rule.reference.url})` : ''}`;
  return {
    id: rule.id,
    name: rule.id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}\n\nHow to fix:\n${steps}\n\nReference: ${reference}`,
      markdown: `${rule.description}\n\n**How to fix**\n\n${steps}\n\nReference: ${reference}`,
    },
    helpUri: rule.docUrl,
    defaultConfiguration: { level: LEVEL[rule.severity as Severity] ?? 'warning' },
    properties: { tags: [rule.kind] },
  };
}

/** Rule ids a report can hold that have no rule file (I/O problems, unused directives). */
function builtInRule(id: string, informationUri: string): RuleInfo {
  return {
    id,
    kind: 'lint',
    scope: 'file',
    severity: 'error',
    title:
      id === 'io/unreadable' ? 'Input cannot be read' : id === 'io/unknown-kind' ? 'No linter for this file' : 'Unused disable directive',
    description: 'Reported by bitbucket-mirror-lint itself rather than by a rule file.',
    fix: ['See the message.'],
    reference: { document: 'bitbucket-mirror-lint', section: 'README' },
    options: {},
    autofix: false,
    severities: ['error'],
    docUrl: informationUri,
    path: '',
  };
}

export const formatSarif: Formatter = (report, context) => {
  const rules = [...context.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const all = report.results.flatMap((r) => [...r.diagnostics, ...(r.suppressed ?? [])]);
  for (const d of all) {
    if (!index.has(d.ruleId)) {
      index.set(d.ruleId, rules.length);
      rules.push(builtInRule(d.ruleId, context.tool.informationUri));
    }
  }
  // `%SRCROOT%`: the git work tree holding the working directory, else the working directory.
  const srcRoot = repositoryRoot(context.cwd);
  const result = (d: Diagnostic | SuppressedDiagnostic) => ({
    ruleId: d.ruleId,
    ruleIndex: index.get(d.ruleId) ?? 0,
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [location(d, context, srcRoot)],
    ...('justification' in d ? { suppressions: [{ kind: 'inSource', justification: d.justification }] } : {}),
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bitbucket-mirror-lint',
            version: context.tool.version,
            semanticVersion: context.tool.version,
            informationUri: context.tool.informationUri,
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(`${srcRoot}${path.sep}`).href } },
        results: report.results.flatMap((r) => [...r.diagnostics.map(result), ...(r.suppressed ?? []).map(result)]),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
