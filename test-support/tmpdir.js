/**
 * Every test's temporary files (generated clips, exports, takes, journals) go into one folder per
 * run, removed at the end, so repeated runs do not fill the machine's temp folder.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports.setup = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ltx-retake-tests-'));
  process.env.LTX_TEST_TMP = dir;
  process.env.TMPDIR = dir; // os.tmpdir() in the workers, which inherit this environment
};

module.exports.teardown = async () => {
  const dir = process.env.LTX_TEST_TMP;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
