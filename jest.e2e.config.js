/** End-to-end tests with real outside tools (slow): `npm run test:e2e`; .ci/run runs them after `npm test`. */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/test/e2e'], testPathIgnorePatterns: ['/node_modules/'] };
