#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { runApp } from './run-app';

// The only place that reads CDK context and exits the process; runApp does the rest.
const exitCode = runApp(new App());
// Exit before the app synthesizes itself again on the way out, half built.
if (exitCode !== 0) process.exit(exitCode);
