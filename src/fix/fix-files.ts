/** --fix and --fix-dry-run over the properties files of a report: fixed bytes, written atomically, or a diff. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runnerFor } from '../engine/runner-cache';
import { lintText, type LintOptions } from '../lint/lint';
import { FileAccessError, writeFileAtomic } from '../lint/atomic-write';
import type { LintReport } from '../model/report';
import { readPropertiesDocument } from '../sources/properties/document';
import { applyPropertyFixes, describeChanges } from './properties-fixer';
import { unifiedPatch } from './patch';
import type { FixType } from '../engine/rule-schema';
import { redact } from '../engine/message';
import { maskSecretBytes, propertiesSource } from '../sources/properties';

export interface FileFix {
  file: string;
  /** A unified diff of the change (made for a dry run only: writing needs none). */
  patch: string;
}

/** A change of a type the run did not apply (a rename, when only fixes were asked for). */
export interface SkippedChange {
  file: string;
  line: number;
  ruleId: string;
  type: FixType;
  change: string;
}

export interface FixOptions {
  /** Replace the files (else only compute the diffs). */
  write: boolean;
  /** Which autofixes to apply (default: fixes only). */
  types?: ReadonlySet<FixType>;
}

const MAX_PASSES = 5;
const MAX_ATTEMPTS = 5;

type AutofixOf = Parameters<typeof applyPropertyFixes>[2];

/** Lints and fixes until nothing changes (a fix can reveal or settle another finding). */
async function fixBytes(
  original: Buffer,
  file: string,
  options: LintOptions,
  autofixOf: AutofixOf,
  types: ReadonlySet<FixType>,
): Promise<Buffer> {
  let bytes = original;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const diagnostics = (await lintText(bytes, { ...options, file, everyFinding: true })).diagnostics;
    const next = applyPropertyFixes(bytes, diagnostics, autofixOf, types);
    if (next.equals(bytes)) break;
    bytes = next;
  }
  return bytes;
}

/**
 * The bytes of a properties file (named `file`) once every fix of `types` is made, pass after pass,
 * as --fix would write them: for the editor's quick fixes and the rule tester's `output`.
 */
export async function fixText(
  bytes: Buffer,
  file: string,
  options: LintOptions,
  types: ReadonlySet<FixType> = new Set(['fix']),
): Promise<Buffer> {
  const cwd = options.cwd ?? process.cwd();
  const runner = runnerFor(
    (options.ruleDirs ?? []).map((d) => path.resolve(cwd, d)),
    options.rules,
  );
  return fixBytes(bytes, file, options, (ruleId) => runner.activeRules.find((r) => r.id === ruleId)?.autofix, types);
}

/** The file as its editor shows it (UTF-8 when it is UTF-8, else one character a byte), for the diff. */
function shown(bytes: Buffer): string {
  const { encoding } = readPropertiesDocument(bytes);
  return encoding === 'utf-8' ? bytes.toString('utf8') : bytes.toString('latin1');
}

/**
 * The diff shows context lines, which may hold passwords: it is made from the two versions with every
 * secret blanked (values of secret keys and their misspellings, each line of a continued value, private
 * keys pasted in, URL credentials), then anything secret left is blanked by value.
 */
function maskedPatch(file: string, before: Buffer, after: Buffer): string {
  const masked = (bytes: Buffer) => maskSecretBytes(bytes, readPropertiesDocument(bytes));
  const secrets = [...propertiesSource.parse(before, file).secrets, ...propertiesSource.parse(after, file).secrets];
  return redact(unifiedPatch(file, shown(masked(before)), shown(masked(after))), secrets);
}

/**
 * Fixes what can be fixed mechanically in the properties files of a report, re-linting after each
 * pass (a fix can reveal or settle another finding) until nothing changes. With `write`, changed
 * files are replaced atomically; otherwise only the diffs are returned. Changes of other types
 * (suggestions, by default) are listed, not made.
 */
export async function fixProperties(
  report: LintReport,
  options: LintOptions,
  fixOptions: FixOptions,
): Promise<{ fixes: FileFix[]; skipped: SkippedChange[] }> {
  const { write } = fixOptions;
  const types = fixOptions.types ?? new Set<FixType>(['fix']);
  const cwd = options.cwd ?? process.cwd();
  const runner = runnerFor(
    (options.ruleDirs ?? []).map((d) => path.resolve(cwd, d)),
    options.rules,
  );
  const autofixOf = (ruleId: string) => runner.activeRules.find((r) => r.id === ruleId)?.autofix;
  const fixes: FileFix[] = [];
  const skipped: SkippedChange[] = [];
  for (const result of report.results) {
    if (result.kind !== 'properties' || !result.diagnostics.some((d) => autofixOf(d.ruleId))) continue;
    const absolute = path.resolve(cwd, result.file);
    const others = result.diagnostics.filter((d) => {
      const type = autofixOf(d.ruleId)?.type ?? 'fix';
      return autofixOf(d.ruleId) !== undefined && !types.has(type);
    });
    // Another run may be fixing the same file (two pre-commit hooks at once): fixes are computed from
    // the bytes read here, never from the report's older line numbers, and the file is written only
    // if it still holds those bytes; otherwise it is read again.
    const read = async () => {
      try {
        return await fs.readFile(absolute);
      } catch (error) {
        throw new FileAccessError('read', result.file, error);
      }
    };
    if (others.length > 0) {
      const changes = others.flatMap((diagnostic) => {
        const autofix = autofixOf(diagnostic.ruleId);
        return autofix ? [{ diagnostic, autofix }] : [];
      });
      const described = describeChanges(await read(), changes);
      changes.forEach(({ diagnostic, autofix }, i) => {
        const change = described[i];
        if (change)
          skipped.push({ file: result.file, line: diagnostic.line, ruleId: diagnostic.ruleId, type: autofix.type ?? 'fix', change });
      });
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const bytes = await read();
      const fixed = await fixBytes(bytes, result.file, options, autofixOf, types);
      if (fixed.equals(bytes)) break;
      if (write) {
        const current = await read();
        if (!current.equals(bytes)) continue;
        await writeFileAtomic(absolute, fixed, result.file);
      }
      fixes.push({ file: result.file, patch: write ? '' : maskedPatch(result.file, bytes, fixed) });
      break;
    }
  }
  return { fixes, skipped };
}
