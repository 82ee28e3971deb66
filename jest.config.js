/** Three projects: fast node tests, panel component tests in jsdom, browser end-to-end tests. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
module.exports = {
  globalSetup: '<rootDir>/test-support/globalSetup.js',
  globalTeardown: '<rootDir>/test-support/globalTeardown.js',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.tsx?$': tsJest },
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.test\\.ts$'],
    },
    {
      displayName: 'ui',
      testEnvironment: 'jsdom',
      transform: { '^.+\\.tsx?$': tsJest },
      testMatch: ['<rootDir>/src/**/*.test.tsx'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.tsx?$': tsJest },
      testMatch: ['<rootDir>/src/**/*.e2e.test.ts'],
    },
  ],
};
