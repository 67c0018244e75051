/**
 * Checks of the caller's AWS setup that the SDK would otherwise report late or vaguely: a profile that does not
 * exist, a region it cannot find. Both run before any AWS call.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OpsContext } from './context';
import { messageOf, UsageError } from './errors';

/**
 * Refuses an `AWS_PROFILE` that neither the shared config file nor the credentials file defines. Profiles are
 * `[profile NAME]` (or `[default]`) sections of the config file and `[NAME]` sections of the credentials file;
 * `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` move them (AWS SDKs and Tools Reference Guide, "Shared
 * config and credentials files": https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html).
 */
export function checkProfile(env: NodeJS.ProcessEnv): void {
  const profile = env.AWS_PROFILE?.trim();
  if (!profile) return;
  const home = env.HOME || os.homedir();
  const configFile = sharedFile(env.AWS_CONFIG_FILE, home, 'config');
  const credentialsFile = sharedFile(env.AWS_SHARED_CREDENTIALS_FILE, home, 'credentials');
  const known = [
    ...new Set([...profilesIn(configFile.path, true), ...profilesIn(credentialsFile.path, false)]),
  ];
  if (known.includes(profile)) return;
  const choices = known.length > 0 ? `profiles there: ${known.join(', ')}` : 'neither file defines a profile';
  throw new UsageError(
    `profile ${JSON.stringify(profile)} (AWS_PROFILE) is not in ${configFile.shown} or ${credentialsFile.shown} ` +
      `(${choices}); set AWS_PROFILE to one of them, or create it with: aws configure --profile ${profile}`,
  );
}

/** An environment whose AWS calls need a region. */
interface RegionalTarget {
  readonly environment: string;
  /** The environment's region from the config; the SDK's default chain applies when absent. */
  readonly region?: string;
}

/**
 * Makes sure every target has a region: its environment's, or one the SDK finds (`AWS_REGION`, the profile's
 * `region`). The SDK's own message, "Region is missing", names neither the environment nor the fixes.
 */
export async function requireRegions(
  ctx: OpsContext,
  targets: readonly RegionalTarget[],
  configFile: string,
): Promise<void> {
  const missing = [...new Set(targets.filter((t) => t.region === undefined).map((t) => t.environment))];
  if (missing.length === 0) return;
  try {
    await ctx.clientsFor(undefined).cloudFormation.config.region();
  } catch (error) {
    if (!/region is missing/i.test(messageOf(error))) throw error;
    const which =
      missing.length === 1 ? `environment ${missing[0]} sets` : `environments ${missing.join(', ')} set`;
    throw new UsageError(
      `Region is missing: ${which} no region in ${configFile} and the AWS SDK found none; ` +
        `set AWS_REGION (or region in your AWS profile), or environments.${missing[0]}.region in ${configFile}`,
    );
  }
}

function sharedFile(given: string | undefined, home: string, name: string): { path: string; shown: string } {
  return given
    ? { path: given, shown: given }
    : { path: path.join(home, '.aws', name), shown: `~/.aws/${name}` };
}

/** Profile names of a shared config (`[profile x]`, `[default]`) or credentials (`[x]`) file; none when absent. */
function profilesIn(file: string, isConfig: boolean): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const match of text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
    const section = match[1];
    if (!isConfig) names.push(section);
    else if (section === 'default') names.push(section);
    else if (section.startsWith('profile ')) names.push(section.slice('profile '.length).trim());
  }
  return names;
}
