// jest globalTeardown: removes the run's temporary folder (temp-dir-setup.js) and everything the tests left in it.
const fs = require('fs');

module.exports = () => {
  const dir = process.env.ML_DEPLOY_TEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
