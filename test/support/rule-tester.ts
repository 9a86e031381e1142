import path from 'node:path';
import { lint, lintText, type LintTextOptions } from '../../src';
import type { Diagnostic, Severity } from '../../src/model/diagnostic';
import { fixText } from '../../src/fix/fix-files';

/**
 * A table-driven rule tester in the manner of ESLint's RuleTester: each valid case must produce no
 * finding of the rule under test, each invalid case exactly the listed findings of that rule
 * (other rules may fire on the same text; they have tables of their own).
 */
export interface ValidCase {
  name?: string;
  /** Text to lint (written as UTF-8), named by `options.file` (default bitbucket.properties)… */
  code?: string;
  /** …or the exact bytes of the file… */
  bytes?: Uint8Array;
  /** …or files and folders of the repository to lint together, like the CLI does. */
  paths?: string[];
  options?: LintTextOptions;
}

export interface ExpectedFinding {
  /** The file's base name, when a case lints several files. */
  file?: string;
  line: number;
  /** Pinned when given, as are the end of the range. */
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity?: Severity;
  /** The whole message, or a part of it when `messageContains` is used instead. */
  message?: string;
  messageContains?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The text after `--fix` (fixes of every rule, until nothing changes), as ESLint's `output`; null: --fix changes nothing. */
  output?: string | null;
  /** The text after `--fix --fix-type fix,suggestion`. */
  suggestionOutput?: string | null;
}

export const NOW = '2026-11-24T12:00:00Z';

const ROOT = path.resolve(__dirname, '..', '..');

function title(prefix: string, c: ValidCase): string {
  const what = c.code ?? (c.bytes ? `${c.bytes.length} bytes` : (c.paths ?? []).join(' '));
  return `${prefix}: ${c.name ?? what.split('\n').filter(Boolean).slice(0, 3).join(' | ').slice(0, 90)}`;
}

async function allFindings(c: ValidCase, gates = true): Promise<Diagnostic[]> {
  if (c.paths) {
    const report = await lint(c.paths, { cwd: ROOT, now: NOW, gates, ...c.options });
    return report.results.flatMap((r) => r.diagnostics);
  }
  return (await lintText(c.bytes ?? c.code ?? '', { now: NOW, gates, ...c.options })).diagnostics;
}

/**
 * The findings of the rule under test. Every case also proves that the runner's gates (checks that
 * skip rules before the engine runs) change nothing: with every gate forced open, all rules must
 * report exactly the same.
 */
async function findings(ruleId: string, c: ValidCase): Promise<Diagnostic[]> {
  const gated = await allFindings(c);
  expect(await allFindings(c, false)).toEqual(gated);
  return gated.filter((d) => d.ruleId === ruleId);
}

export function runRule(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    if (cases.valid.length > 0)
      it.each(cases.valid.map((c) => [title('valid', c), c] as const))('%s', async (_, c) => {
        expect(await findings(ruleId, c)).toEqual([]);
      });
    if (cases.invalid.length === 0) return;
    it.each(cases.invalid.map((c) => [title('invalid', c), c] as const))('%s', async (_, c) => {
      const actual = await findings(ruleId, c);
      const shaped = actual.map((d, i) => {
        const want = c.errors[i];
        return {
          ...(want?.file !== undefined ? { file: path.basename(d.file) } : {}),
          line: d.line,
          ...(want?.column !== undefined ? { column: d.column } : {}),
          ...(want?.endLine !== undefined ? { endLine: d.endLine } : {}),
          ...(want?.endColumn !== undefined ? { endColumn: d.endColumn } : {}),
          ...(want?.severity !== undefined ? { severity: d.severity } : {}),
          ...(want?.message !== undefined ? { message: d.message } : {}),
          ...(want?.messageContains !== undefined
            ? { messageContains: d.message.includes(want.messageContains) ? want.messageContains : d.message }
            : {}),
        };
      });
      expect(shaped).toEqual(c.errors);
      for (const [types, expected] of [
        [['fix'], c.output],
        [['fix', 'suggestion'], c.suggestionOutput],
      ] as const) {
        if (expected === undefined) continue;
        const code = c.code ?? '';
        const fixed = await fixText(
          Buffer.from(code),
          c.options?.file ?? 'bitbucket.properties',
          { now: NOW, ...c.options },
          new Set(types),
        );
        expect(fixed.toString('utf8')).toBe(expected ?? code);
      }
      for (const d of actual) {
        expect(d.fix.length).toBeGreaterThan(0);
        expect(d.reference).not.toBe('');
      }
    });
  });
}

/** A mirror (by its mode and upstream) that serves plain HTTP: one error, mirror/no-https on line 3. */
export const MIRROR_PLAIN_HTTP = 'application.mode=mirror\nplugin.mirroring.upstream.url=https://bitbucket.example.com\nserver.port=7990\n';

/** A correct mirror behind an HTTPS proxy; cases add or replace lines to break one thing. */
export const HEALTHY_LINES = [
  'application.mode=mirror',
  'plugin.mirroring.upstream.url=https://bitbucket.example.com',
  'server.port=7990',
  'server.proxy-name=mirror.example.com',
  'server.secure=true',
  'server.scheme=https',
  'server.proxy-port=443',
  'setup.baseUrl=https://mirror.example.com',
];

/** The healthy config with lines replaced by key (a null value removes the key) and extra lines appended. */
export function mirrorConfig(changes: Record<string, string | null> = {}, extra: string[] = []): string {
  const lines = HEALTHY_LINES.flatMap((line) => {
    const key = line.slice(0, line.indexOf('='));
    if (!(key in changes)) return [line];
    const value = changes[key];
    return value === null || value === undefined ? [] : [`${key}=${value}`];
  });
  const present = new Set(HEALTHY_LINES.map((l) => l.slice(0, l.indexOf('='))));
  for (const [key, value] of Object.entries(changes)) {
    if (!present.has(key) && value !== null) lines.push(`${key}=${value}`);
  }
  return `${[...lines, ...extra].join('\n')}\n`;
}
