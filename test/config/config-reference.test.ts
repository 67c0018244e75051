import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_REFERENCE_FILE, configReference } from '../../lib/config/reference';
import { PROJECT_ROOT } from '../helpers/app';

const reference = async () => configReference();

test('the checked-in config reference matches the config schema (run `npm run schema` to refresh it)', async () => {
  const checkedIn = fs.readFileSync(path.join(PROJECT_ROOT, CONFIG_REFERENCE_FILE), 'utf8');
  expect(checkedIn).toBe(await reference());
});

test('every field has a meaning', async () => {
  const rows = (await reference()).split('\n').filter((line) => /^\| [a-zA-Z]/.test(line));
  const blank = rows.filter((row) => /\|\s*\|\s*$/.test(row)).map((row) => row.split('|')[1].trim());
  expect(blank).toEqual([]);
});

test('lists fields of every part of the file, with built-in defaults', async () => {
  const text = await reference();
  for (const field of [
    'project',
    'requiresApproval',
    'target',
    'artifact.modelPackage.arn',
    'sagemaker.alarms.latencyP99.maxMs',
    'lambda.provisionedConcurrency.schedules[].timezone',
    'customAlarms[].treatMissingData',
    'pipeline.source.branch',
  ]) {
    expect(text).toMatch(new RegExp(`^\\| ${field.replace(/[.[\]]/g, '\\$&')} \\|`, 'm'));
  }
  expect(text).toMatch(/^\| lambda\.memoryMb \| integer 128–10240 \| `1024` \|/m);
});
