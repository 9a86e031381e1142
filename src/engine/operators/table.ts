/**
 * Every operator a rule can name (json-rules-engine's own, its decorators such as `not:` and ours),
 * built from the library's public Operator and OperatorDecorator classes with its documented
 * semantics, so the gates judge a condition exactly as the engine will.
 */
import { Operator, OperatorDecorator } from 'json-rules-engine';
import { CUSTOM_OPERATORS } from './index';

export interface Evaluator {
  evaluate(factValue: unknown, value: unknown): boolean;
}

const numeric = (value: unknown) => Number.parseFloat(value as string).toString() !== 'NaN';
const list = (value: unknown): value is unknown[] => Array.isArray(value);
const indexIn = (a: unknown, b: unknown) => (a as { indexOf(x: unknown): number }).indexOf(b);

const OPERATORS: Operator[] = [
  new Operator('equal', (a, b) => a === b),
  new Operator('notEqual', (a, b) => a !== b),
  new Operator('in', (a, b) => indexIn(b, a) > -1),
  new Operator('notIn', (a, b) => indexIn(b, a) === -1),
  new Operator('contains', (a, b) => indexIn(a, b) > -1, list),
  new Operator('doesNotContain', (a, b) => indexIn(a, b) === -1, list),
  new Operator('lessThan', (a, b) => (a as number) < (b as number), numeric),
  new Operator('lessThanInclusive', (a, b) => (a as number) <= (b as number), numeric),
  new Operator('greaterThan', (a, b) => (a as number) > (b as number), numeric),
  new Operator('greaterThanInclusive', (a, b) => (a as number) >= (b as number), numeric),
  ...CUSTOM_OPERATORS.map((o) => new Operator(o.name, o.evaluate)),
];

type Next = (a: unknown, b: unknown) => boolean;
const DECORATORS: OperatorDecorator[] = [
  new OperatorDecorator('someFact', (a: unknown, b: unknown, next: Next) => (a as unknown[]).some((x) => next(x, b)), list),
  new OperatorDecorator('someValue', (a: unknown, b: unknown, next: Next) => (b as unknown[]).some((y) => next(a, y))),
  new OperatorDecorator('everyFact', (a: unknown, b: unknown, next: Next) => (a as unknown[]).every((x) => next(x, b)), list),
  new OperatorDecorator('everyValue', (a: unknown, b: unknown, next: Next) => (b as unknown[]).every((y) => next(a, y))),
  new OperatorDecorator('swap', (a: unknown, b: unknown, next: Next) => next(b, a)),
  new OperatorDecorator('not', (a: unknown, b: unknown, next: Next) => !next(a, b)),
];

type Decorate = { decorate(operator: Operator): Operator };

const built = new Map<string, Evaluator>(OPERATORS.map((o) => [o.name, o as unknown as Evaluator]));
const decorators = new Map(DECORATORS.map((d) => [d.name, d as unknown as Decorate]));

/** The operator a condition names, its decorators applied (`not:matches`), or undefined when unknown. */
export function operatorFor(name: string): Evaluator | undefined {
  const known = built.get(name);
  if (known) return known;
  const colon = name.indexOf(':');
  const decorator = colon > 0 ? decorators.get(name.slice(0, colon)) : undefined;
  const inner = decorator ? operatorFor(name.slice(colon + 1)) : undefined;
  if (!decorator || !inner) return undefined;
  const operator = decorator.decorate(inner as unknown as Operator) as unknown as Evaluator;
  built.set(name, operator);
  return operator;
}
