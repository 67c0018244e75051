import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { IPolicyValidationContextBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import * as controlTowerParallel from '../../lib/app/control-tower-parallel';
import { PROJECT_ROOT } from './app';

/**
 * Remembers cfn-guard's reports by content, across test files and runs (a jest `setupFiles` entry).
 *
 * Every app the tests synthesize runs the AWS Control Tower rules through cfn-guard, one process per kind of
 * template, a second or more each; the same templates come back again and again (a stage the example app shares
 * with a variant of it, an app synthesized a second time). A report depends only on the
 * cfn-guard release, the rule files and the templates, so it is kept under a hash of exactly those, and a template
 * or rule that changes by one byte runs cfn-guard again. Validators given a rules directory (the whole bundled set)
 * are not cached: what they read is not listed.
 */
const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'ml-deploy-cfn-guard');

interface GuardValidatorInternals {
  readonly version: string;
  readonly rulesPaths: string[];
  readonly disabledRules: string[];
}

const validate = CfnGuardValidator.prototype.validate;

CfnGuardValidator.prototype.validate = function cachedValidate(
  this: CfnGuardValidator,
  context: IPolicyValidationContextBeta1,
): PolicyValidationPluginReportBeta1 {
  const validator = this as unknown as GuardValidatorInternals;
  if (!validator.rulesPaths.every((rule) => fs.statSync(rule).isFile())) return validate.call(this, context);

  const hash = createHash('sha256').update(
    JSON.stringify([validator.version, validator.disabledRules, validator.rulesPaths.length]),
  );
  for (const file of [...validator.rulesPaths, ...context.templatePaths]) {
    const content = fs.readFileSync(file);
    hash.update(`\0${content.length}\0`).update(content);
  }
  const entry = path.join(CACHE_DIR, `${hash.digest('hex')}.json`);
  // Reports name the templates they found something in: kept with placeholders, as the next assembly's paths.
  const placeholder = (index: number) => `<template ${index}>`;
  if (fs.existsSync(entry)) {
    let text = fs.readFileSync(entry, 'utf8');
    context.templatePaths.forEach((file, index) => {
      text = text.split(JSON.stringify(placeholder(index))).join(JSON.stringify(file));
    });
    return JSON.parse(text);
  }

  const report = validate.call(this, context);
  let text = JSON.stringify(report);
  context.templatePaths.forEach((file, index) => {
    text = text.split(JSON.stringify(file)).join(JSON.stringify(placeholder(index)));
  });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // Written whole, then renamed: another test process reads either nothing or the complete report.
  const partial = `${entry}.${process.pid}.tmp`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, entry);
  return report;
};

/*
 * The app runs its cfn-guard jobs on worker threads, one per core, where the validator above is not patched. The
 * tests already keep both cores busy with two jest workers, so the app's runs (which leave the parallelism to the
 * machine) go one after the other, in this thread, through the cache; a test that asks for threads gets them.
 */
const runGuardJobs = controlTowerParallel.runGuardJobs;
(controlTowerParallel as { runGuardJobs: typeof runGuardJobs }).runGuardJobs = (jobs, parallelism = 1) =>
  runGuardJobs(jobs, parallelism);
