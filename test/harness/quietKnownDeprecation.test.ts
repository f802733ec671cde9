import { spawnSync } from 'node:child_process';

test("test processes do not print restify's known DEP0111 (jest's global setup passes Node's switch on)", () => {
  const run = spawnSync(process.execPath, ['-e', "require('restify')"], {
    cwd: `${__dirname}/../..`,
    env: process.env,
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  expect(run.stderr).not.toContain('DEP0111');
  // Without the switch the same process prints it: the test above is not vacuous.
  const bare = spawnSync(process.execPath, ['-e', "require('restify')"], {
    cwd: `${__dirname}/../..`,
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  expect(bare.stderr).toContain('DEP0111');
});
