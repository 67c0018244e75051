#!/usr/bin/env node
/**
 * Serve one model of the deployment config on this machine, with the Lambda inference handler:
 *
 *   npm run serve -- --model iris-lambda [--env prod] [--port 8080] [--config config/deployments.yaml]
 *
 * It answers the Open Inference Protocol v2 paths and the AWS wire paths of Lambda Invoke and SageMaker
 * InvokeEndpoint, so `curl`, the AWS CLI (`--endpoint-url`) and AWS SDKs (`endpoint`) can call it.
 * A folder artifact (such as a Triton model repository) is served from the single .onnx file inside it.
 *
 * With `--chat` it serves the chat proxy instead (bin/serve-chat.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { endpointName, loadDeploymentConfig, ResolvedConfig, ResolvedModel } from '../lib/config';
import { DEFAULT_CONFIG_FILE } from '../lib/config/load';
import { digestArtifact } from '../lib/constructs/storage/artifact-digest';
import { DEFAULT_MAX_REQUEST_BYTES } from '../lambda/inference/config';
import { createInference } from '../lambda/inference/handler';
import { startLocalServer, type LocalServer } from '../lambda/inference/local-server';
import { createTelemetry, type Telemetry } from '../lambda/inference/telemetry';
import { INFERENCE_ENV, POWERTOOLS_ENV } from '../contract/environment';
import { CHAT_USAGE, mainChat } from './serve-chat';

const USAGE =
  'usage: npm run serve -- --model NAME [--env ENVIRONMENT] [--port PORT] [--config PATH]\n' +
  '  --model   a model of the config file (required)\n' +
  '  --env     the environment whose settings apply (default: the first in the file)\n' +
  '  --port    port on 127.0.0.1; 0 picks a free one (default: 8080)\n' +
  `  --config  the deployment config (default: ${DEFAULT_CONFIG_FILE})\n` +
  `or, for the chat proxy in front of a local LLM stand-in:\n${CHAT_USAGE}`;

interface ServeOptions {
  readonly model: string;
  readonly environment?: string;
  readonly port: number;
  readonly config: string;
}

/** A command line that cannot be served; the message says why and how to call the command. */
class UsageError extends Error {
  public override readonly name = 'UsageError';
}

export function parseServeArgs(argv: readonly string[]): ServeOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        model: { type: 'string' },
        env: { type: 'string' },
        port: { type: 'string' },
        config: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.model) throw new UsageError(`--model is required\n${USAGE}`);
  const port = Number(values.port ?? 8080);
  if (!/^\d+$/.test(values.port ?? '8080') || port > 65535) {
    throw new UsageError(
      `--port ${JSON.stringify(values.port)} must be a port number from 0 to 65535\n${USAGE}`,
    );
  }
  return { model: values.model, environment: values.env, port, config: values.config ?? DEFAULT_CONFIG_FILE };
}

/** The model's settings in the chosen environment (the first one by default). */
export function resolveServedModel(config: ResolvedConfig, options: ServeOptions): ResolvedModel {
  const environment = options.environment
    ? config.environments.find((e) => e.name === options.environment)
    : config.environments[0];
  if (!environment) {
    throw new UsageError(
      `--env ${options.environment} is not defined in ${config.file}; environments: ${config.environmentNames.join(', ')}`,
    );
  }
  const model = environment.models.find((m) => m.name === options.model);
  if (!model) {
    throw new UsageError(
      `--model ${options.model} is not defined in ${config.file}; models: ${environment.models.map((m) => m.name).join(', ')}`,
    );
  }
  return model;
}

/** The ONNX file to serve: the artifact itself, or the single .onnx file in an artifact folder. */
export function localModelFile(model: ResolvedModel): string {
  if (model.artifact.kind === 'local') {
    const artifact = model.artifact.path;
    if (!fs.statSync(artifact).isDirectory()) return artifact;
    const found = (fs.readdirSync(artifact, { recursive: true }) as string[])
      .filter((file) => file.endsWith('.onnx'))
      .map((file) => path.join(artifact, file));
    if (found.length === 1) return found[0];
    throw new UsageError(
      found.length === 0
        ? `model ${model.name}: the folder ${artifact} holds no .onnx file`
        : `model ${model.name}: the folder ${artifact} holds ${found.length} .onnx files (${found.join(', ')}); local serving needs exactly one`,
    );
  }
  throw new UsageError(
    `model ${model.name}: the artifact ${model.artifact.kind === 's3' ? model.artifact.uri : model.artifact.arn} is not a local file; local serving needs a local artifact (artifact.path)`,
  );
}

export interface ServedModel {
  readonly server: LocalServer;
  readonly model: ResolvedModel;
  readonly file: string;
  /** The version answered in `model_version`: the file's short SHA-256, as deployed. */
  readonly version: string;
}

/** Loads the config, resolves the model's file and serves it on 127.0.0.1. */
export async function serveModel(options: ServeOptions, telemetry: Telemetry): Promise<ServedModel> {
  const config = loadDeploymentConfig(options.config);
  const model = resolveServedModel(config, options);
  const file = localModelFile(model);
  const version = digestArtifact(file).sha256.slice(0, 12);
  const inference = createInference({
    config: {
      modelName: model.name,
      modelVersion: version,
      source: { kind: 'file', path: file },
      maxBatchSize: model.lambda.maxBatchSize,
      maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
    },
    ...telemetry,
  });
  await inference.preload();
  const server = await startLocalServer({
    handler: inference.handler,
    host: '127.0.0.1',
    port: options.port,
    maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
    // The names deployed callers use: the model, and its endpoint name in every environment.
    names: [
      model.name,
      ...config.environmentNames.map((env) => endpointName(config.project, model.name, env)),
    ],
  });
  return { server, model, file, version };
}

async function main(): Promise<void> {
  if (process.argv.includes('--chat')) {
    await mainChat(process.argv.slice(2));
    return;
  }
  const options = parseServeArgs(process.argv.slice(2));
  // Local serving prints logs, not embedded-metric lines, unless asked otherwise.
  process.env[POWERTOOLS_ENV.metricsDisabled] ??= 'true';
  const served = await serveModel(
    options,
    createTelemetry({ ...process.env, [INFERENCE_ENV.modelName]: options.model }),
  );
  const { url } = served.server;
  const name = served.model.name;
  process.stdout.write(
    `serving model ${name} (version ${served.version}) from ${path.relative(process.cwd(), served.file)} at ${url}\n` +
      `  curl -s -X POST ${url}/v2/models/${name}/infer -d @models/iris/sample-request.json\n` +
      `  aws lambda invoke --endpoint-url ${url} --function-name ${name} --cli-binary-format raw-in-base64-out --payload file://models/iris/sample-request.json /dev/stdout\n` +
      `  aws sagemaker-runtime invoke-endpoint --endpoint-url ${url} --endpoint-name ${name} --content-type application/json --body fileb://models/iris/sample-request.json /dev/stdout\n`,
  );
  const stop = (): void => {
    void served.server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
