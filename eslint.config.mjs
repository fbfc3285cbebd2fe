// Strict, type-aware linting; `npm test` runs it with zero warnings allowed.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-client/**',
      '**/node_modules/**',
      '.local/**',
      '**/*.js',
      '**/*.mjs',
      'services/console/client/src/api/generated/**',
    ],
  },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // With noUncheckedIndexedAccess, `list[i]!` after a bounds check is how an index is read here.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `() => void promise` and arrow bodies returning a call read better than braces everywhere.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Nest modules are classes with decorators and no members by design.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // Nest declares its option bags as classes; passing an object literal is its documented use.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // TypeBox helpers keep literal types through a type parameter used once.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Tests clean up in afterAll whatever beforeAll got to set up, and build bad inputs on purpose.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
    },
  },
);
