/** merge-reports: the JSON or SARIF reports of shards merged into one. */
import { compareDiagnostics } from '../model/diagnostic';
import { summarise, type FileResult, type LintReport } from '../model/report';

export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

interface SarifRule {
  id: string;
  [key: string]: unknown;
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  [key: string]: unknown;
}
interface SarifLog {
  version: string;
  $schema?: string;
  runs: { tool: { driver: { rules?: SarifRule[]; [key: string]: unknown } }; results?: SarifResult[] }[];
}

export type AnyReport = { kind: 'json'; report: LintReport } | { kind: 'sarif'; log: SarifLog };

export function readReport(text: string, name: string): AnyReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new MergeError(`${name} is not JSON`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new MergeError(`${name} is neither a bitbucket-mirror-lint JSON report (version 1) nor a SARIF 2.1.0 log`);
  const record = data as Record<string, unknown>;
  if (record['version'] === 1 && Array.isArray(record['results'])) return { kind: 'json', report: data as LintReport };
  if (record['version'] === '2.1.0' && Array.isArray(record['runs'])) return { kind: 'sarif', log: data as SarifLog };
  throw new MergeError(`${name} is neither a bitbucket-mirror-lint JSON report (version 1) nor a SARIF 2.1.0 log`);
}

/** Results of all shards, one entry per file (a file in two shards keeps its first result), sorted. */
export function mergeJson(reports: readonly LintReport[]): LintReport {
  const byFile = new Map<string, FileResult>();
  for (const report of reports) {
    for (const result of report.results)
      if (!byFile.has(result.file)) byFile.set(result.file, { ...result, diagnostics: [...result.diagnostics].sort(compareDiagnostics) });
  }
  const results = [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { version: 1, results, summary: summarise(results) };
}

/** One run: the union of the rules (by id) and every result, its ruleIndex pointing into the union. */
export function mergeSarif(logs: readonly SarifLog[]): SarifLog {
  const first = logs[0]?.runs[0];
  if (!first) throw new MergeError('no SARIF run to merge');
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const log of logs) {
    for (const run of log.runs) {
      for (const rule of run.tool.driver.rules ?? []) {
        if (!index.has(rule.id)) {
          index.set(rule.id, rules.length);
          rules.push(rule);
        }
      }
      for (const result of run.results ?? []) results.push({ ...result, ruleIndex: index.get(result.ruleId) ?? result.ruleIndex });
    }
  }
  const uri = (r: SarifResult) => JSON.stringify((r as { locations?: unknown }).locations ?? '');
  results.sort((a, b) => (uri(a) < uri(b) ? -1 : uri(a) > uri(b) ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return {
    ...logs[0],
    version: '2.1.0',
    runs: [{ ...first, tool: { driver: { ...first.tool.driver, rules } }, results }],
  } as SarifLog;
}

/** Counts of a merged report, for the exit code. */
export function sarifCounts(log: SarifLog): { errors: number; warnings: number; infos: number } {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const run of log.runs) {
    for (const result of run.results ?? []) {
      if ((result as { suppressions?: unknown[] }).suppressions?.length) continue;
      const level = (result as { level?: string }).level;
      if (level === 'error') counts.errors += 1;
      else if (level === 'warning') counts.warnings += 1;
      else counts.infos += 1;
    }
  }
  return counts;
}
