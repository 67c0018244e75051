import { didYouMean } from './closest-matches';
import { TIME_ZONE_NAME_SHAPE } from '../constructs/private/patterns';

/**
 * Time zones of scheduled scaling actions. Application Auto Scaling takes the names of the IANA time
 * zone database, spelt exactly (such as Etc/GMT+9 or Pacific/Tahiti): Application Auto Scaling User
 * Guide, "Schedule recurring scaling actions using cron expressions"
 * https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
 *
 * The runtime's own IANA database decides which names exist. `Intl.supportedValuesOf('timeZone')` lists
 * only one name per zone (Node 20 lists neither UTC nor Etc/*, and Asia/Calcutta rather than
 * Asia/Kolkata), so a name is checked by asking Intl to use it, which knows every name and alias.
 */

let knownZones: readonly string[] | undefined;

export function timeZoneProblem(name: string): string | undefined {
  const known = (knownZones ??= Intl.supportedValuesOf('timeZone'));
  if (!TIME_ZONE_NAME_SHAPE.test(name) || resolve(name) === undefined) {
    return `is not an IANA time zone such as Europe/Paris or UTC${didYouMean(name, known)}`;
  }
  // Intl reads names in any case; AWS does not. IANA names start every part with a capital letter.
  const spelling = known.find((zone) => zone.toLowerCase() === name.toLowerCase());
  if (spelling !== undefined && spelling !== name) {
    return `must be spelt ${spelling}: time zone names are case-sensitive`;
  }
  if (name.split('/').some((part) => !/^[A-Z]/.test(part))) {
    return `must be spelt as in the IANA time zone database, each part starting with a capital letter (e.g. America/New_York): time zone names are case-sensitive`;
  }
  return undefined;
}

function resolve(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
