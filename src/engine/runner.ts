/**
 * Judges a file's facts with the rule set on json-rules-engine. Before an item meets the engine, each
 * rule's gate (gates.ts) drops the rules that cannot fire; the engine then runs only the rest, one
 * Engine per set of rules, built once and reused. Most items meet no engine at all. Overrides are
 * evaluated only for rules that fired.
 */
import { Engine, Fact, Rule, type Almanac } from 'json-rules-engine';
import type { Diagnostic } from '../model/diagnostic';
import { contextFacts } from '../model/run';
import type { FactItem, FileFacts, QueryContext, SourceDescriptor } from '../sources/source';
import { factUses } from './conditions';
import { compileGate, type FactReader, type Gate, type GateInput } from './gates';
import { OPTION_FACT } from './load-rules';
import { CUSTOM_OPERATORS } from './operators';
import { renderDiagnostic, type Override } from './render';
import { FILE_SYSTEM_FACTS, FILE_SYSTEM_SCOPE, kindsOf } from './rule-kinds';
import type { TopLevelCondition } from './rule-schema';
import type { ActiveRule } from './rule-settings';
import { memo } from '../util/memo';

const OVERRIDE_SEPARATOR = '#override-';

/** Fact priorities: plain facts are looked at before queries, so a failed cheap check saves the query. */
const CHEAP = 10;
const COSTLY = 1;

/**
 * A fact known before the run. Not cached: json-rules-engine never reads a constant from its cache,
 * but would hash the value (the whole file's facts, for $file) to store it there, a third of the
 * engine's time in a bulk run.
 */
function constantFact(name: string, value: unknown): Fact {
  return new Fact(name, value as never, { priority: CHEAP, cache: false });
}

/** Facts of the run every rule can read (see contextFacts). */
const CONTEXT_FACTS = new Set(Object.keys(contextFacts({ now: new Date(0), target: 'cloud' }, '')));

/** `$.name` or `$.a.b`: the only paths the built-in rules use. */
const SIMPLE_PATH = /^\$(\.[A-Za-z_$][\w$]*)+$/;

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

interface ScopeRules {
  rules: ActiveRule[];
  gates: Map<string, Gate>;
}

/** How a file is judged. */
export interface JudgeSettings {
  /** Let gates skip rules that cannot fire (default true); false sends every rule to the engine. */
  gates?: boolean;
}

export class RuleRunner {
  private readonly scopes = new Map<string, ScopeRules>();
  private readonly engines = new Map<string, Engine>();
  private readonly byId: Map<string, ActiveRule>;
  private readonly simplePaths: boolean;
  private readonly kindAnswers = new Map<string, unknown>();

  constructor(
    private readonly rules: readonly ActiveRule[],
    private readonly sources: readonly SourceDescriptor[],
  ) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
    this.simplePaths = rules.every((r) => [...factUses(r)].every((u) => u.path === undefined || SIMPLE_PATH.test(u.path)));
  }

  private source(kind: string): SourceDescriptor | undefined {
    return this.sources.find((s) => s.kind === kind);
  }

  /** How a gate reads a fact as the engine would: a plain fact, a rule option, or a query the source lets gates ask. */
  private readerFor(kind: string, scope: string): FactReader {
    const source = this.source(kind);
    const plain = new Set<string>(scope === FILE_SYSTEM_SCOPE ? FILE_SYSTEM_FACTS : (source?.factNames[scope] ?? []));
    const askable = new Set(scope === FILE_SYSTEM_SCOPE ? [] : (source?.gateQueries ?? []));
    return (fact, params, path) => {
      if (fact === OPTION_FACT && path === undefined) {
        const option = this.optionValue(params);
        return () => option;
      }
      if (askable.has(fact)) {
        if (path !== undefined && !(this.simplePaths && SIMPLE_PATH.test(path))) return undefined;
        const queryParams = params ?? {};
        const question = `${fact}\u0000${JSON.stringify(queryParams)}`;
        return ({ facts, item, queryContext, answers }: GateInput) => {
          // Per gate evaluation (hot): a plain lookup, without memo's closure.
          let result = answers.get(question);
          if (result === undefined && !answers.has(question)) {
            result = facts.queries[fact]?.(queryParams, item, queryContext);
            answers.set(question, result);
          }
          // As the engine does: a path applies to objects only; other values pass through.
          return path !== undefined && result !== null && typeof result === 'object' ? resolveSimplePath(result, path) : result;
        };
      }
      if (!(plain.has(fact) || CONTEXT_FACTS.has(fact)) || params !== undefined || path !== undefined) return undefined;
      // As the engine sees them: an item's fact wins over a run fact of the same name.
      if (!CONTEXT_FACTS.has(fact)) return ({ item }: GateInput) => item.facts[fact];
      return ({ item, runFacts }: GateInput) => {
        const value = item.facts[fact];
        return value !== undefined ? value : runFacts[fact];
      };
    };
  }

  private scopeRules(kind: string, scope: string): ScopeRules {
    // Asked for every item of every file: a plain lookup, without memo's closure.
    const key = `${kind}\u0000${scope}`;
    const known = this.scopes.get(key);
    if (known) return known;
    const rules = this.rules.filter((r) => kindsOf(r).includes(kind) && r.scope === scope);
    const reader = this.readerFor(kind, scope);
    const made = { rules, gates: new Map(rules.map((rule) => [rule.id, compileGate(rule.conditions, reader)])) };
    this.scopes.set(key, made);
    return made;
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
          const facts = (await almanac.factValue('$file')) as FileFacts;
          const item = (await almanac.factValue('$item')) as FactItem;
          const context = (await almanac.factValue('$context')) as QueryContext;
          return facts.queries[name]?.(params ?? {}, item, context);
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
    return memo(this.engines, `${kind}\u0000${key}`, () => this.newEngine(rules(), this.source(kind)));
  }

  /** The `option` fact: a rule's option, as configured or by default. */
  private optionValue(params: Record<string, unknown> | undefined): unknown {
    return this.byId.get(String(params?.['rule']))?.effectiveOptions[String(params?.['name'])];
  }

  /** The findings of one file's facts, in the run described by `queryContext`. */
  async judge(facts: FileFacts, file: string, queryContext: QueryContext, settings: JudgeSettings = {}): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    const runFacts = contextFacts(queryContext.run, file);
    const useGates = settings.gates !== false;
    // Made for the first item that meets the engine; most files have none.
    let runFactList: Fact[] | undefined;
    for (const item of facts.items) {
      const { rules, gates } = this.scopeRules(facts.kind, item.scope);
      const input: GateInput = { facts, item, runFacts, queryContext, answers: new Map() };
      const candidates = useGates ? rules.filter((rule) => gates.get(rule.id)?.(input) !== false) : rules;
      if (candidates.length === 0) continue;
      const engine = this.engineFor(facts.kind, candidates.map((r) => r.id).join(','), () =>
        candidates.map((r) => ({ name: r.id, conditions: r.conditions })),
      );
      const engineFacts: Record<string, unknown> = {
        $file: constantFact('$file', facts),
        $item: constantFact('$item', item),
        $context: constantFact('$context', queryContext),
      };
      runFactList ??= Object.entries(runFacts)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => constantFact(name, value));
      for (const fact of runFactList) engineFacts[fact.id] = fact;
      for (const [name, value] of Object.entries(item.facts)) {
        if (value !== undefined) engineFacts[name] = constantFact(name, value);
      }
      const { events, almanac } = await engine.run(engineFacts);
      for (const event of events) {
        const rule = this.byId.get(event.type);
        if (!rule) continue;
        const override = rule.overrides?.length ? await this.firstOverride(facts.kind, rule, engineFacts) : undefined;
        diagnostics.push(await renderDiagnostic({ rule, override, item, facts, file, runFacts }, almanac, this.source(facts.kind)));
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
    return memo(this.kindAnswers, `params\u0000${kind}`, () => {
      const queries = new Set(this.source(kind)?.queryNames ?? []);
      return this.rules
        .filter((rule) => kindsOf(rule).includes(kind))
        .flatMap((rule) => [...factUses(rule)])
        .flatMap((use) => (queries.has(use.fact) && use.params ? [use.params] : []));
    }) as readonly Record<string, unknown>[];
  }

  /** Whether a rule of this kind reads the clock (`now`): such results must not be cached. */
  readsClock(kind: string): boolean {
    return memo(this.kindAnswers, `clock\u0000${kind}`, () =>
      this.rules.some((r) => kindsOf(r).includes(kind) && [...factUses(r)].some((u) => u.fact === 'now')),
    ) as boolean;
  }

  /** The rules of this run (not turned off), for formats that list them. */
  get activeRules(): readonly ActiveRule[] {
    return this.rules;
  }
}
