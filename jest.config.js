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
const moduleNameMapper = { '^@thads/([a-z-]+)$': '<rootDir>/packages/$1/src' };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/src/**/*.spec.ts', '<rootDir>/services/*/src/**/*.spec.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
      testTimeout: 120000,
    },
  ],
};
