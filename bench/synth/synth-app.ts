/**
 * Synthesizes the deployment app for one config file, the way `cdk synth '**'` does (same feature
 * flags, same checks), and prints one JSON line with its own timings and peak memory.
 * Usage: tsx bench/synth/synth-app.ts CONFIG OUTDIR on|off   (aws-cdk-lib's built-in CloudFormation validation)
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { loadDeploymentConfig } from '../../lib/config';
import { benchContext } from './bench-context';

const [configFile, outdir, validation] = process.argv.slice(2);
const root = path.resolve(__dirname, '..', '..');

const started = performance.now();
const config = loadDeploymentConfig(configFile, { baseDir: root });
const loaded = performance.now();
const app = new App({
  outdir,
  context: benchContext(),
  builtinCloudFormationValidation: validation !== 'off',
});
addDeploymentStages(app, config);
const built = performance.now();
const assembly = app.synth();
const done = performance.now();

const stacks = assembly.nestedAssemblies.flatMap((a) => a.nestedAssembly.stacks);
console.log(
  JSON.stringify({
    stacks: stacks.length,
    resources: stacks.reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0),
    configMs: Math.round(loaded - started),
    constructMs: Math.round(built - loaded),
    synthMs: Math.round(done - built),
    workMs: Math.round(done - started),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
