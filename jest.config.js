/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // @microsoft/app-manifest require()s strip-bom, an ES module jest cannot load (see the file).
  moduleNameMapper: { '^strip-bom$': '<rootDir>/test/fixtures/stripBom.js' },
  testTimeout: 20000,
};
