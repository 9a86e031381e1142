/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // The CLI tests spawn the built bin; keep jest itself off dist/.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // Slow end-to-end runs of real tools (pre-commit installing the hook) run apart: npm run test:e2e.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
};
