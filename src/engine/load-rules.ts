/** Loading rule files: read, validated against the schema and the sources' facts, built-in files trusted by their hash. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceDescriptor } from '../sources/source';
import { MAX_NESTING, nestingDepth, patternProblems } from './check-patterns';
import { BUILT_IN_OPERATORS, CUSTOM_OPERATORS, OPERATOR_DECORATORS } from './operators';
import { FILE_SYSTEM_FACTS, FILE_SYSTEM_SCOPE, kindsOf } from './rule-kinds';
import type * as RuleSchemaModule from './rule-schema';
import type { Condition, RuleFile } from './rule-schema';
import { RuleLoadError } from '../model/errors';
import { lazy } from '../util/memo';

const ruleSchema = lazy(() => require('./rule-schema') as typeof RuleSchemaModule);

export { RuleLoadError } from '../model/errors';

/** Facts every evaluation has, whatever the kind (see context.ts). */
export const CONTEXT_FACT_NAMES = ['file', 'host', 'now', 'target', 'bitbucketVersion', 'role'] as const;

/** The engine-level fact that reads a rule's effective option (see rule-schema `options`). */
export const OPTION_FACT = 'option';

export interface LoadedRule extends RuleFile {
  /** The file the rule came from, for error messages and docs. */
  path: string;
}

/** The rules/ folder shipped with the package (beside dist/ and src/). */
export const BUILT_IN_RULES_DIR = path.resolve(__dirname, '..', '..', 'rules');

function listRuleFiles(dir: string): string[] {
  const files: string[] = [];
  for (const group of readdirSync(dir, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    for (const entry of readdirSync(path.join(dir, group.name), { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.json')) files.push(path.join(dir, group.name, entry.name));
    }
  }
  return files.sort();
}

const knownOperators = new Set<string>([...BUILT_IN_OPERATORS, ...CUSTOM_OPERATORS.map((o) => o.name)]);

function operatorProblem(operator: string): string | undefined {
  const parts = operator.split(':');
  const base = parts.pop() ?? '';
  const badDecorator = parts.find((d) => !OPERATOR_DECORATORS.includes(d));
  if (badDecorator) return `unknown operator decorator "${badDecorator}"`;
  if (!knownOperators.has(base)) return `unknown operator "${base}"`;
  return undefined;
}

interface FactUse {
  fact: string;
  params?: Record<string, unknown>;
}

function optionProblem(rule: RuleFile, use: FactUse): string | undefined {
  if (use.fact !== OPTION_FACT) return undefined;
  const { rule: id, name } = use.params ?? {};
  if (id !== rule.id) return `an "option" fact must name its own rule ("rule": "${rule.id}")`;
  if (typeof name !== 'string' || !rule.options?.[name]) return `option "${String(name)}" is not declared in "options"`;
  return undefined;
}

function* factConditions(
  condition: Condition,
): Generator<{ fact: string; operator: string; value: unknown; params?: Record<string, unknown> }> {
  if ('all' in condition) for (const c of condition.all) yield* factConditions(c);
  else if ('any' in condition) for (const c of condition.any) yield* factConditions(c);
  else if ('not' in condition) yield* factConditions(condition.not);
  else yield condition;
}

function checkRule(rule: RuleFile, file: string, sources: readonly SourceDescriptor[]): string[] {
  const problems: string[] = [];
  const expectedId = `${path.basename(path.dirname(file))}/${path.basename(file, '.json')}`;
  if (rule.id !== expectedId) problems.push(`id "${rule.id}" does not match its path (expected "${expectedId}")`);
  for (const kind of kindsOf(rule)) problems.push(...checkRuleForKind(rule, kind, sources));
  return problems;
}

function checkRuleForKind(rule: RuleFile, kind: string, sources: readonly SourceDescriptor[]): string[] {
  const problems: string[] = [];
  const source = sources.find((s) => s.kind === kind);
  if (!source) {
    problems.push(`kind "${kind}" has no fact source (known: ${sources.map((s) => s.kind).join(', ')})`);
    return problems;
  }
  const scopeFacts = rule.scope === FILE_SYSTEM_SCOPE ? FILE_SYSTEM_FACTS : source.factNames[rule.scope];
  if (!scopeFacts) {
    problems.push(
      `scope "${rule.scope}" is not one of ${[...Object.keys(source.factNames), FILE_SYSTEM_SCOPE].join(', ')} for kind "${kind}"`,
    );
    return problems;
  }
  const facts = new Set<string>([...scopeFacts, ...source.queryNames, ...CONTEXT_FACT_NAMES, OPTION_FACT]);
  const all = [rule.conditions, ...(rule.overrides ?? []).map((o) => o.conditions)];
  for (const top of all) {
    for (const c of factConditions(top)) {
      if (!facts.has(c.fact)) problems.push(`unknown fact "${c.fact}" for ${kind}/${rule.scope}`);
      const opProblem = operatorProblem(c.operator) ?? optionProblem(rule, c);
      if (opProblem) problems.push(opProblem);
      const ref = c.value as { fact?: unknown; params?: Record<string, unknown> } | null;
      if (ref && typeof ref === 'object' && typeof ref.fact === 'string') {
        if (!facts.has(ref.fact)) problems.push(`unknown fact "${ref.fact}" in a value`);
        const refProblem = optionProblem(rule, { fact: ref.fact, params: ref.params });
        if (refProblem) problems.push(refProblem);
      }
    }
  }
  for (const [name, ref] of Object.entries(rule.data ?? {})) {
    if (!facts.has(ref.fact)) problems.push(`data "${name}" names unknown fact "${ref.fact}"`);
  }
  return problems;
}

/**
 * Hashes of the built-in rule files the build validated (dist/validated-rules.json). Validation is
 * 80% of the start-up cost of the rules, so a built-in file whose bytes are exactly what the build
 * validated is trusted; any other file, or an edited built-in one, is validated in full.
 */
export const VALIDATED_RULES_FILE = path.resolve(__dirname, '..', 'validated-rules.json');

function validatedHashes(): Set<string> {
  try {
    return new Set((JSON.parse(readFileSync(VALIDATED_RULES_FILE, 'utf8')) as { sha256: string[] }).sha256);
  } catch {
    return new Set();
  }
}

export function ruleFileHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Loads and validates every rule file under the given folders; throws one error listing all problems. */
export function loadRules(
  dirs: readonly string[],
  sources: readonly SourceDescriptor[],
  options: { trustValidated?: boolean } = {},
): LoadedRule[] {
  const problems: string[] = [];
  const rules: LoadedRule[] = [];
  const seen = new Map<string, string>();
  const trusted = options.trustValidated === false ? new Set<string>() : validatedHashes();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = listRuleFiles(dir);
    } catch (error) {
      problems.push(`${dir}: cannot read the rule folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    for (const file of files) {
      let json: unknown;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
        json = JSON.parse(text);
      } catch (error) {
        problems.push(`${file}: not valid JSON (${(error as Error).message})`);
        continue;
      }
      if (dir === BUILT_IN_RULES_DIR && trusted.has(ruleFileHash(text))) {
        const rule = json as RuleFile;
        const earlier = seen.get(rule.id);
        if (earlier) problems.push(`${file}: rule id "${rule.id}" is already defined by ${earlier}`);
        seen.set(rule.id, file);
        rules.push({ ...rule, path: file });
        continue;
      }
      const depth = nestingDepth(json);
      if (depth > MAX_NESTING) {
        problems.push(`${file}: nests ${depth} levels deep; a rule file nests at most ${MAX_NESTING}`);
        continue;
      }
      // zod loads only here: built-in rules whose bytes the build validated never reach this line.
      const { ruleFileSchema } = ruleSchema();
      const parsed = ruleFileSchema.safeParse(json);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
        }
        continue;
      }
      const ruleProblems = [...checkRule(parsed.data, file, sources), ...patternProblems(parsed.data, dir !== BUILT_IN_RULES_DIR)];
      problems.push(...ruleProblems.map((p) => `${file}: ${p}`));
      const earlier = seen.get(parsed.data.id);
      if (earlier) problems.push(`${file}: rule id "${parsed.data.id}" is already defined by ${earlier}`);
      seen.set(parsed.data.id, file);
      if (ruleProblems.length === 0) rules.push({ ...parsed.data, path: file });
    }
  }
  if (problems.length > 0) throw new RuleLoadError(problems);
  return rules;
}
