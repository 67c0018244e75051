import tseslint from 'typescript-eslint';

// AGPL-licensed IAM policy simulator the access tests use: a dev dependency that shipped code
// (lib/, bin/, lambda/) must never import, so the published package stays free of it.
const TEST_ONLY_PACKAGES = ['@cloud-copilot/*'];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', 'coverage/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests build deliberately malformed configs and events.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Runtime code must stay deployable without the CDK: keep construct code out of it.
    files: ['lambda/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', '**/lib/**', ...TEST_ONLY_PACKAGES] },
      ],
    },
  },
  {
    // Names and checks both sides agree on, imported by lib/ and lambda/ alike: they import nothing but each other.
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./[^/]+$)', message: 'contract/ imports nothing outside contract/.' }] },
      ],
    },
  },
  {
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/lambda/**', ...TEST_ONLY_PACKAGES] }],
    },
  },
  {
    files: ['bin/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: TEST_ONLY_PACKAGES }],
    },
  },
);
