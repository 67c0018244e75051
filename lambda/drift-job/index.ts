/**
 * Lambda entry point of the drift job: `index.handler`, run by an EventBridge Scheduler schedule. Reads its
 * configuration from environment variables (contract/drift.ts), the baseline from S3, runs the queries in Athena,
 * writes metrics as embedded metric format lines and the report to S3.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DriftBaseline } from '../../contract/baseline';
import { DRIFT_JOB_ENV as ENV } from '../../contract/drift';
import { runQuery } from './athena';
import { runDriftJob, type DriftJobConfig } from './job';

const athena = new AthenaClient({});
const s3 = new S3Client({});

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function config(): DriftJobConfig {
  const format = required(ENV.captureFormat);
  if (format !== 'lambda' && format !== 'sagemaker')
    throw new Error(`${ENV.captureFormat} must be lambda or sagemaker`);
  const task = required(ENV.task);
  if (task !== 'classifier' && task !== 'regressor')
    throw new Error(`${ENV.task} must be classifier or regressor`);
  return {
    model: required(ENV.modelName),
    environment: required(ENV.environment),
    namespace: required(ENV.metricsNamespace),
    source: { format, table: required(ENV.captureTable) },
    groundTruthTable: required(ENV.groundTruthTable),
    task,
    windowHours: Number(required(ENV.windowHours)),
    minRecords: Number(required(ENV.minRecords)),
    reportPrefix: required(ENV.reportPrefix),
  };
}

async function readBaseline(): Promise<DriftBaseline> {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(required(ENV.baselineUri));
  if (!match) throw new Error(`${ENV.baselineUri} must be s3://bucket/key`);
  const object = await s3.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
  return JSON.parse(await object.Body!.transformToString()) as DriftBaseline;
}

export async function handler(): Promise<unknown> {
  const workgroup = required(ENV.workgroup);
  const bucket = required(ENV.reportBucket);
  const result = await runDriftJob(
    config(),
    {
      baseline: readBaseline,
      query: (sql) => runQuery(athena, workgroup, sql),
      writeReport: async (key, body) => {
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
        );
      },
      writeLine: (line) => void process.stdout.write(`${line}\n`),
    },
    new Date(),
  );
  return { reportKey: result.reportKey, bytesScanned: result.bytesScanned };
}
