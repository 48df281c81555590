// Nest 12 packages are ESM-only, and Jest loads ESM only in its native ESM mode (node's
// --experimental-vm-modules, set by the npm scripts): specs are compiled to ESM, the server build stays CommonJS.
const moduleNameMapper = {
  '^@recway/(config|database|common|iri)$': '<rootDir>/libs/$1/src',
  '^@recway/(config|database|common|iri)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper,
  resolver: '<rootDir>/test/support/esm-bridge/resolver.cjs',
  setupFiles: ['<rootDir>/test/support/esm-bridge/register.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', useESM: true }] },
};

module.exports = {
  testTimeout: 60_000,
  testSequencer: '<rootDir>/test/support/sequencer.cjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  collectCoverageFrom: ['{apps,libs}/**/src/**/*.ts', '!**/*.spec.ts', '!**/main.ts', '!**/index.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: { global: { lines: 80 } },
};
