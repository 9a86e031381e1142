/** The dateBefore and dateAfter operators: ISO dates compared as instants. */
import type { CustomOperator } from './operator';

function time(value: unknown): number {
  return typeof value === 'string' || value instanceof Date ? new Date(value).getTime() : Number.NaN;
}

/** `{"fact": "notAfter", "operator": "dateBefore", "value": {"fact": "now"}}`: ISO dates compared in time. */
export const dateBefore: CustomOperator = {
  name: 'dateBefore',
  evaluate: (factValue, value) => time(factValue) < time(value),
};

export const dateAfter: CustomOperator = {
  name: 'dateAfter',
  evaluate: (factValue, value) => time(factValue) > time(value),
};
