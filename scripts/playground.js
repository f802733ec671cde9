#!/usr/bin/env node
/**
 * `npm run playground`: starts the Microsoft 365 Agents Playground (a local Teams client) against the
 * running bot, offline (no browser launch, no telemetry), with .m365agentsplayground.yml: you chat as
 * Adele Vance, License admin of the sample organisation.
 *
 * Environment:
 *   BOT_ENDPOINT     the bot's messaging endpoint (default http://127.0.0.1:3978/api/messages)
 *   PLAYGROUND_PORT  the playground's port (default 56150); a busy port is an error, never a surprise port
 *   M365_AGENTS_PLAYGROUND_CONFIG_PATH, M365_AGENTS_PLAYGROUND_LOGFILE, TEAMSAPPTESTER_BROWSER: passed on
 */
'use strict';

const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

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
    M365_AGENTS_PLAYGROUND_CONFIG_PATH:
      process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH || path.join(REPO_ROOT, '.m365agentsplayground.yml'),
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
        `  You are Adele Vance (License admin, Contoso sample tenant); the bot is ${endpoint.href}.`,
        '  Try "help" or "licenses". Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
  } else if (child.exitCode === null) {
    console.warn(`playground: warning: not answering on port ${port} after ${READY_TIMEOUT_MS / 1000} s`);
  }
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
