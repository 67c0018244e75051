import { GuardEngine, guardEngines } from '../../lib/app/control-tower-validator';

/**
 * Keeps the Control Tower guard engine for the whole jest worker (a jest `setupFiles` entry).
 *
 * The app builds the engine once per process; jest gives every test file its own modules, so each file that
 * synthesizes an app would build it again, seconds of loading resource schemas and parsing rules. The engine
 * holds nothing of the app that built it, so the worker's first one is kept on the process, which every test
 * file of the worker shares, and grown with the rules a later file needs.
 */
const SHARED = Symbol.for('ml-deploy-cdk.test.guard-engine');
const holder = process as unknown as Record<typeof SHARED, { engine?: GuardEngine } | undefined>;
const shared = (holder[SHARED] ??= {});

Object.defineProperty(guardEngines, 'current', {
  get: () => shared.engine,
  set: (engine: GuardEngine | undefined) => {
    shared.engine = engine;
  },
});
