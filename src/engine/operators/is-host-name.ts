/** The isHostName operator: whether a value is a host name (not a URL, not host:port). */
import { isHostName as check } from '../../knowledge/host-name';
import type { CustomOperator } from './operator';

/**
 * `{"operator": "isHostName", "value": true}`: a bare DNS name or IP literal, with no scheme, port,
 * path or inner blanks. Surrounding whitespace is ignored: the trailing-whitespace rule reports it.
 */
export const isHostName: CustomOperator = {
  name: 'isHostName',
  evaluate: (factValue, value) => typeof factValue === 'string' && check(factValue.trim()) === (value === true),
};
