#!/usr/bin/env node
/**
 * The ops CLI of this app: preflight, status, verify, invoke and promote for the models of the deployment config.
 *
 *   npm run -s mldeploy -- --help
 *   npm run -s mldeploy -- verify --env prod
 *
 * docs/operations.md describes each command; lib/ops holds the code.
 */
import { runCli } from '../lib/ops/cli';

// `mldeploy status | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
