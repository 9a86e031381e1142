/** What rules may ask of a properties file: its facts by scope, its queries and its secret facts, without loading the parser. */
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
      'displayValue',
      'nonAscii',
      'escapedSpelling',
      'familyMember',
      'hasSeparator',
      'bomInKey',
      'keyAfterBom',
      'keyAfterBomKnown',
      'licenceFragment',
      'placeholder',
      'deferred',
      'templateSyntax',
      'continuedByFragments',
    ],
    file: ['propertyCount', 'unreadFromLine', 'containsNul', 'encoding', 'hadBom', 'declaresMirror', 'licenceFragmentCount', 'licenceFragmentLines', 'templateLineCount', 'templateLines', 'parseError'],
  },
  queryNames: PROPERTY_QUERY_NAMES,
  gateQueries: ['property', 'setting', 'url', 'selfUrl', 'contextPath', 'keysMatching', 'sameValueKeys', 'nearest', 'deferredValue'],
  // A secret property's value, in every spelling a message could show it.
  secretFacts: { when: 'secret', facts: ['value', 'rawValue', 'displayValue', 'escapedSpelling'] },
};
