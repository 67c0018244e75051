import * as fs from 'fs';
import { ConfigError, loadDeploymentConfig } from '../../lib/config';
import { mldeploy, PROJECT_ROOT, stubAwsClients, tempConfig } from './support';

stubAwsClients();

describe('the mldeploy command line', () => {
  test('--help lists the six commands and exits 0', async () => {
    const run = await mldeploy(['--help']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: mldeploy \[options\] \[command\]/);
    const commands = [...run.stdout.matchAll(/^ {2}(\w+) \[options\]/gm)].map((match) => match[1]);
    expect(commands).toEqual(['preflight', 'status', 'verify', 'baseline', 'invoke', 'promote', 'cost']);
    expect(run.stdout).toContain(
      'Exit codes: 0 ok, 1 a check failed or the operation was refused, 2 usage error.',
    );
  });

  test.each([
    ['preflight', ['--env <env>', '--config <path>', '--assembly <dir>', '--json']],
    ['status', ['--env <env>', '--model <model>', '--config <path>', '--json']],
    ['verify', ['--env <env>', '--model <model>', '--wait-minutes <minutes>', '--config <path>', '--json']],
    ['invoke', ['--env <env>', '--model <model>', '--body <file>', '--config <path>', '--json']],
    [
      'promote',
      ['--model <model>', '--env <env>', '--from-group <group>', '--package-arn <arn>', '--config <path>'],
    ],
    ['cost', ['--env <env>', '--config <path>', '--live', '--json']],
  ])('%s --help lists its options', async (command, options) => {
    const run = await mldeploy([command, '--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: mldeploy ${command} [options]`);
    for (const option of options) expect(run.stdout).toContain(option);
  });

  test('verify waits 30 minutes unless told otherwise', async () => {
    const run = await mldeploy(['verify', '--help']);

    expect(run.stdout).toMatch(
      /--wait-minutes <minutes>\s+how long to wait for deploys and traffic shifts to\s+settle \(default: 30\)/,
    );
  });

  test('without a command, prints the help on stderr as a usage error', async () => {
    const run = await mldeploy([]);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: mldeploy \[options\] \[command\]/);
  });

  test('an unknown command is a usage error', async () => {
    const run = await mldeploy(['deploy']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: unknown command 'deploy'\n(add --help for usage)\n");
  });

  test('an unknown option is a usage error', async () => {
    const run = await mldeploy(['status', '--environment', 'prod']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: unknown option '--environment'\n(add --help for usage)\n");
  });

  test('verify needs --env', async () => {
    const run = await mldeploy(['verify']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: required option '--env <env>' not specified\n(add --help for usage)\n");
  });

  test('--wait-minutes must be a whole number', async () => {
    const run = await mldeploy(['verify', '--env', 'prod', '--wait-minutes', '2.5']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: option '--wait-minutes <minutes>' argument '2.5' is invalid. must be a whole number of minutes (0 or more)\n(add --help for usage)\n",
    );
  });

  test('a config file that does not exist is a usage error', async () => {
    const run = await mldeploy(['status', '--config', 'config/nowhere.yaml']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: --config config/nowhere.yaml does not exist (paths are relative to ${PROJECT_ROOT})\n`,
    );
  });

  test('an invalid config file fails with every problem in it', async () => {
    const config = tempConfig((text) =>
      text.replace('canaryPercent: 10', 'canaryPercent: 99').replace('target: lambda', 'target: ec2'),
    );

    const run = await mldeploy(['status', '--config', config]);

    expect(run.code).toBe(1);
    // The loader's own message, every problem with its line.
    expect(() => loadDeploymentConfig(config, { baseDir: PROJECT_ROOT })).toThrow(ConfigError);
    let expected = '';
    try {
      loadDeploymentConfig(config, { baseDir: PROJECT_ROOT });
    } catch (error) {
      expected = (error as Error).message;
    }
    const lineOf = (needle: string) =>
      fs
        .readFileSync(config, 'utf8')
        .split('\n')
        .findIndex((line) => line.includes(needle)) + 1;
    expect(expected).toMatch(
      new RegExp(
        `canaryPercent: 99 .*\\(line ${lineOf('canaryPercent: 99')}\\)\\n - models\\.iris-lambda\\.target: "ec2" .*\\(line ${lineOf('target: ec2')}\\)$`,
      ),
    );
    expect(run.stderr).toBe(`error: ${expected}\n`);
  });
});
