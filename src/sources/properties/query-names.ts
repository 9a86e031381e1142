/** The queries the properties source answers (rule files are checked against these names). */
export const PROPERTY_QUERY_NAMES = [
  'property',
  'setting',
  'url',
  'selfUrl',
  'contextPath',
  'keysMatching',
  'sameValueKeys',
  'nearest',
  'deferredValue',
] as const;
