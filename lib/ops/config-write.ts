import * as fs from 'node:fs';
import { messageOf, OpsFailure } from './errors';

/**
 * Writes an edited config file, then loads it again with the full validation (`reload`); an edit that breaks the
 * config is undone, the original text written back, and refused with the loader's message.
 */
export function writeValidatedConfig(
  file: string,
  shown: string,
  original: string,
  edited: string,
  reload: () => void,
): void {
  fs.writeFileSync(file, edited);
  try {
    reload();
  } catch (error) {
    fs.writeFileSync(file, original);
    throw new OpsFailure(
      `the change would make ${shown} invalid, so the file was restored:\n${messageOf(error)}`,
    );
  }
}
