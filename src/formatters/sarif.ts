import path from 'node:path';
import type { RuleInfo } from '../engine/rule-info';
import type { Diagnostic, Severity } from '../facts/diagnostic';
import type { SuppressedDiagnostic } from '../lint/directives';
import type { LintReport } from '../lint/report';

/** SARIF 2.1.0 as GitHub code scanning reads it: one run, every rule of the run, repo-relative URIs. */

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifContext {
  rules: readonly RuleInfo[];
  version: string;
  informationUri: string;
  /** The folder URIs are made relative to (the repository root, usually the working directory). */
  cwd: string;
}

function relativeUri(file: string, cwd: string): string {
  const relative = path.isAbsolute(file) ? path.relative(cwd, file) : file;
  return relative.split(path.sep).join('/').replace(/^\.\//, '');
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
    title: id === 'io/unreadable' ? 'Input cannot be read' : id === 'io/unknown-kind' ? 'No linter for this file' : 'Unused disable directive',
    description: 'Reported by bitbucket-mirror-lint itself rather than by a rule file.',
    fix: ['See the message.'],
    reference: { document: 'bitbucket-mirror-lint', section: 'README' },
    options: {},
    autofix: false,
    docUrl: informationUri,
    path: '',
  };
}

export function formatSarif(report: LintReport, context: SarifContext): string {
  const rules = [...context.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const all = report.results.flatMap((r) => [...r.diagnostics, ...(r.suppressed ?? [])]);
  for (const d of all) {
    if (!index.has(d.ruleId)) {
      index.set(d.ruleId, rules.length);
      rules.push(builtInRule(d.ruleId, context.informationUri));
    }
  }
  const result = (d: Diagnostic | SuppressedDiagnostic) => ({
    ruleId: d.ruleId,
    ruleIndex: index.get(d.ruleId) ?? 0,
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(d.file, context.cwd) },
          region: { startLine: Math.max(1, d.line), startColumn: Math.max(1, d.column), endLine: Math.max(1, d.endLine), endColumn: Math.max(1, d.endColumn) },
        },
      },
    ],
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
            version: context.version,
            semanticVersion: context.version,
            informationUri: context.informationUri,
            rules: rules.map(ruleDescriptor),
          },
        },
        results: report.results.flatMap((r) => [...r.diagnostics.map(result), ...(r.suppressed ?? []).map(result)]),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
