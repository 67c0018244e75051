import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { VERIFY_PROFILE, verifyProfileCommands } from '../../lib/app/pipeline-verify';

// The pipeline's Verify step writes an AWS profile and runs `mldeploy verify` with it. This runs the
// step's profile commands in a shell and resolves credentials the way `mldeploy`'s AWS SDK clients
// do, against a local stand-in for CodeBuild's container credentials endpoint and for STS
// (127.0.0.1 only): the SDK must assume the environment's verify role with the build's own
// credentials.

const VERIFY_ROLE_ARN = 'arn:aws:iam::222222222222:role/acme-prod-verify';
const SOURCE_KEY = 'ASIACODEBUILDROLE';
const VERIFY_KEY = 'ASIAVERIFYROLE';

interface StsCall {
  readonly params: URLSearchParams;
  readonly authorization: string;
}

let server: http.Server;
let baseUrl: string;
const stsCalls: StsCall[] = [];
const savedEnv = { ...process.env };
let home: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const expiration = new Date(Date.now() + 3_600_000).toISOString();
      if (request.method === 'GET' && request.url === '/container-credentials') {
        response.setHeader('Content-Type', 'application/json');
        response.end(
          JSON.stringify({
            AccessKeyId: SOURCE_KEY,
            SecretAccessKey: 'source-secret',
            Token: 'source-token',
            Expiration: expiration,
          }),
        );
        return;
      }
      stsCalls.push({
        params: new URLSearchParams(body),
        authorization: request.headers.authorization ?? '',
      });
      response.setHeader('Content-Type', 'text/xml');
      response.end(
        '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
          `<Credentials><AccessKeyId>${VERIFY_KEY}</AccessKeyId><SecretAccessKey>verify-secret</SecretAccessKey>` +
          `<SessionToken>verify-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<AssumedRoleUser><Arn>${VERIFY_ROLE_ARN}/session</Arn><AssumedRoleId>AROA:session</AssumedRoleId></AssumedRoleUser>` +
          '</AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-profile-'));
});

afterAll(async () => {
  process.env = savedEnv;
  fs.rmSync(home, { recursive: true, force: true });
  // Keep-alive connections would hold the server, and so the jest worker, open for seconds after close().
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('the Verify step’s profile makes the AWS SDK assume the environment’s verify role with the build’s credentials', async () => {
  const shellEnv = { PATH: process.env.PATH, HOME: home, VERIFY_ROLE_ARN };
  for (const command of verifyProfileCommands('prod')) {
    execFileSync('sh', ['-c', command], { env: shellEnv });
  }
  expect(fs.readFileSync(path.join(home, '.aws/config'), 'utf8')).toBe(
    `[profile ${VERIFY_PROFILE}]\nrole_arn = ${VERIFY_ROLE_ARN}\ncredential_source = EcsContainer\n` +
      `role_session_name = ${VERIFY_PROFILE}-prod\n`,
  );

  // What CodeBuild provides (container credentials) and what the step sets (AWS_PROFILE); nothing else.
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, {
    HOME: home,
    AWS_PROFILE: VERIFY_PROFILE,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: `${baseUrl}/container-credentials`,
    AWS_ENDPOINT_URL_STS: baseUrl,
    AWS_REGION: 'eu-west-1',
  });
  const client = new CloudFormationClient({ region: 'eu-west-1' });
  const credentials = await client.config.credentials();
  client.destroy();

  expect(credentials.accessKeyId).toBe(VERIFY_KEY);
  expect(stsCalls).toHaveLength(1);
  const [call] = stsCalls;
  expect(call.params.get('Action')).toBe('AssumeRole');
  expect(call.params.get('RoleArn')).toBe(VERIFY_ROLE_ARN);
  expect(call.params.get('RoleSessionName')).toBe(`${VERIFY_PROFILE}-prod`);
  // Signed with the build's own (container) credentials.
  expect(call.authorization).toContain(`Credential=${SOURCE_KEY}/`);
});
