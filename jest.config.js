/** Two tiers: `unit` (pure logic, no I/O, next to the code) and `integration` (real Kafka, FerretDB, Redis). */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
// Workspace packages from their sources (no build needed to test); a subpath entry such as
// '@thads/contracts/testing' maps to the folder of the same name.
const moduleNameMapper = {
  '^@thads/([a-z-]+)$': '<rootDir>/packages/$1/src',
  '^@thads/([a-z-]+)/([a-z-]+)$': '<rootDir>/packages/$1/src/$2',
};

module.exports = {
  // Integration specs wait on real Kafka consumer groups; unit specs finish far inside this.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testMatch: [
        '<rootDir>/packages/*/src/**/*.spec.ts',
        '<rootDir>/services/*/src/**/*.spec.ts',
        '<rootDir>/services/*/client/src/**/*.spec.ts',
      ],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
      setupFilesAfterEnv: ['<rootDir>/test/support/fast-check-seed.js'],
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
    },
  ],
};
