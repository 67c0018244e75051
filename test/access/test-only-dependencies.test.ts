import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../helpers/app';

// The IAM policy simulator of the access tests and its policy libraries are licensed AGPL-3.0: they
// stay dev dependencies that the shipped package (lib/, bin/, lambda/, see "files" in package.json)
// never imports. eslint.config.mjs enforces the same rule while editing.
const TEST_ONLY = /['"]@cloud-copilot\//;
const SHIPPED_FOLDERS = ['lib', 'bin', 'lambda'];

const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

test('the IAM policy simulator is a dev dependency only', () => {
  expect(packageJson.devDependencies['@cloud-copilot/iam-simulate']).toBeDefined();
  expect(Object.keys(packageJson.dependencies).filter((name) => name.startsWith('@cloud-copilot/'))).toEqual(
    [],
  );
});

test('is AGPL-licensed, which is why it must stay out of the shipped package', () => {
  const simulator = JSON.parse(
    fs.readFileSync(path.join(PROJECT_ROOT, 'node_modules/@cloud-copilot/iam-simulate/package.json'), 'utf8'),
  ) as { license: string };
  expect(simulator.license).toMatch(/^AGPL-3\.0/);
});

test.each(SHIPPED_FOLDERS)('no file under %s/ imports it', (folder) => {
  const importing = sourceFiles(path.join(PROJECT_ROOT, folder))
    .filter((file) => TEST_ONLY.test(fs.readFileSync(file, 'utf8')))
    .map((file) => path.relative(PROJECT_ROOT, file));
  expect(importing).toEqual([]);
});
