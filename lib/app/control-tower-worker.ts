/**
 * The Control Tower controls' thread (see control-tower-thread.ts): takes jobs in order, answers each evaluation on
 * the results port, then bumps the answered counter so that a main thread blocked on it wakes up.
 */
import { parentPort, workerData } from 'worker_threads';
import { evaluateControlTowerRules, guardEngines } from './control-tower-rules';
import type { ControlTowerJob, ControlTowerReply, ControlTowerThreadData } from './control-tower-thread';

const { results, answered } = workerData as ControlTowerThreadData;

parentPort!.on('message', (job: ControlTowerJob) => {
  if (job.kind === 'prepare') {
    try {
      guardEngines.for(job.ruleFiles);
    } catch {
      // Nobody waits for a preparation: the next evaluation builds the engine again and reports the failure.
    }
    return;
  }
  let reply: ControlTowerReply;
  try {
    reply = { id: job.id, report: evaluateControlTowerRules(job.stackTemplates) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  results.postMessage(reply);
  Atomics.add(answered, 0, 1);
  Atomics.notify(answered, 0);
});
