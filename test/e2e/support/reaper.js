#!/usr/bin/env node
/**
 * Runs one command in a process group of its own and guarantees that the whole group (the command
 * and anything it started, e.g. tsx's child node process) dies with the test that started it:
 *
 *   node reaper.js <command> [args...]
 *
 * The test holds this process's stdin. When stdin closes — the test calls stop(), or the jest worker
 * exits, crashes or is killed with SIGKILL (the kernel closes the pipe) — the group gets SIGTERM,
 * then SIGKILL after a grace period. When the command exits on its own, the rest of its group is
 * killed too. The command's stdout/stderr are this process's; the first stderr line says the group id.
 */
'use strict';

const { spawn } = require('node:child_process');

const GRACE_MS = Number(process.env.REAPER_GRACE_MS || 5000);
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node reaper.js <command> [args...]');
  process.exit(2);
}

const child = spawn(command, args, { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
const group = child.pid;
process.stderr.write(`[reaper] process group ${group}\n`);

function signalGroup(signal) {
  try {
    process.kill(-group, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), GRACE_MS).unref();
}

child.on('error', (error) => {
  console.error(`[reaper] could not start ${command}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  // Stragglers of the group (a grandchild whose parent died) go with it.
  signalGroup('SIGKILL');
  process.exit(code ?? (signal ? 128 : 1));
});

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
