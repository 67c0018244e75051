import { lintSnippets, Snippet } from '../helpers/lint-snippets';

// The constructs are the package's root entry (`ml-deploy-cdk`): eslint.config.mjs keeps the config layer
// (zod, yaml), the app layer and the ops CLI (commander, the AWS SDK clients) out of lib/constructs, so that
// loading them loads none of it and their declarations name no zod type. ESLint runs as `npm run lint` does,
// with the project's config, on a snippet given the path of a file it would lint.
/** The no-restricted-imports messages of each snippet. */
function restrictedImports(snippets: readonly Snippet[]): string[][] {
  return lintSnippets(snippets).map((messages) =>
    messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message),
  );
}

const importOf = (specifier: string) => `import * as imported from '${specifier}';\nexport { imported };\n`;

const LAYER_IMPORTS: readonly [string, string][] = [
  ['lib/constructs/index.ts', '../config'],
  ['lib/constructs/sagemaker/example.ts', '../../config/schema'],
  ['lib/constructs/sagemaker/example.ts', '../../app/model-stack'],
  ['lib/constructs/private/example.ts', '../../ops/cli'],
];
const PACKAGE_IMPORTS = ['zod', 'yaml', 'commander', 'nanospinner', '@aws-sdk/client-sagemaker'];
const ALLOWED_IN_CONSTRUCTS: Snippet = {
  filePath: 'lib/constructs/sagemaker/example.ts',
  source: [
    "import { Stack } from 'aws-cdk-lib';",
    "import { SAGEMAKER_NAME_PATTERN } from '../../../contract/names';",
    "import { ModelBucket } from '../storage/model-bucket';",
    'export { Stack, SAGEMAKER_NAME_PATTERN, ModelBucket };',
    '',
  ].join('\n'),
};
const LAMBDA_RUNTIME: Snippet = {
  filePath: 'lib/constructs/lambda/example.ts',
  source: importOf('../../../lambda/inference'),
};
const OTHER_LAYERS: readonly Snippet[] = [
  { filePath: 'lib/config/example.ts', source: importOf('zod') },
  { filePath: 'lib/app/example.ts', source: importOf('../config') },
];

const snippets: Snippet[] = [
  ...LAYER_IMPORTS.map(([filePath, specifier]) => ({ filePath, source: importOf(specifier) })),
  ...PACKAGE_IMPORTS.map((specifier) => ({
    filePath: 'lib/constructs/lambda/example.ts',
    source: importOf(specifier),
  })),
  ALLOWED_IN_CONSTRUCTS,
  LAMBDA_RUNTIME,
  ...OTHER_LAYERS,
];
let messages: Map<Snippet, string[]>;

beforeAll(() => {
  const linted = restrictedImports(snippets);
  messages = new Map(snippets.map((snippet, i) => [snippet, linted[i]]));
});

const messagesOf = (filePath: string, source: string) =>
  messages.get(snippets.find((s) => s.filePath === filePath && s.source === source)!)!;

test.each(LAYER_IMPORTS)('flags %s importing %s: constructs take typed props', (file, specifier) => {
  const found = messagesOf(file, importOf(specifier));
  expect(found).toHaveLength(1);
  expect(found[0]).toContain('lib/constructs/ never imports lib/config, lib/app or lib/ops');
});

test.each(PACKAGE_IMPORTS)('flags construct code importing %s, a config or CLI dependency', (specifier) => {
  const found = messagesOf('lib/constructs/lambda/example.ts', importOf(specifier));
  expect(found).toHaveLength(1);
  expect(found[0]).toContain('load no config parser and no CLI dependency');
});

test('still flags construct code importing the Lambda runtime', () => {
  const found = messages.get(LAMBDA_RUNTIME)!;
  expect(found).toHaveLength(1);
  expect(found[0]).toContain('lib/ never imports the Lambda runtime (lambda/).');
});

test('accepts construct code importing aws-cdk-lib, contract/ and other construct folders', () => {
  expect(messages.get(ALLOWED_IN_CONSTRUCTS)).toEqual([]);
});

test('leaves the config layer free to use zod and the app layer free to use the config layer', () => {
  expect(OTHER_LAYERS.map((snippet) => messages.get(snippet))).toEqual([[], []]);
});
