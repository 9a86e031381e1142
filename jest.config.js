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
};
