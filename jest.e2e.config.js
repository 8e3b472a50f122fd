/**
 * Browser end-to-end tests (npm run test:e2e): the real server on port 0 and the page
 * in Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) driven by playwright-core.
 * One browser at a time: the machine has two cores and the tests share nothing.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  maxWorkers: 1,
  // Generous: a cold Chromium and the 3.9 MB Web Chat bundle on a slow CI machine.
  testTimeout: 120000,
};
