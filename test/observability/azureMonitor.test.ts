import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LoopbackConnector } from '../harness/loopbackConnector';
import { TeamsTestClient } from '../harness/teamsClient';
import { startChildBot, type ChildBot } from '../reliability/support/childBot';
import { loopbackCertificate, type LoopbackCertificate } from '../reliability/support/loopbackCertificate';

/**
 * With APPLICATIONINSIGHTS_CONNECTION_STRING set, the real process exports its traces and metrics to
 * Application Insights. The connection string's IngestionEndpoint points at a loopback server that
 * records what arrives: the export really goes out, in Azure Monitor's track format. The exporter
 * turns any http endpoint into https, so the server has a certificate made for the run.
 */

interface Envelope {
  name: string;
  data: { baseType: string; baseData: Record<string, any> };
}

const envelopes: Envelope[] = [];
let ingestion: https.Server;
let tls: LoopbackCertificate;
let connector: LoopbackConnector;
let bot: ChildBot;
let dataDir: string;

beforeAll(async () => {
  tls = loopbackCertificate('license-desk-ingestion-');
  ingestion = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (req.method === 'POST' && req.url?.endsWith('/track')) {
        const text = body.toString('utf8').trim();
        const parsed = text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((l) => JSON.parse(l));
        envelopes.push(...(parsed as Envelope[]));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => ingestion.listen(0, '127.0.0.1', () => resolve()));
  const port = (ingestion.address() as AddressInfo).port;
  connector = await new LoopbackConnector().start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-appinsights-'));
  bot = await startChildBot({
    dataDir,
    env: {
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`,
      NODE_EXTRA_CA_CERTS: tls.caFile,
      // The exporter's own usage figures go to a Microsoft host: not from a test.
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    },
  });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  await new Promise<void>((resolve) => (ingestion ? ingestion.close(() => resolve()) : resolve()));
  rmSync(dataDir, { recursive: true, force: true });
  if (tls) rmSync(tls.dir, { recursive: true, force: true });
});

test('the ready line says telemetry goes to Azure Monitor', () => {
  expect(bot.logs()).toContainEqual(expect.objectContaining({ telemetry: 'azure-monitor' }));
});

test('a turn is exported as a request, and turn latency and Cosmos counts as metrics, by the time the process stops', async () => {
  const turn = await new TeamsTestClient(bot.url, connector).send('licenses');
  expect(turn.status).toBe(200);
  // Stopping flushes what is pending (spans are batched, metrics sent every 60 s).
  await bot.stop();
  expect(await bot.exited).toBe('0');

  const requests = envelopes.filter((e) => e.data.baseType === 'RequestData');
  expect(requests).toContainEqual(
    expect.objectContaining({
      data: expect.objectContaining({
        baseData: expect.objectContaining({
          name: 'POST /api/messages',
          properties: expect.objectContaining({ 'licensedesk.command': 'list' }),
        }),
      }),
    }),
  );
  const metricNames = envelopes
    .filter((e) => e.data.baseType === 'MetricData')
    .flatMap((e) => (e.data.baseData.metrics as { name: string }[]).map((m) => m.name));
  expect(metricNames).toEqual(
    expect.arrayContaining(['licensedesk.turn.duration', 'licensedesk.cosmos.requests']),
  );
}, 60_000);
