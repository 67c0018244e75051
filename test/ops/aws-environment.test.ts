import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClientFactory } from '../../lib/ops/clients';
import { clientsWith } from '../../lib/ops/clients';
import { EXAMPLE_CONFIG, mldeploy, mocks, resetMocks, stubAwsClients } from './support';

stubAwsClients();

const homes: string[] = [];
afterAll(() => {
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

/** A home folder with the given shared config and credentials files (absent when undefined). */
function awsHome(files: { config?: string; credentials?: string }): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mldeploy-home-'));
  homes.push(home);
  fs.mkdirSync(path.join(home, '.aws'));
  if (files.config !== undefined) fs.writeFileSync(path.join(home, '.aws', 'config'), files.config);
  if (files.credentials !== undefined)
    fs.writeFileSync(path.join(home, '.aws', 'credentials'), files.credentials);
  return home;
}

const CONFIG_FILE =
  '[default]\nregion = eu-west-1\n\n[profile dev]\nregion = eu-central-1\n[sso-session corp]\n';
const CREDENTIALS_FILE = '[default]\naws_access_key_id = x\n[ci]\naws_access_key_id = y\n';

function totalCalls(): number {
  return Object.values(mocks).reduce((sum, mock) => sum + mock.calls().length, 0);
}

beforeEach(resetMocks);

describe('an unknown AWS_PROFILE', () => {
  test('is named, with the profiles that exist, before any AWS call', async () => {
    const home = awsHome({ config: CONFIG_FILE, credentials: CREDENTIALS_FILE });

    const run = await mldeploy(['status', '--env', 'prod'], { env: { HOME: home, AWS_PROFILE: 'foo' } });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: profile "foo" (AWS_PROFILE) is not in ~/.aws/config or ~/.aws/credentials ' +
        '(profiles there: default, dev, ci); set AWS_PROFILE to one of them, or create it with: ' +
        'aws configure --profile foo\n',
    );
    expect(totalCalls()).toBe(0);
  });

  test('is looked up in the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name', async () => {
    const home = awsHome({});
    const config = path.join(home, 'cfg');
    const credentials = path.join(home, 'creds');

    const run = await mldeploy(['status', '--env', 'prod'], {
      env: {
        HOME: home,
        AWS_PROFILE: 'foo',
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: credentials,
      },
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: profile "foo" (AWS_PROFILE) is not in ${config} or ${credentials} (neither file defines a profile); ` +
        'set AWS_PROFILE to one of them, or create it with: aws configure --profile foo\n',
    );
  });

  test.each([
    ['a config-file profile', 'dev'],
    ['a credentials-file profile', 'ci'],
  ])('%s is accepted', async (_case, profile) => {
    const home = awsHome({ config: CONFIG_FILE, credentials: CREDENTIALS_FILE });

    const run = await mldeploy(['status', '--env', 'prod', '--model', 'iris-lambda'], {
      env: { HOME: home, AWS_PROFILE: profile },
    });

    expect(run.stderr).not.toMatch(/AWS_PROFILE/);
    expect(totalCalls()).toBeGreaterThan(0);
  });
});

describe('a region neither the config nor the AWS SDK can find', () => {
  const saved = { ...process.env };
  let home: string;

  beforeEach(() => {
    // The SDK reads its region from the process environment and the shared config file only.
    home = awsHome({ config: '[default]\noutput = json\n', credentials: '' });
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) {
      delete process.env[name];
    }
    process.env.AWS_CONFIG_FILE = path.join(home, '.aws', 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, '.aws', 'credentials');
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  /** Clients as the CLI builds them: the region is the config's, or whatever the SDK's default chain finds. */
  const sdkClients: ClientFactory = (region) => {
    return clientsWith({ region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  };

  test('says how to set one, naming the environment, before any AWS call', async () => {
    const run = await mldeploy(['status', '--env', 'prod'], { clients: sdkClients, env: process.env });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: Region is missing: environment prod sets no region in config/deployments.yaml and the AWS SDK ' +
        'found none; set AWS_REGION (or region in your AWS profile), or environments.prod.region in ' +
        'config/deployments.yaml\n',
    );
    expect(totalCalls()).toBe(0);
  });

  test('is reported for promote before the Model Registry is asked', async () => {
    const run = await mldeploy(
      [
        'promote',
        '--model',
        'iris-sagemaker',
        '--env',
        'staging',
        '--from-group',
        'iris',
        '--config',
        EXAMPLE_CONFIG,
      ],
      { clients: sdkClients, env: process.env },
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: Region is missing: environment staging sets no region in /);
    expect(run.stderr).toContain('environments.staging.region');
    expect(totalCalls()).toBe(0);
  });

  test('AWS_REGION is enough', async () => {
    process.env.AWS_REGION = 'eu-west-1';

    const run = await mldeploy(['status', '--env', 'prod', '--model', 'iris-lambda'], {
      clients: sdkClients,
      env: process.env,
    });

    expect(run.stderr).not.toMatch(/Region is missing/);
    expect(totalCalls()).toBeGreaterThan(0);
  });
});

describe('promote checks its package options with the config’s patterns before any AWS call', () => {
  const promote = (...more: string[]) =>
    mldeploy(['promote', '--model', 'iris-sagemaker', '--env', 'prod', '--config', EXAMPLE_CONFIG, ...more]);

  test.each([
    ['an underscore', 'iris_v2'],
    ['too long a name', 'g'.repeat(64)],
    ['a group ARN with a bad name', 'arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/iris v2'],
  ])('a group name with %s', async (_case, group) => {
    const run = await promote('--from-group', group);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: --from-group ${JSON.stringify(group)} is not a Model Package Group name: use 1 to 63 letters, ` +
        'digits and hyphens (or the group ARN, …:model-package-group/NAME)\n',
    );
    expect(totalCalls()).toBe(0);
  });

  test.each([
    ['an unversioned ARN', 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris'],
    ['a group ARN', 'arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/iris'],
    ['a short account', 'arn:aws:sagemaker:eu-west-1:12345:model-package/iris/3'],
    ['a name', 'iris/3'],
  ])('a package ARN that is %s', async (_case, arn) => {
    const run = await promote('--from-group', 'iris', '--package-arn', arn);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: --package-arn ${JSON.stringify(arn)} is not a versioned model package ARN; expected ` +
        'arn:aws:sagemaker:REGION:ACCOUNT:model-package/GROUP/VERSION, e.g. ' +
        'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/3\n',
    );
    expect(totalCalls()).toBe(0);
  });
});
