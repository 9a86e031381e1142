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
const MAX_ATTEMPTS = 5;

type AutofixOf = Parameters<typeof applyPropertyFixes>[2];

/** Lints and fixes until nothing changes (a fix can reveal or settle another finding). */
async function fixText(original: string, file: string, options: LintOptions, autofixOf: AutofixOf): Promise<string> {
  let text = original;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const diagnostics = (await lintText(text, { ...options, file })).diagnostics;
    const next = applyPropertyFixes(text, diagnostics, autofixOf);
    if (next === text) break;
    text = next;
  }
  return text;
}

/** The diff shows context lines, which may hold passwords: the value of every secret line is blanked. */
function maskedPatch(file: string, bytes: Buffer, before: string, after: string): string {
  const secrets = propertiesSource.parse(bytes, file).secrets;
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after)
    .split('\n')
    .map((line) => (/^[ +-]/.test(line) && !/^(\+\+\+|---) /.test(line) ? line[0] + maskSecretLine(line.slice(1)) : line))
    .join('\n');
  return redact(patch, secrets);
}

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
    // Another run may be fixing the same file (two pre-commit hooks at once): fixes are computed from
    // the bytes read here, never from the report's older line numbers, and the file is written only
    // if it still holds those bytes; otherwise it is read again.
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const bytes = await fs.readFile(absolute);
      const decoded = decodeText(bytes);
      const text = await fixText(decoded.text, result.file, options, autofixOf);
      if (text === decoded.text) break;
      if (write) {
        const current = await fs.readFile(absolute);
        if (!current.equals(bytes)) continue;
        await writeFileAtomic(absolute, encodeText(text, decoded.encoding, decoded.hadBom));
      }
      fixes.push({ file: result.file, patch: maskedPatch(result.file, bytes, decoded.text, text) });
      break;
    }
  }
  return fixes;
}
