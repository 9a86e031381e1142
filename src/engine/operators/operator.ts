/** A custom json-rules-engine operator: `factValue` is what the fact resolved to, `value` what the rule wrote. */
export interface CustomOperator {
  name: string;
  evaluate(factValue: unknown, value: unknown): boolean;
}
