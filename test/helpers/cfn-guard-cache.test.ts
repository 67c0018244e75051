import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IPolicyValidationContextBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';

// jest.config.js loads test/helpers/cfn-guard-cache.ts before every test file, this one included.
const RULE = path.join(
  path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
  'rules/control-tower/cfn-guard/s3/ct-s3-pr-1.guard',
);
// A bucket the rule reports on, with a name unique to this run so that the first check finds nothing cached.
const bucket = (id: string) => ({
  Resources: {
    [id]: { Type: 'AWS::S3::Bucket', Properties: { BucketName: `probe-${process.pid}-${Date.now()}` } },
  },
});

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-guard-cache-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

/** Counts the plugin's runs of the cfn-guard binary. */
const runsGuard = () =>
  jest.spyOn(CfnGuardValidator.prototype as unknown as { execGuard: () => unknown }, 'execGuard');

function check(file: string, template: unknown): PolicyValidationPluginReportBeta1 {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(template));
  const context = { templatePaths: [file] } as IPolicyValidationContextBeta1;
  return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [RULE] }).validate(context);
}

const reported = (report: PolicyValidationPluginReportBeta1) =>
  report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId} ${r.templatePath}`),
  );

test('the same template elsewhere gets the same report, naming the new path, without running cfn-guard', () => {
  const template = bucket('Probe');
  const first = check(path.join(dir, 'a', 'Stack.template.json'), template);
  expect(reported(first)).toEqual([
    expect.stringMatching(new RegExp(`^\\S+ Probe ${path.join(dir, 'a', 'Stack.template.json')}$`)),
  ]);

  const spawn = runsGuard();
  const second = check(path.join(dir, 'b', 'Stack.template.json'), template);
  expect(spawn).not.toHaveBeenCalled();
  expect(reported(second)).toEqual(reported(first).map((line) => line.replace('/a/', '/b/')));
  expect(second.success).toBe(first.success);
});

test('a template changed by one resource runs cfn-guard again', () => {
  const template = bucket('Probe');
  check(path.join(dir, 'c', 'Stack.template.json'), template);
  const spawn = runsGuard();
  const changed = check(path.join(dir, 'c', 'Stack.template.json'), {
    Resources: { ...template.Resources, ...bucket('Other').Resources },
  });
  expect(spawn).toHaveBeenCalledTimes(1);
  expect(
    reported(changed)
      .map((line) => line.split(' ')[1])
      .sort(),
  ).toEqual(['Other', 'Probe']);
});
