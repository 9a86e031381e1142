/** The operator registry: our custom operators, and the names of json-rules-engine's own for checking rule files. */
import { dateAfter, dateBefore } from './dates';
import { isHostName } from './is-host-name';
import { matches } from './matches';
import type { CustomOperator } from './operator';
import { present } from './present';
import { versionLessThan } from './version-less-than';

export type { CustomOperator } from './operator';

export const CUSTOM_OPERATORS: readonly CustomOperator[] = [matches, present, isHostName, dateBefore, dateAfter, versionLessThan];

/** json-rules-engine's own operators and decorators, for checking rule files at load. */
export const BUILT_IN_OPERATORS: readonly string[] = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
];
export const OPERATOR_DECORATORS: readonly string[] = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'];
