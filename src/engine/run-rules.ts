import { Engine, Fact, Rule, type Almanac } from 'json-rules-engine';
import { FILE_START, type Diagnostic, type Span } from '../facts/diagnostic';
import type { FactItem, ParsedFile, QueryContext, SourceDescriptor } from '../sources/source';
import { contextFacts } from './context';
import { OPTION_FACT, type LoadedRule } from './load-rules';
import { REDACTED, renderMessage, showRedacted } from './message';
import { CUSTOM_OPERATORS } from './operators';
import type { ActiveRule } from './rule-settings';
import { FILE_SYSTEM_FACTS, FILE_SYSTEM_SCOPE, kindsOf } from './rule-kinds';
import type { FactCondition, RuleFile, TopLevelCondition } from './rule-schema';

type Override = NonNullable<RuleFile['overrides']>[number];

const OVERRIDE_SEPARATOR = '#override-';

/** Fact priorities: plain facts are looked at before queries, so a failed cheap check saves the query. */
const CHEAP = 10;
const COSTLY = 1;

/**
 * A fact known before the run. Not cached: json-rules-engine never reads a constant from its cache,
 * but would hash the value (the whole parsed file, for $file) to store it there, a third of the
 * engine's time in a bulk run.
 */
function constantFact(name: string, value: unknown): Fact {
  return new Fact(name, value as never, { priority: CHEAP, cache: false });
}

/** Facts that carry a property's value; blanked for secret items before any message sees them. */
const VALUE_FACTS = ['value', 'rawValue', 'displayValue', 'escapedSpelling'];

function formatReference(rule: LoadedRule): string {
  const { document, section, url } = rule.reference;
  return `${document} › ${section}${url ? ` (${url})` : ''}`;
}

/** Facts of the run every rule can read (see contextFacts). */
const CONTEXT_FACTS = new Set(Object.keys(contextFacts({ now: new Date(0), target: 'cloud' }, '')));

/** `$.name` or `$.a.b`: the only paths the built-in rules use. */
const SIMPLE_PATH = /^\$(\.[A-Za-z_$][\w$]*)+$/;

/** Every `path` in a rule's conditions, overrides and data. */
function pathsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(pathsOf);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  return [...(typeof record['path'] === 'string' ? [record['path']] : []), ...Object.values(record).flatMap(pathsOf)];
}

/**
 * Resolves a simple path by property lookups. json-rules-engine's default runs JSONPath, which
 * parses the path on every read; used only when every path of the rule set is simple.
 */
function resolveSimplePath(value: object, path: string): unknown {
  let current: unknown = value;
  for (const name of path.slice(2).split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, name)) return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}

/** What a gate reads: the item, its file and the run, as the engine would see them. */
interface GateInput {
  parsed: ParsedFile;
  item: FactItem;
  ctx: Record<string, unknown>;
  queryContext: QueryContext;
  /** Query answers for this item, by query and params: an item's rules ask the same ones. */
  answers: Map<string, unknown>;
}

/**
 * A rule's conditions judged before the engine runs, to skip rules that cannot fire. Conditions on
 * plain facts (the item's own or the run's), on rule options, and on the queries a source lets
 * gates ask (lookups, remembered work) are judged with the engine's own operators on the values the
 * engine would see; anything else is unknown. all/any/not combine in three-valued logic, and a rule
 * is skipped only when its conditions are false for certain, so a gate can never hide a finding.
 */
type Gate = (input: GateInput) => boolean | undefined;

const UNKNOWN: Gate = () => undefined;

interface ScopeRules {
  rules: ActiveRule[];
  gates: Map<string, Gate>;
}

interface Operators {
  get(name: string): { evaluate(factValue: unknown, jsonValue: unknown): boolean } | null;
}

/**
 * Evaluates the rule set over parsed files with json-rules-engine. Before an item meets the engine,
 * each rule's gate (see Gate) drops the rules that cannot fire; the engine then runs only the rest,
 * one Engine per set of rules, built once and reused. Most items meet no engine at all. Overrides
 * are evaluated only for rules that fired.
 */
export class RuleRunner {
  private readonly scopes = new Map<string, ScopeRules>();
  private readonly engines = new Map<string, Engine>();
  private readonly byId: Map<string, ActiveRule>;
  private readonly operators: Operators;
  private readonly simplePaths: boolean;
  private readonly kindAnswers = new Map<string, unknown>();

  constructor(
    private readonly rules: readonly ActiveRule[],
    private readonly sources: readonly SourceDescriptor[],
  ) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
    this.simplePaths = rules.every((r) => pathsOf([r.conditions, r.overrides, r.data]).every((p) => SIMPLE_PATH.test(p)));
    this.operators = (this.newEngine([]) as unknown as { operators: Operators }).operators;
  }

  private scopeRules(kind: string, scope: string): ScopeRules {
    const key = `${kind}\u0000${scope}`;
    let found = this.scopes.get(key);
    if (!found) {
      const source = this.sources.find((s) => s.kind === kind);
      const plain = new Set<string>(scope === FILE_SYSTEM_SCOPE ? FILE_SYSTEM_FACTS : (source?.factNames[scope] ?? []));
      const rules = this.rules.filter((r) => kindsOf(r).includes(kind) && r.scope === scope);
      const gates = new Map<string, Gate>();
      const askable = new Set(scope === FILE_SYSTEM_SCOPE ? [] : (source?.gateQueries ?? []));
      const isPlain = (fact: string) => plain.has(fact) || CONTEXT_FACTS.has(fact);
      // As the engine sees them: an item's fact wins over a run fact of the same name.
      const plainReader = (fact: string): ((input: GateInput) => unknown) =>
        !CONTEXT_FACTS.has(fact)
          ? ({ item }) => item.facts[fact]
          : ({ item, ctx }) => {
              const value = item.facts[fact];
              return value !== undefined ? value : ctx[fact];
            };
      /**
       * How a gate reads a fact as the engine would: a plain fact, a rule option (fixed for the run),
       * or a query the source lets gates ask (answers shared by the item's rules); undefined when
       * only the engine can.
       */
      const reader = (fact: string, params: Record<string, unknown> | undefined, path: string | undefined): ((input: GateInput) => unknown) | undefined => {
        if (fact === OPTION_FACT && path === undefined) {
          const option = this.optionValue(params);
          return () => option;
        }
        if (askable.has(fact)) {
          if (path !== undefined && !(this.simplePaths && SIMPLE_PATH.test(path))) return undefined;
          const queryParams = params ?? {};
          const question = `${fact}\u0000${JSON.stringify(queryParams)}`;
          return ({ parsed, item, queryContext, answers }) => {
            let result = answers.get(question);
            if (result === undefined && !answers.has(question)) {
              result = parsed.queries[fact]?.(queryParams, item, queryContext);
              answers.set(question, result);
            }
            // As the engine does: a path applies to objects only; other values pass through.
            return path !== undefined && result !== null && typeof result === 'object' ? resolveSimplePath(result, path) : result;
          };
        }
        if (isPlain(fact) && params === undefined && path === undefined) return plainReader(fact);
        return undefined;
      };
      const compile = (node: unknown): Gate => {
        const c = node as Record<string, unknown>;
        if (Array.isArray(c['all']) || Array.isArray(c['any'])) {
          const isAll = Array.isArray(c['all']);
          const children = ((isAll ? c['all'] : c['any']) as unknown[]).map(compile);
          return (input) => {
            let unknown = false;
            for (const child of children) {
              const verdict = child(input);
              if (verdict === undefined) unknown = true;
              else if (verdict !== isAll) return verdict;
            }
            return unknown ? undefined : isAll;
          };
        }
        if (c['not'] !== undefined) {
          const child = compile(c['not']);
          return (input) => {
            const verdict = child(input);
            return verdict === undefined ? undefined : !verdict;
          };
        }
        const { fact, operator, value, params, path } = c as Partial<FactCondition>;
        const op = typeof operator === 'string' ? this.operators.get(operator) : null;
        if (typeof fact !== 'string' || !op) return UNKNOWN;
        const actual = reader(fact, params as Record<string, unknown> | undefined, path);
        // The value: a constant, or a fact named in it (read the same way).
        const ref = typeof value === 'object' && value !== null && 'fact' in value ? (value as { fact: unknown; params?: Record<string, unknown>; path?: string }) : undefined;
        const expected = ref ? (typeof ref.fact === 'string' ? reader(ref.fact, ref.params, ref.path) : undefined) : () => value;
        if (!actual || !expected) return UNKNOWN;
        return (input) => op.evaluate(actual(input), expected(input));
      };
      for (const rule of rules) gates.set(rule.id, compile(rule.conditions));
      found = { rules, gates };
      this.scopes.set(key, found);
    }
    return found;
  }

  private newEngine(rules: readonly { name: string; conditions: TopLevelCondition }[], source?: SourceDescriptor): Engine {
    const engine = new Engine([], { allowUndefinedFacts: true, ...(this.simplePaths ? { pathResolver: resolveSimplePath } : {}) });
    for (const op of CUSTOM_OPERATORS) engine.addOperator(op.name, op.evaluate);
    engine.addFact(
      OPTION_FACT,
      (params: Record<string, unknown> | undefined) => this.optionValue(params),
      // A lookup: hashing its params for json-rules-engine's cache costs more than the lookup.
      { priority: CHEAP, cache: false },
    );
    for (const name of source?.queryNames ?? []) {
      engine.addFact(
        name,
        async (params: Record<string, unknown> | undefined, almanac: Almanac) => {
          const parsed = (await almanac.factValue('$file')) as ParsedFile;
          const item = (await almanac.factValue('$item')) as FactItem;
          const context = (await almanac.factValue('$context')) as QueryContext;
          return parsed.queries[name]?.(params ?? {}, item, context);
        },
        // Queries (chains, key pairing, scans over the file) run last: json-rules-engine skips a
        // lower-priority condition once a higher-priority one of the same `all` has failed.
        { priority: COSTLY },
      );
    }
    for (const rule of rules) engine.addRule(new Rule({ name: rule.name, conditions: rule.conditions, event: { type: rule.name } }));
    return engine;
  }

  /** The engine for exactly these rules (or one rule's overrides), built on first use. */
  private engineFor(kind: string, key: string, rules: () => readonly { name: string; conditions: TopLevelCondition }[]): Engine {
    let engine = this.engines.get(`${kind}\u0000${key}`);
    if (!engine) {
      engine = this.newEngine(rules(), this.sources.find((s) => s.kind === kind));
      this.engines.set(`${kind}\u0000${key}`, engine);
    }
    return engine;
  }

  /** The `option` fact: a rule's option, as configured or by default. */
  private optionValue(params: Record<string, unknown> | undefined): unknown {
    return this.byId.get(String(params?.['rule']))?.effectiveOptions[String(params?.['name'])];
  }

  /** Whether a rule goes to the engine: unless its gate says its conditions are false for certain. */
  private passesGate(gate: Gate | undefined, input: GateInput): boolean {
    return gate?.(input) !== false;
  }

  async check(parsed: ParsedFile, file: string, queryContext: QueryContext): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    const ctx = contextFacts(queryContext.run, file);
    // Made for the first item that meets the engine; most files have none.
    let ctxFacts: Fact[] | undefined;
    for (const item of parsed.items) {
      const { rules, gates } = this.scopeRules(parsed.kind, item.scope);
      const input: GateInput = { parsed, item, ctx, queryContext, answers: new Map() };
      const candidates = rules.filter((rule) => this.passesGate(gates.get(rule.id), input));
      if (candidates.length === 0) continue;
      const ids = candidates.map((r) => r.id);
      const engine = this.engineFor(parsed.kind, ids.join(','), () => candidates.map((r) => ({ name: r.id, conditions: r.conditions })));
      const facts: Record<string, unknown> = { $file: constantFact('$file', parsed), $item: constantFact('$item', item), $context: constantFact('$context', queryContext) };
      ctxFacts ??= Object.entries(ctx)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => constantFact(name, value));
      for (const fact of ctxFacts) facts[fact.id] = fact;
      for (const [name, value] of Object.entries(item.facts)) {
        if (value !== undefined) facts[name] = constantFact(name, value);
      }
      const { events, almanac } = await engine.run(facts);
      for (const event of events) {
        const rule = this.byId.get(event.type);
        if (!rule) continue;
        const override = rule.overrides?.length ? await this.firstOverride(parsed.kind, rule, facts) : undefined;
        diagnostics.push(await this.toDiagnostic(rule, override, item, parsed, file, ctx, almanac));
      }
    }
    return diagnostics;
  }

  /** The first override of a fired rule whose conditions hold for the same facts. */
  private async firstOverride(kind: string, rule: ActiveRule, facts: Record<string, unknown>): Promise<Override | undefined> {
    const overrides = rule.overrides ?? [];
    const engine = this.engineFor(kind, `${rule.id}${OVERRIDE_SEPARATOR}`, () =>
      overrides.map((o, i) => ({ name: `${rule.id}${OVERRIDE_SEPARATOR}${i}`, conditions: o.conditions })),
    );
    const { events } = await engine.run(facts);
    const fired = new Set(events.map((e) => e.type));
    return overrides.find((_, i) => fired.has(`${rule.id}${OVERRIDE_SEPARATOR}${i}`));
  }

  /** Every params object the rules of a kind pass to that kind's queries (a log source scans for them in one pass). */
  queryParams(kind: string): readonly Record<string, unknown>[] {
    return this.perKind(`params\u0000${kind}`, () => {
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
      for (const rule of this.rules) if (kindsOf(rule).includes(kind)) visit([rule.conditions, rule.data, rule.overrides]);
      return found;
    });
  }

  /** Whether a rule of this kind reads the clock (`now`): such results must not be cached. */
  readsClock(kind: string): boolean {
    return this.perKind(`clock\u0000${kind}`, () =>
      this.rules.some((r) => kindsOf(r).includes(kind) && JSON.stringify([r.conditions, r.overrides, r.data]).includes('"now"')),
    );
  }

  /** Answers that depend only on the rule set and a kind, worked out once (they were asked per file). */
  private perKind<T>(key: string, work: () => T): T {
    if (!this.kindAnswers.has(key)) this.kindAnswers.set(key, work());
    return this.kindAnswers.get(key) as T;
  }

  /** The rules of this run (not turned off), for formats that list them. */
  get activeRules(): readonly ActiveRule[] {
    return this.rules;
  }

  private async toDiagnostic(
    rule: ActiveRule,
    override: Override | undefined,
    item: FactItem,
    parsed: ParsedFile,
    file: string,
    ctx: Record<string, unknown>,
    almanac: Almanac,
  ): Promise<Diagnostic> {
    const data: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(rule.data ?? {})) {
      data[name] = await almanac.factValue(ref.fact, ref.params ?? {}, ref.path ?? '');
    }
    const itemFacts = { ...item.facts };
    if (itemFacts['secret'] === true) for (const name of VALUE_FACTS) if (name in itemFacts) itemFacts[name] = REDACTED;
    const message = renderMessage(override?.message ?? rule.message, [data, itemFacts, ctx], showRedacted(parsed.secrets));
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
