import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { lintText, runnerFor, type LintOptions } from '../lint/lint';
import { writeFileAtomic } from '../lint/atomic-write';
import type { LintReport } from '../lint/report';
import { decodeText, encodeText } from '../sources/text';
import { applyPropertyFixes } from './properties-fixer';
import { redact } from '../engine/message';
import { maskSecretLine, propertiesSource } from '../sources/properties';

export interface FileFix {
  file: string;
  /** A unified diff of the change. */
  patch: string;
}

const MAX_PASSES = 5;

/**
 * Fixes what can be fixed mechanically in the properties files of a report, re-linting after each
 * pass (a fix can reveal or settle another finding) until nothing changes. With `write`, changed
 * files are replaced atomically; otherwise only the diffs are returned.
 */
export async function fixProperties(report: LintReport, options: LintOptions, write: boolean): Promise<FileFix[]> {
  const cwd = options.cwd ?? process.cwd();
  const runner = runnerFor((options.ruleDirs ?? []).map((d) => path.resolve(cwd, d)), options.rules);
  const autofixOf = (ruleId: string) => runner.activeRules.find((r) => r.id === ruleId)?.autofix;
  const fixes: FileFix[] = [];
  for (const result of report.results) {
    if (result.kind !== 'properties' || !result.diagnostics.some((d) => autofixOf(d.ruleId))) continue;
    const absolute = path.resolve(cwd, result.file);
    const bytes = await fs.readFile(absolute);
    const decoded = decodeText(bytes);
    let text = decoded.text;
    let diagnostics = result.diagnostics;
    for (let pass = 0; pass < MAX_PASSES; pass += 1) {
      const next = applyPropertyFixes(text, diagnostics, autofixOf);
      if (next === text) break;
      text = next;
      diagnostics = (await lintText(text, { ...options, file: result.file })).diagnostics;
    }
    if (text === decoded.text) continue;
    // The diff shows context lines, which may hold passwords: blank the value of every secret line.
    const secrets = propertiesSource.parse(bytes, result.file).secrets;
    const patch = createTwoFilesPatch(`a/${result.file}`, `b/${result.file}`, decoded.text, text)
      .split('\n')
      .map((line) => (/^[ +-]/.test(line) && !/^(\+\+\+|---) /.test(line) ? line[0] + maskSecretLine(line.slice(1)) : line))
      .join('\n');
    fixes.push({ file: result.file, patch: redact(patch, secrets) });
    if (write) await writeFileAtomic(absolute, encodeText(text, decoded.encoding, decoded.hadBom));
  }
  return fixes;
}
