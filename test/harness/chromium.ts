import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Headless Debian chromium in a container without a GPU or sandbox: no network chatter, no first-run work. */
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Debian chromium (or CHROMIUM_PATH), or an error that says how to get one. Outside CI the
 * message says how to install it; in CI (CI=true) a missing browser is a broken CI image.
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
): string {
  for (const candidate of [env.CHROMIUM_PATH, ...candidates]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
      env: { PATH: env.PATH ?? '' },
    }).trim();
    if (found) return found;
  } catch {
    // Not on the PATH either.
  }
  if (env.CI === 'true' || env.CI === '1') {
    throw new Error(
      'Chromium is missing in CI: the browser end-to-end tests cannot run. .ci/run must install it ' +
        '(apt-get install -y chromium) before npm test.',
    );
  }
  throw new Error(
    'Chromium is not installed: the browser tests (the Agents Playground, the Assign licenses page) run in ' +
      'headless Chromium. Install it with `sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH ' +
      'to a Chromium or Chrome binary.',
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: LAUNCH_ARGS, timeout: 60_000 });
}
