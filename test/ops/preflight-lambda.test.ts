import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { FUNCTION, givenStack, LAMBDA_STACK, mocks, resetMocks, stubAwsClients, tempConfig } from './support';
import { givenHealthyAccount, linesOf, preflightJson } from './preflight-support';

stubAwsClients();

const PROD = ['--env', 'prod', '--assembly', 'no-such-assembly'];

beforeEach(() => {
  resetMocks();
  givenHealthyAccount();
});

function givenAccountConcurrency(limit: number, unreserved = limit) {
  mocks.lambda
    .on(GetAccountSettingsCommand)
    .resolves({ AccountLimit: { ConcurrentExecutions: limit, UnreservedConcurrentExecutions: unreserved } });
}

/** iris-lambda of prod deployed, its function reserving `reserved` today. */
function givenDeployedFunction(reserved: number | undefined) {
  givenStack(LAMBDA_STACK, { FunctionName: FUNCTION, LiveVersion: '7' });
  mocks.lambda
    .on(GetFunctionConcurrencyCommand, { FunctionName: FUNCTION })
    .resolves(reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved });
}

describe('preflight: Lambda concurrency', () => {
  test('fails when reserving 50 would leave fewer than the 100 unreserved executions', async () => {
    givenAccountConcurrency(149);

    const run = await preflightJson(PROD);

    expect(run.code).toBe(1);
    expect(linesOf(run.checks, 'lambda-concurrency')[0]).toEqual({
      check: 'lambda-concurrency',
      subject: 'account',
      status: 'fail',
      message:
        'account concurrency 149 (unreserved 149), needs 150: 0 reserved by other functions + iris-lambda reserves 50 + 100 that must stay unreserved; ' +
        'request L-B99A9384 (Concurrent executions) ≥ 150 in Service Quotas (aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 150), ' +
        'or lower lambda.reservedConcurrency / lambda.provisionedConcurrency',
    });
  });

  test('passes with exactly 100 left unreserved', async () => {
    givenAccountConcurrency(150);

    const run = await preflightJson(PROD);

    expect(linesOf(run.checks, 'lambda-concurrency').map((c) => c.status)).toEqual(['pass', 'pass']);
  });

  test("counts what other functions reserve, and replaces the function's own reservation instead of adding it", async () => {
    // 170 reserved today: 50 by iris-lambda itself, 120 by other functions.
    givenAccountConcurrency(270, 100);
    givenDeployedFunction(50);

    const run = await preflightJson(PROD);

    expect(linesOf(run.checks, 'lambda-concurrency')[0]).toEqual({
      check: 'lambda-concurrency',
      subject: 'account',
      status: 'pass',
      message:
        'account concurrency 270 (unreserved 100), needs 270: 120 reserved by other functions + iris-lambda reserves 50 + 100 that must stay unreserved',
    });
  });

  test("fails when other functions' reservations leave too little", async () => {
    givenAccountConcurrency(269, 99);
    givenDeployedFunction(50);

    const run = await preflightJson(PROD);

    expect(run.code).toBe(1);
    expect(linesOf(run.checks, 'lambda-concurrency')[0].message).toMatch(
      /^account concurrency 269 \(unreserved 99\), needs 270: 120 reserved by other functions \+ iris-lambda reserves 50 \+ 100 that must stay unreserved; request L-B99A9384 \(Concurrent executions\) ≥ 270 /,
    );
  });

  test('counts provisioned concurrency of a function without a reservation against the unreserved pool', async () => {
    givenAccountConcurrency(104);
    const config = tempConfig((text) =>
      text.replace(
        '      lambda:\n        memoryMb: 512\n',
        '      lambda:\n        memoryMb: 512\n        provisionedConcurrency: { min: 5 }\n',
      ),
    );

    const run = await preflightJson(['--env', 'dev', '--config', config, '--assembly', 'no-such-assembly']);

    expect(run.code).toBe(1);
    expect(linesOf(run.checks, 'lambda-concurrency')).toHaveLength(1);
    expect(linesOf(run.checks, 'lambda-concurrency')[0].message).toMatch(
      /^account concurrency 104 \(unreserved 104\), needs 105: 0 reserved by other functions \+ iris-lambda provisions up to 5 unreserved \+ 100 that must stay unreserved; /,
    );
  });

  test('fails a reservation larger than the account allows any one function', async () => {
    givenAccountConcurrency(120);

    const run = await preflightJson(PROD);

    expect(linesOf(run.checks, 'lambda-concurrency')[1]).toEqual({
      check: 'lambda-concurrency',
      subject: 'iris-lambda',
      status: 'fail',
      message:
        'lambda.reservedConcurrency 50 > account concurrency 120 - 100; lower it or request L-B99A9384 ≥ 150',
    });
  });

  test('reads the deployed function by the name in its stack outputs', async () => {
    givenDeployedFunction(undefined);

    await preflightJson(PROD);

    expect(mocks.lambda.commandCalls(GetFunctionConcurrencyCommand).map((c) => c.args[0].input)).toEqual([
      { FunctionName: FUNCTION },
    ]);
  });
});
