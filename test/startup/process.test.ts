import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitOf, output, startBot } from './support/botProcess';

test('npm start prints one ready line with the address, answers health checks, and stops cleanly on SIGTERM', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-start-'));
  const child = startBot({ PORT: '0', EMBEDDED_COSMOS_DIR: dataDir });
  try {
    const out = output(child);
    const [, seconds, url] = await out.until(
      /License Desk ready in ([\d.]+)s at (http:\/\/127\.0\.0\.1:\d+)\/api\/messages/,
    );
    expect(Number(seconds)).toBeGreaterThan(0);
    expect(out.text()).toContain('UNAUTHENTICATED local mode');
    // JSON like every other line, and written even at LOG_LEVEL=warn: tools wait for it.
    const ready = out
      .text()
      .split('\n')
      .find((line) => line.includes('License Desk ready in'));
    expect(JSON.parse(ready!)).toEqual(
      expect.objectContaining({ level: 30, url: `${url}/api/messages`, telemetry: 'off' }),
    );
    // restify 11's known deprecation is not shown to a newcomer at every start.
    expect(out.text()).not.toContain('DEP0111');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a wrong configuration stops the process with a message naming the variable', async () => {
  const child = startBot({ PORT: '70000' });
  const out = output(child);
  expect(await exitOf(child)).toBe(2);
  expect(out.text()).toContain(
    'Configuration error: PORT must be a whole number from 0 to 65535 (got "70000")',
  );
});

test('start-up loads neither the Graph client in local mode nor the card templating engine before ready', () => {
  const script = [
    "require('./bot/app');",
    "const { createDirectory } = require('./bot/directory');",
    "createDirectory({ source: 'sample', sampleFile: 'data/sample/directory.json' });",
    'console.log(JSON.stringify(Object.keys(require.cache)));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: path.resolve(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  const loaded = JSON.parse(run.stdout) as string[];
  expect(loaded.some((file) => file.includes('/bot/teams/'))).toBe(true);
  expect(
    loaded.filter((file) =>
      /microsoft-graph-client|adaptivecards-templating|adaptive-expressions/.test(file),
    ),
  ).toEqual([]);
});

test('at LOG_LEVEL=silent the process writes nothing, ready line included', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-silent-'));
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const child = startBot({ PORT: String(port), EMBEDDED_COSMOS_DIR: dataDir, LOG_LEVEL: 'silent' });
  try {
    const out = output(child);
    let ready = false;
    for (let i = 0; i < 600 && !ready; i++) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ready).toBe(true);
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
    expect(out.text()).toBe('');
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);
