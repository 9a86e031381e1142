/** The merge-reports command: the JSON or SARIF reports of shards, as one. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type * as MergeModule from '../formatters/merge';
import { FileAccessError, writeFileAtomic } from '../lint/atomic-write';
import { UsageError } from '../model/errors';
import { listRules } from '../engine/rule-info';
import { formatReport, type FormatName } from '../formatters';
import { EXIT_CLEAN, EXIT_LINT_ERRORS, type CliIo } from './io';
import { lazy } from '../util/memo';

const merge = lazy(() => require('../formatters/merge') as typeof MergeModule);

export async function runMerge(command: Command, io: CliIo): Promise<number> {
  const files = (command.processedArgs[0] as string[] | undefined) ?? [];
  const { readReport, mergeJson, mergeSarif, sarifCounts, MergeError } = merge();
  const reports = files.map((f) => {
    let text: string;
    try {
      text = readFileSync(path.resolve(io.cwd, f), 'utf8');
    } catch (error) {
      throw new FileAccessError('read', f, error);
    }
    try {
      return readReport(text, f);
    } catch (error) {
      if (error instanceof MergeError) throw new UsageError(error.message);
      throw error;
    }
  });
  const kinds = new Set(reports.map((r) => r.kind));
  const { format, now } = command.opts<{ format: FormatName; now?: string }>();
  if (now !== undefined && Number.isNaN(Date.parse(now)))
    throw new UsageError(`"${now}" is not a valid date (use ISO 8601, e.g. 2026-01-31T12:00:00Z)`);
  if (kinds.has('sarif') && format !== 'json') throw new UsageError('SARIF reports merge into SARIF: --format applies to JSON reports');
  if (kinds.size !== 1) throw new UsageError('the reports must all be JSON or all SARIF');
  let text: string;
  let errors: number;
  if (kinds.has('json')) {
    const merged = mergeJson(reports.flatMap((r) => (r.kind === 'json' ? [r.report] : [])));
    text =
      format === 'json'
        ? `${JSON.stringify(merged, null, 2)}\n`
        : formatReport(merged, format, { rules: listRules(), cwd: io.cwd, ...(now ? { now } : {}) });
    errors = merged.summary.errors;
  } else {
    const merged = mergeSarif(reports.flatMap((r) => (r.kind === 'sarif' ? [r.log] : [])));
    text = `${JSON.stringify(merged, null, 2)}\n`;
    errors = sarifCounts(merged).errors;
  }
  const output = command.opts<{ outputFile?: string }>().outputFile;
  if (output) await writeFileAtomic(path.resolve(io.cwd, output), text, output);
  else io.stdout.write(text);
  return errors > 0 ? EXIT_LINT_ERRORS : EXIT_CLEAN;
}
