#!/usr/bin/env node
/**
 * `npm run playground`: starts the Microsoft 365 Agents Playground (a local Teams client) against the
 * running bot, offline (no browser launch, no telemetry), with .m365agentsplayground.yml: you chat as
 * Adele Vance, License admin of the sample organisation.
 *
 * `npm run playground -- --as bob@contoso.com` plays another user of the sample organisation
 * (data/sample/directory.json; an address, a display name or an id): the script writes a temporary
 * copy of the config with that user as the current user, and deletes it when the playground stops.
 *
 * Environment:
 *   BOT_ENDPOINT     the bot's messaging endpoint (default http://127.0.0.1:3978/api/messages)
 *   PLAYGROUND_PORT  the playground's port (default 56150); a busy port is an error, never a surprise port
 *   M365_AGENTS_PLAYGROUND_CONFIG_PATH, M365_AGENTS_PLAYGROUND_LOGFILE, TEAMSAPPTESTER_BROWSER: passed on
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { adminRoleOf, currentUserIdOf, findUser, withCurrentUser } = require('./playgroundConfig');

const REPO_ROOT = path.join(__dirname, '..');
const DEFAULT_ENDPOINT = 'http://127.0.0.1:3978/api/messages';
const DEFAULT_PORT = 56150;
const READY_TIMEOUT_MS = 30000;

function fail(message) {
  console.error(`playground: ${message}`);
  process.exit(1);
}

function readEndpoint() {
  const raw = (process.env.BOT_ENDPOINT || '').trim() || DEFAULT_ENDPOINT;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url;
  } catch {
    return fail(`BOT_ENDPOINT must be an http(s) URL such as ${DEFAULT_ENDPOINT} (got "${raw}")`);
  }
}

function readPort() {
  const raw = (process.env.PLAYGROUND_PORT || '').trim();
  if (!raw) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return fail(`PLAYGROUND_PORT must be a port number from 1 to 65535 (got "${raw}")`);
  }
  return port;
}

/** The playground silently moves to a random port when its port is busy: check first. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The user named by `--as <who>` (or `--as=<who>`), or undefined without the option. */
function readAs(argv) {
  const usage = 'usage: npm run playground -- [--as <address or name of a sample user>]';
  let who;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--as') who = argv[++i] ?? fail(usage);
    else if (argv[i].startsWith('--as=')) who = argv[i].slice('--as='.length);
    else fail(`unknown option ${argv[i]}\n${usage}`);
  }
  return who;
}

/**
 * The config file the playground reads: with `--as`, a temporary copy of the repo's config with that
 * user as the current user. Returns its path, the current user, and how to clean up.
 */
function configFor(as, directory) {
  const source =
    process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH || path.join(REPO_ROOT, '.m365agentsplayground.yml');
  const yml = fs.readFileSync(source, 'utf8');
  if (as === undefined) {
    const id = currentUserIdOf(yml);
    return { file: source, user: directory.users.find((u) => u.id === id), userId: id, cleanup() {} };
  }
  const user = findUser(directory, as);
  if (!user) {
    fail(
      `no user "${as}" in the sample organisation (data/sample/directory.json); try an address such as ` +
        directory.users
          .slice(0, 3)
          .map((u) => u.userPrincipalName)
          .join(', '),
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-desk-playground-'));
  const file = path.join(dir, '.m365agentsplayground.yml');
  fs.writeFileSync(file, withCurrentUser(yml, user));
  return { file, user, userId: user.id, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Who the playground plays, as the bot will see them. */
function describeUser(config, directory) {
  if (!config.user) return `You are the user ${config.userId}, who is not in the sample organisation.`;
  const role = adminRoleOf(directory, config.user.id);
  return role
    ? `You are ${config.user.displayName} (${config.user.userPrincipalName}), ${role} of the Contoso sample tenant.`
    : `You are ${config.user.displayName} (${config.user.userPrincipalName}), with no admin role: ` +
        'License Desk politely refuses license commands; "help" works.';
}

async function answers(url, timeoutMs) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitUntilReady(port, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await answers(`http://127.0.0.1:${port}/_debug/ping`, 1000)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main() {
  const endpoint = readEndpoint();
  const port = readPort();
  const as = readAs(process.argv.slice(2));
  const directory = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'data', 'sample', 'directory.json'), 'utf8'),
  );
  const config = configFor(as, directory);
  process.on('exit', () => config.cleanup());
  if (!(await portIsFree(port))) {
    fail(
      `port ${port} is already in use (another playground?). Stop it, or set PLAYGROUND_PORT to a free port.`,
    );
  }

  const healthz = new URL('/healthz', endpoint).href;
  const botUp = await answers(healthz, 2000);
  if (!botUp) {
    console.warn(
      `playground: warning: the bot does not answer at ${healthz}. Start it in another terminal ` +
        '(`npm start`); the playground will reach it once it is up.',
    );
  }

  const env = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER || 'none',
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: config.file,
    // Its log would otherwise go to ./devTools/ in the working tree.
    M365_AGENTS_PLAYGROUND_LOGFILE:
      process.env.M365_AGENTS_PLAYGROUND_LOGFILE ||
      path.join(REPO_ROOT, '.data', 'playground', 'playground.log'),
  };
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const args = [cli, '-e', endpoint.href, '-c', 'msteams', '-p', String(port), '--disable-telemetry'];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stopping = true;
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('error', (e) => fail(`could not start the playground: ${e.message}`));
  child.on('exit', (code, signal) => {
    if (!stopping && code !== 0) console.error(`playground: exited with ${signal || `code ${code}`}`);
    process.exit(stopping ? 0 : (code ?? 1));
  });

  if (await waitUntilReady(port, child)) {
    console.log(
      [
        '',
        `  Playground ready: open http://localhost:${port} in a browser.`,
        `  ${describeUser(config, directory)}`,
        `  The bot is ${endpoint.href}. Another user: npm run playground -- --as bob@contoso.com`,
        '  Try "help" or "licenses". Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
  } else if (child.exitCode === null) {
    console.warn(`playground: warning: not answering on port ${port} after ${READY_TIMEOUT_MS / 1000} s`);
  }
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
