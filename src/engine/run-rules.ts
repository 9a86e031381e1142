import { Engine, Rule, type Almanac } from 'json-rules-engine';
import { FILE_START, type Diagnostic, type Span } from '../facts/diagnostic';
import type { FactItem, ParsedFile, QueryContext, SourceDescriptor } from '../sources/source';
import { contextFacts } from './context';
import { OPTION_FACT, type LoadedRule } from './load-rules';
import { REDACTED, redact, renderMessage } from './message';
import { CUSTOM_OPERATORS } from './operators';
import type { ActiveRule } from './rule-settings';

const OVERRIDE_SEPARATOR = '#override-';

/** Facts that carry a property's value; blanked for secret items before any message sees them. */
const VALUE_FACTS = ['value', 'rawValue'];

function formatReference(rule: LoadedRule): string {
  const { document, section, url } = rule.reference;
  return `${document} › ${section}${url ? ` (${url})` : ''}`;
}

/**
 * Evaluates the rule set over parsed files. One json-rules-engine Engine per (kind, scope),
 * built on first use and reused for every file of the run.
 */
export class RuleRunner {
  private readonly engines = new Map<string, Engine | null>();
  private readonly byId: Map<string, ActiveRule>;

  constructor(
    private readonly rules: readonly ActiveRule[],
    private readonly sources: readonly SourceDescriptor[],
  ) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
  }

  private engineFor(kind: string, scope: string): Engine | null {
    const key = `${kind}\u0000${scope}`;
    let engine = this.engines.get(key);
    if (engine !== undefined) return engine;
    const rules = this.rules.filter((r) => r.kind === kind && r.scope === scope);
    const source = this.sources.find((s) => s.kind === kind);
    engine = null;
    if (rules.length > 0 && source) {
      const built = new Engine([], { allowUndefinedFacts: true });
      for (const op of CUSTOM_OPERATORS) built.addOperator(op.name, op.evaluate);
      built.addFact(OPTION_FACT, (params: Record<string, unknown> | undefined) => {
        const rule = this.byId.get(String(params?.['rule']));
        return rule?.effectiveOptions[String(params?.['name'])];
      });
      for (const name of source.queryNames) {
        built.addFact(name, async (params: Record<string, unknown> | undefined, almanac: Almanac) => {
          const parsed = (await almanac.factValue('$file')) as ParsedFile;
          const item = (await almanac.factValue('$item')) as FactItem;
          const context = (await almanac.factValue('$context')) as QueryContext;
          return parsed.queries[name]?.(params ?? {}, item, context);
        });
      }
      for (const rule of rules) {
        built.addRule(new Rule({ name: rule.id, conditions: rule.conditions, event: { type: rule.id } }));
        (rule.overrides ?? []).forEach((override, index) => {
          const type = `${rule.id}${OVERRIDE_SEPARATOR}${index}`;
          built.addRule(new Rule({ name: type, conditions: override.conditions, event: { type } }));
        });
      }
      engine = built;
    }
    this.engines.set(key, engine);
    return engine;
  }

  async check(parsed: ParsedFile, file: string, queryContext: QueryContext): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    const ctx = contextFacts(queryContext.run, file);
    for (const item of parsed.items) {
      const engine = this.engineFor(parsed.kind, item.scope);
      if (!engine) continue;
      const facts: Record<string, unknown> = { ...ctx, $file: parsed, $item: item, $context: queryContext };
      for (const [name, value] of Object.entries(item.facts)) if (value !== undefined) facts[name] = value;
      const { events, almanac } = await engine.run(facts);
      const fired = new Set(events.map((e) => e.type));
      for (const event of events) {
        const rule = this.byId.get(event.type);
        if (!rule) continue;
        diagnostics.push(await this.toDiagnostic(rule, fired, item, parsed, file, ctx, almanac));
      }
    }
    return diagnostics;
  }

  /** Every params object the rules of a kind pass to that kind's queries (a log source scans for them in one pass). */
  queryParams(kind: string): Record<string, unknown>[] {
    const source = this.sources.find((s) => s.kind === kind);
    if (!source) return [];
    const queries = new Set(source.queryNames);
    const found: Record<string, unknown>[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (typeof record['fact'] === 'string' && queries.has(record['fact']) && record['params'] && typeof record['params'] === 'object') {
          found.push(record['params'] as Record<string, unknown>);
        }
        Object.values(record).forEach(visit);
      }
    };
    for (const rule of this.rules) if (rule.kind === kind) visit([rule.conditions, rule.data, rule.overrides]);
    return found;
  }

  /** The rules of this run (not turned off), for formats that list them. */
  get activeRules(): readonly ActiveRule[] {
    return this.rules;
  }

  private async toDiagnostic(
    rule: ActiveRule,
    fired: ReadonlySet<string>,
    item: FactItem,
    parsed: ParsedFile,
    file: string,
    ctx: Record<string, unknown>,
    almanac: Almanac,
  ): Promise<Diagnostic> {
    const overrideIndex = (rule.overrides ?? []).findIndex((_, i) => fired.has(`${rule.id}${OVERRIDE_SEPARATOR}${i}`));
    const override = overrideIndex >= 0 ? rule.overrides?.[overrideIndex] : undefined;
    const data: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(rule.data ?? {})) {
      data[name] = await almanac.factValue(ref.fact, ref.params ?? {}, ref.path ?? '');
    }
    const itemFacts = { ...item.facts };
    if (itemFacts['secret'] === true) for (const name of VALUE_FACTS) if (name in itemFacts) itemFacts[name] = REDACTED;
    const message = redact(renderMessage(override?.message ?? rule.message, [data, itemFacts, ctx]), parsed.secrets);
    return {
      ruleId: rule.id,
      severity: rule.effectiveSeverity ?? override?.severity ?? rule.severity,
      message,
      file,
      ...this.locate(rule, item, parsed, data),
      fix: rule.fix,
      reference: formatReference(rule),
    };
  }

  private locate(rule: LoadedRule, item: FactItem, parsed: ParsedFile, data: Record<string, unknown>): Span {
    if (rule.locate === undefined) return item.span;
    const names = Array.isArray(rule.locate) ? rule.locate : [rule.locate];
    for (const name of names) {
      // "@first": the span a data fact resolved to (a log rule's first matching line).
      const fromData = name.startsWith('@') ? (data[name.slice(1)] as Span | undefined) : undefined;
      const span = fromData?.line ? fromData : item.scope === 'file' ? parsed.locate(name) : item.spans?.[name];
      if (span) return span;
    }
    return item.scope === 'file' ? FILE_START : item.span;
  }
}
