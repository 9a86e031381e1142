/**
 * Gates: a rule's conditions judged before the engine runs, to skip rules that cannot fire. Conditions
 * on plain facts (the item's own or the run's), on rule options, and on the queries a source lets
 * gates ask are judged with the engine's own operators on the values the engine would see; anything
 * else is unknown. all/any/not combine in three-valued logic, and a rule is skipped only when its
 * conditions are false for certain, so a gate can never hide a finding.
 */
import type { FactItem, FileFacts, QueryContext } from '../sources/source';
import { valueReference } from './conditions';
import { operatorFor } from './operators/table';
import type { Condition } from './rule-schema';

/** What a gate reads: the item, its file and the run, as the engine would see them. */
export interface GateInput {
  facts: FileFacts;
  item: FactItem;
  runFacts: Record<string, unknown>;
  queryContext: QueryContext;
  /** Query answers for this item, by query and params: an item's rules ask the same ones. */
  answers: Map<string, unknown>;
}

/** true or false when certain, undefined when only the engine can tell. */
export type Gate = (input: GateInput) => boolean | undefined;

/** How a gate reads one fact as the engine would, or undefined when it cannot. */
export type FactReader = (
  fact: string,
  params: Record<string, unknown> | undefined,
  path: string | undefined,
) => ((input: GateInput) => unknown) | undefined;

const UNKNOWN: Gate = () => undefined;

/** The gate of a condition tree, reading facts through `reader`. */
export function compileGate(condition: Condition, reader: FactReader): Gate {
  if ('all' in condition || 'any' in condition) {
    const isAll = 'all' in condition;
    const children = (isAll ? condition.all : condition.any).map((c) => compileGate(c, reader));
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
  if ('not' in condition) {
    const child = compileGate(condition.not, reader);
    return (input) => {
      const verdict = child(input);
      return verdict === undefined ? undefined : !verdict;
    };
  }
  const operator = operatorFor(condition.operator);
  if (!operator) return UNKNOWN;
  const actual = reader(condition.fact, condition.params, condition.path);
  // The value: a constant, or a fact named in it (read the same way).
  const ref = valueReference(condition);
  const expected = ref ? reader(ref.fact, ref.params, ref.path) : () => condition.value;
  if (!actual || !expected) return UNKNOWN;
  return (input) => operator.evaluate(actual(input), expected(input));
}
