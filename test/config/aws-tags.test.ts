import { stackTagCountProblems, tagKeyProblem, tagValueProblem } from '../../lib/config/aws-tags';

describe('tag keys and values AWS accepts', () => {
  test.each([
    'team',
    'cost-center',
    'cost center',
    'app:component',
    'owner@example.com',
    'a/b=c+d_e.f',
    'équipe',
    'チーム',
    'x'.repeat(128),
  ])('%s', (text) => {
    expect(tagKeyProblem(text)).toBeUndefined();
    expect(tagValueProblem(text)).toBeUndefined();
  });

  test('lengths count Unicode characters, not UTF-16 units', () => {
    expect(tagKeyProblem('𝔸'.repeat(128))).toBeUndefined();
    expect(tagValueProblem('𝔸'.repeat(256))).toBeUndefined();
  });
});

describe('tag keys and values AWS rejects', () => {
  test.each([
    ['', 'is empty; tag keys need at least one character'],
    ['x'.repeat(129), 'is 129 characters long; a tag key has at most 128'],
    ['aws:team', 'starts with aws:, which AWS reserves for its own tags'],
    ['AwS:team', 'starts with AwS:, which AWS reserves for its own tags'],
    ['environment', 'is set by the app on every resource (project, environment, model); choose another key'],
    [
      'team|owner',
      'has characters AWS does not allow in a tag key: "|"; allowed: Unicode letters, digits, spaces and _ . : / = + - @',
    ],
    [
      'cost,center!',
      'has characters AWS does not allow in a tag key: "," "!"; allowed: Unicode letters, digits, spaces and _ . : / = + - @',
    ],
  ])('key %j: %s', (key, problem) => {
    expect(tagKeyProblem(key)).toBe(problem);
  });

  test.each([
    ['', 'is empty; CloudFormation stack tags need a value of at least one character'],
    ['x'.repeat(257), 'is 257 characters long; a tag value has at most 256'],
    ['aws:managed', 'starts with aws:, which AWS reserves for its own tags'],
    [
      'a*b',
      'has characters AWS does not allow in a tag value: "*"; allowed: Unicode letters, digits, spaces and _ . : / = + - @',
    ],
  ])('value %j: %s', (value, problem) => {
    expect(tagValueProblem(value)).toBe(problem);
  });
});

describe('tags per stack', () => {
  const tags = (count: number, prefix: string) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 'x']));

  test('47 config tags and the three built-in ones fit the 50 a stack takes', () => {
    expect(stackTagCountProblems(tags(40, 'top'), { prod: { tags: tags(7, 'env') } })).toEqual([]);
  });

  test('a tag set at both levels counts once, and so does one named like a built-in tag', () => {
    expect(stackTagCountProblems(tags(47, 'k'), { prod: { tags: { k0: 'y', model: 'override' } } })).toEqual(
      [],
    );
  });

  test('one more is too many, in the environment that has it', () => {
    expect(stackTagCountProblems(tags(40, 'top'), { dev: {}, prod: { tags: tags(8, 'env') } })).toEqual([
      {
        environment: 'prod',
        count: 51,
        message:
          'gives the model stacks of prod 51 tags (the top-level and environment tags together, with project, environment, model); a CloudFormation stack takes at most 50',
      },
    ]);
  });
});
