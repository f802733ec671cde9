import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitOf, output, ROOT, startBot } from './support/botProcess';

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

test('npm start runs the compiled bot, and local mode loads before ready none of what only production or the first card needs', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-modules-'));
  const listFile = path.join(dataDir, 'modules.json');
  const preload = path.join(__dirname, 'support', 'modulesAtReady.js');
  const child = startBot({
    PORT: '0',
    EMBEDDED_COSMOS_DIR: path.join(dataDir, 'cosmos'),
    NODE_OPTIONS: `--require ${preload}`,
    MODULES_AT_READY: listFile,
  });
  try {
    await output(child).until(/License Desk ready in/);
    const loaded = JSON.parse(readFileSync(listFile, 'utf8')) as string[];
    const ours = loaded.filter((file) => !file.includes('/node_modules/') && file.startsWith(ROOT));
    // The bot's own code, compiled: neither tsx nor a TypeScript source in the process.
    expect(ours.some((file) => /\/\.cache\/start\/[0-9a-f]{16}\/bot\/teams\/.+\.js$/.test(file))).toBe(true);
    expect(ours.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(loaded.filter((file) => file.includes('/node_modules/tsx/'))).toEqual([]);
    // Graph (a configured directory), OpenTelemetry (Application Insights), the card templating
    // engine (the first card: loaded just after ready).
    const notBeforeReady =
      /microsoft-graph-client|@opentelemetry|monitor-opentelemetry|adaptivecards-templating|adaptive-expressions/;
    expect(loaded.filter((file) => notBeforeReady.test(file.slice(ROOT.length)))).toEqual([]);
  } finally {
    child.kill('SIGKILL');
    await exitOf(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
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
