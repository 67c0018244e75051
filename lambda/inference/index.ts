/**
 * Lambda entry point: `index.handler`. Configuration comes from environment variables (see config.ts);
 * logger, metrics and the model session live in module scope and are reused by warm invocations.
 */
import { readConfig, type InferenceConfig } from './config';
import { createInference } from './handler';
import { createTelemetry } from './telemetry';

const telemetry = createTelemetry(process.env);

function configure(): InferenceConfig {
  try {
    return readConfig(process.env);
  } catch (error) {
    telemetry.logger.critical('the inference function is misconfigured', { error });
    throw error;
  }
}

const inference = createInference({ config: configure(), ...telemetry });

// Start fetching the model during initialisation; the first request awaits the same load.
void inference.preload();

export const handler = inference.handler;
