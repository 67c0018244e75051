// jest globalSetup: every temporary file of the run goes under one folder that globalTeardown removes. aws-cdk-lib
// writes each synthesis of an App without an outdir to a new `cdk.out*` folder under the system's temporary folder
// and never removes it (a few hundred folders, most of a gigabyte, per run of the unit suites), and so do the
// suites' own temporary files. Test processes start after this and inherit TMPDIR, which os.tmpdir() reads.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-deploy-tests-'));
  process.env.ML_DEPLOY_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
