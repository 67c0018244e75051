import tseslint from 'typescript-eslint';

// AGPL-licensed IAM policy simulator the access tests use: a dev dependency that shipped code
// (lib/, bin/, lambda/) must never import, so the published package stays free of it.
const TEST_ONLY_PACKAGES = ['@cloud-copilot/*'];

// Dependencies of the config layer and the ops CLI that the constructs, the package's root entry, never load.
const CONSTRUCTS_FORBIDDEN_PACKAGES = [
  'zod',
  'zod/*',
  'yaml',
  'yaml/*',
  'commander',
  'nanospinner',
  '@aws-sdk/*',
];

/** What no file of lib/ imports, for a file `depth` folders below lib/. */
function libPatterns(depth) {
  return [
    {
      regex: `^(\\.\\./){${depth}}lambda(/|$)`,
      message: 'lib/ never imports the Lambda runtime (lambda/).',
    },
    { group: TEST_ONLY_PACKAGES, message: 'A test-only dependency: shipped code never imports it.' },
  ];
}

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
  // The Lambda runtime (the top-level lambda/ folder) is bundled, never imported by the library. A file n
  // folders below lib/ reaches it as n+1 times '../' then 'lambda/'; lib/constructs/lambda/ is a construct folder.
  ...[1, 2, 3, 4].map((depth) => ({
    files: [`lib/${'*/'.repeat(depth - 1)}*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: libPatterns(depth) }] },
  })),
  // The constructs are the package's root entry: loading them must not load the config layer (zod, yaml), the
  // app layer or the ops CLI (commander, the AWS SDK clients), and their declarations must not name zod types.
  // A file n folders below lib/ reaches lib/config as n-1 times '../' then 'config'.
  ...[2, 3, 4].map((depth) => ({
    files: [`lib/constructs/${'*/'.repeat(depth - 2)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...libPatterns(depth),
            {
              regex: `^(\\.\\./){${depth - 1}}(config|app|ops)(/|$)`,
              message:
                'lib/constructs/ never imports lib/config, lib/app or lib/ops: constructs take typed props.',
            },
            {
              group: CONSTRUCTS_FORBIDDEN_PACKAGES,
              message:
                'The constructs (the package root) load no config parser and no CLI dependency; take typed props instead.',
            },
          ],
        },
      ],
    },
  })),
  {
    // One way to report construct errors: ConstructValidationError carries the construct path, so an app
    // prints one clear line, and PropsValidationError lists every broken prop at once.
    files: ['lib/constructs/**/*.ts', 'lib/app/**/*.ts'],
    // Its errors are environment problems (a package missing from node_modules, esbuild failing), not
    // mistakes in a construct's props: there is no construct to blame. (Its architecture check is a
    // backstop: LambdaInference reports an architecture Lambda does not run as a prop problem first.)
    ignores: ['lib/constructs/private/lambda-bundles.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['NewExpression', 'CallExpression'].map((kind) => ({
          selector: `ThrowStatement > ${kind}[callee.name='Error']`,
          message:
            'Throw ConstructValidationError(message, scope) from lib/constructs/errors/validation.ts, naming the construct and what to change (PropsValidationError for broken props), or an Error subclass named for what went wrong.',
        })),
      ],
    },
  },
  {
    files: ['bin/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: TEST_ONLY_PACKAGES }],
    },
  },
);
