/**
 * The browser end-to-end suite needs Debian's chromium. Without it, the suite fails with a message
 * that says what to do: how to install it on a workstation; that the CI image is broken in CI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findChromium } from './support/browser';

const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'no-chromium-'));
afterAll(() => fs.rmSync(emptyPath, { recursive: true, force: true }));

test('outside CI, a missing Chromium fails with the command that installs it', () => {
  expect(() => findChromium({ PATH: emptyPath }, [])).toThrow(/apt-get install chromium/);
});

test('in CI, a missing Chromium fails: the CI image must provide it', () => {
  expect(() => findChromium({ PATH: emptyPath, CI: 'true' }, [])).toThrow(/missing in CI/);
});

test('CHROMIUM_PATH names the browser to use', () => {
  const fake = path.join(emptyPath, 'my-chrome');
  fs.writeFileSync(fake, '');
  expect(findChromium({ PATH: emptyPath, CHROMIUM_PATH: fake }, [])).toBe(fake);
});

test('this machine has one, found on the PATH (Debian: /usr/bin/chromium)', () => {
  expect(findChromium({ PATH: process.env.PATH }, [])).toMatch(/chromium/);
});
