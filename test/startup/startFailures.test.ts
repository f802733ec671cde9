import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runToExit } from './support/botProcess';

/**
 * What an operator sees when License Desk cannot start: one line naming the setting and the fix,
 * a non-zero exit, never a stack. Each test starts the real process against a real obstacle.
 */

let dataDir: string;
let held: net.Server;
let heldPort: number;
/** Accepts connections and never answers, like a firewall that swallows packets after the handshake. */
let silent: net.Server;
let silentPort: number;
const sockets: net.Socket[] = [];

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-failures-'));
  held = net.createServer();
  heldPort = await listen(held);
  silent = net.createServer((socket) => sockets.push(socket));
  silentPort = await listen(silent);
});

afterAll(async () => {
  sockets.forEach((socket) => socket.destroy());
  await Promise.all([held, silent].map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dataDir, { recursive: true, force: true });
});

/** A port nothing listens on: opened, noted, closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectOneLine(text: string, line: string): void {
  expect(text).toContain(`License Desk could not start: ${line}`);
  expect(text).not.toMatch(/\n\s+at /); // no stack trace
}

test('the port of /api/messages in use: names PORT', async () => {
  const { code, text } = await runToExit({ PORT: String(heldPort), EMBEDDED_COSMOS_DIR: dataDir });
  expect(code).toBe(1);
  expectOneLine(text, `cannot listen on 127.0.0.1:${heldPort} (PORT): address in use`);
});

test('the embedded Cosmos port in use: names EMBEDDED_COSMOS_PORT', async () => {
  const { code, text } = await runToExit({
    PORT: '0',
    EMBEDDED_COSMOS_PORT: String(heldPort),
    EMBEDDED_COSMOS_DIR: dataDir,
  });
  expect(code).toBe(1);
  expectOneLine(text, `cannot listen on 127.0.0.1:${heldPort} (EMBEDDED_COSMOS_PORT): address in use`);
});

test('a HOST that is not an address of this machine: names HOST', async () => {
  const { code, text } = await runToExit({
    PORT: '0',
    // 192.0.2.0/24 is reserved for documentation: never an address of this machine.
    HOST: '192.0.2.1',
    MicrosoftAppId: '5d3f1c2a-1b2c-4d5e-8f90-123456789abc',
    MicrosoftAppPassword: 'p',
    DIALOG_TOKEN_SECRET: 'x'.repeat(32),
    PUBLIC_BASE_URL: 'https://licensedesk.contoso.test',
    ALLOW_EMBEDDED_COSMOS: 'true',
    ALLOW_SAMPLE_DATA: 'true',
    EMBEDDED_COSMOS_DIR: dataDir,
  });
  expect(code).toBe(1);
  expectOneLine(text, 'cannot listen on 192.0.2.1:0 (HOST): no such address on this machine');
});

test('Cosmos DB refusing connections: names COSMOS_ENDPOINT', async () => {
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  const { code, text } = await runToExit({ PORT: '0', COSMOS_ENDPOINT: endpoint, COSMOS_KEY: 'k' });
  expect(code).toBe(1);
  expectOneLine(text, `cannot reach Cosmos DB at ${endpoint} (COSMOS_ENDPOINT): ECONNREFUSED`);
});

test('Cosmos DB accepting and never answering: gives up after COSMOS_REQUEST_TIMEOUT_MS, naming both', async () => {
  const endpoint = `http://127.0.0.1:${silentPort}`;
  const started = Date.now();
  const { code, text } = await runToExit({
    PORT: '0',
    COSMOS_ENDPOINT: endpoint,
    COSMOS_KEY: 'k',
    COSMOS_REQUEST_TIMEOUT_MS: '500',
  });
  expect(code).toBe(1);
  expectOneLine(
    text,
    `Cosmos DB at ${endpoint} (COSMOS_ENDPOINT) did not answer within 500 ms (COSMOS_REQUEST_TIMEOUT_MS)`,
  );
  expect(sockets.length).toBeGreaterThan(0);
  expect(Date.now() - started).toBeLessThan(30_000);
});

test('an http Cosmos endpoint without a key is a configuration error naming COSMOS_KEY', async () => {
  const { code, text } = await runToExit({ PORT: '0', COSMOS_ENDPOINT: `http://127.0.0.1:${silentPort}` });
  expect(code).toBe(2);
  expect(text).toContain('Configuration error: COSMOS_KEY is required with an http endpoint');
});

test('a misspelt MicrosoftAppId with a public HOST is refused (exit 2), naming the misspelt variable', async () => {
  const { code, text } = await runToExit({
    MicrosoftAppID: '5d3f1c2a-1b2c-4d5e-8f90-123456789abc',
    MicrosoftAppPassword: 'p',
    HOST: '0.0.0.0',
  });
  expect(code).toBe(2);
  expect(text).toContain(
    'Configuration error: MicrosoftAppID is not read (names are case-sensitive): rename it MicrosoftAppId',
  );
});
