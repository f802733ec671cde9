/**
 * Runs one of the project's TypeScript tools (`npm run reset | catalog | package`) from its source
 * with tsx in a development install, or compiled from dist/ in a production install
 * (`npm ci --omit=dev` has no tsx). The tools resolve their paths from the package root, so both
 * behave the same.
 *
 *   node scripts/launch.js <path/to/source.ts> [arguments...]
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const [source, ...args] = process.argv.slice(2);

function tsxCli() {
  try {
    return require.resolve('tsx/cli', { paths: [ROOT] });
  } catch {
    return undefined;
  }
}

function command() {
  const tsx = tsxCli();
  if (tsx) return [tsx, path.join(ROOT, source), ...args];
  const compiled = path.join(ROOT, 'dist', source.replace(/\.ts$/, '.js'));
  if (fs.existsSync(compiled)) return [compiled, ...args];
  console.error(
    `${path.relative(ROOT, compiled)} is missing and tsx (a development dependency) is not installed: ` +
      'run `npm run build` in a development install first.',
  );
  return undefined;
}

function main() {
  if (!source) {
    console.error('usage: node scripts/launch.js <path/to/source.ts> [arguments...]');
    return;
  }
  const argv = command();
  if (!argv) return;
  const child = spawn(process.execPath, argv, { stdio: 'inherit' });
  // npm sends Ctrl-C and stop signals to this process; the tool decides how to stop.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}

process.exitCode = 2;
main();
