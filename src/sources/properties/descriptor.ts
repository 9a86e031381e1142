import type { SourceDescriptor } from '../source';
import { PROPERTY_QUERY_NAMES } from './query-names';

export const propertiesDescriptor: SourceDescriptor = {
  kind: 'properties',
  factNames: {
    property: [
      'key',
      'rawKey',
      'value',
      'rawValue',
      'line',
      'occurrence',
      'occurrences',
      'isEffective',
      'effectiveLine',
      'known',
      'confirmed',
      'valueType',
      'valueProblem',
      'secret',
      'suggestion',
      'suggestions',
      'environmentProperty',
      'dockerVariable',
      'hasTrailingWhitespace',
      'hasMalformedEscape',
    ],
    file: ['propertyCount', 'containsNul', 'encoding', 'parseError'],
  },
  queryNames: PROPERTY_QUERY_NAMES,
  gateQueries: ['property', 'setting', 'url', 'contextPath', 'keysMatching', 'sameValueKeys'],
};
