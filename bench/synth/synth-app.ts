/**
 * Synthesizes the deployment app for one config file, the way `cdk synth '**'` does (same feature
 * flags, same checks), and prints one JSON line with its own timings and peak memory.
 * Usage: tsx bench/synth/synth-app.ts CONFIG OUTDIR
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { loadDeploymentConfig } from '../../lib/config';

const [configFile, outdir] = process.argv.slice(2);
const root = path.resolve(__dirname, '..', '..');
const context = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context;

const started = performance.now();
const config = loadDeploymentConfig(configFile, { baseDir: root });
const loaded = performance.now();
const app = new App({ outdir, context });
addDeploymentStages(app, config);
const built = performance.now();
const assembly = app.synth();
const done = performance.now();

console.log(
  JSON.stringify({
    stacks: assembly.nestedAssemblies.reduce((n, a) => n + a.nestedAssembly.stacks.length, 0),
    configMs: Math.round(loaded - started),
    constructMs: Math.round(built - loaded),
    synthMs: Math.round(done - built),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
