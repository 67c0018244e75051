import { LintMessage, lintSnippets, Snippet } from '../../helpers/lint-snippets';

// eslint.config.mjs makes constructs and the app layer report errors one way: ConstructValidationError
// (or PropsValidationError), never a bare Error. ESLint runs as `npm run lint` does, with the
// project's config, on a snippet given the path of a file it would lint.

const BARE_ERRORS: readonly Snippet[] = [
  {
    filePath: 'lib/constructs/example.ts',
    source: "export function check(): void {\n  throw new Error('bad');\n}\n",
  },
  { filePath: 'lib/app/example.ts', source: "export function check(): void {\n  throw Error('bad');\n}\n" },
];
const CONSTRUCT_ERROR: Snippet = {
  filePath: 'lib/constructs/example.ts',
  source: [
    "import { ConstructValidationError } from './validation';",
    "export function check(): void {\n  throw new ConstructValidationError('bad');\n}",
    '',
  ].join('\n'),
};

let messages: Map<Snippet, LintMessage[]>;
beforeAll(() => {
  const snippets = [...BARE_ERRORS, CONSTRUCT_ERROR];
  const linted = lintSnippets(snippets);
  messages = new Map(snippets.map((snippet, i) => [snippet, linted[i]]));
});

const restricted = (snippet: Snippet) =>
  messages
    .get(snippet)!
    .filter((m) => m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);

test.each(BARE_ERRORS.map((snippet) => [snippet.filePath, snippet] as const))(
  'flags a bare Error thrown in %s, pointing to ConstructValidationError',
  (_file, snippet) => {
    const found = restricted(snippet);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('ConstructValidationError');
  },
);

test('accepts ConstructValidationError in construct code', () => {
  expect(messages.get(CONSTRUCT_ERROR)).toEqual([]);
});
