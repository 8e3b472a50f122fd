/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, plus fixtures built once per worker (the engine).
  testEnvironment: '<rootDir>/test/workerEnvironment.js',
  // jest's default leaves a core to its parent process, which only reports: on a 2-core
  // machine that would run the files one at a time.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 20000,
};
