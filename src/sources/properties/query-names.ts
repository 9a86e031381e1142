export const PROPERTY_QUERY_NAMES = ['property', 'setting', 'url', 'contextPath', 'keysMatching', 'sameValueKeys'] as const;
