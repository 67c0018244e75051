/**
 * Lambda entry point of the BeforeAllowTraffic hook: `index.handler`. Configuration comes from environment
 * variables (see config.ts); the clients live in module scope and take region and credentials from Lambda.
 */
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { readHookConfig } from './config';
import { createPreTrafficHook } from './hook';

const config = readHookConfig(process.env);

export const handler = createPreTrafficHook({
  lambda: new LambdaClient({}),
  codedeploy: new CodeDeployClient({}),
  ...config,
});
