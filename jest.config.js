/** Three projects: fast node tests, panel component tests in jsdom, browser end-to-end tests. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
module.exports = {
  // Two files at a time: most tests wait on ffmpeg, Chromium or servers, so on 2 cores this halves
  // the wall time (jest's default would be one worker there); every wait is on a condition.
  maxWorkers: 2,
  // With two files at a time the machine is loaded: a test waiting on a real server or ffmpeg gets
  // 30 s (its own bounded waits say what it waited for) instead of jest's 5 s.
  testTimeout: 30_000,
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
