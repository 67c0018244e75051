/**
 * Serve the inference handler on a developer's machine, with the same code and configuration as Lambda:
 *
 *   MODEL_NAME=iris MODEL_PATH=models/iris/repository/iris/1/model.onnx npx tsx lambda/inference/serve.ts
 *   curl -s -X POST localhost:8080/v2/models/iris/infer -d @models/iris/sample-request.json
 *
 * PORT (default 8080) and HOST (default 127.0.0.1) choose where to listen.
 */
import { readConfig } from './config';
import { handler } from './index';
import { startLocalServer } from './local-server';

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const server = await startLocalServer({
    handler,
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 8080),
    maxRequestBytes: config.maxRequestBytes,
  });
  process.stderr.write(
    `serving model "${config.modelName}" at ${server.url}/v2/models/${config.modelName}\n`,
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
