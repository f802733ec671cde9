import { metrics, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { METRIC } from '../../bot/observability/telemetry';
import { startTestApp, type TestApp } from '../harness/testApp';
import { SAMPLE_TENANT } from '../harness/teamsClient';
import { waitFor } from '../harness/waitFor';

/**
 * Traces and metrics through the OpenTelemetry SDK's own in-memory exporters, registered as the
 * Azure Monitor pipeline would be: a turn is a span, its latency is in the histogram by command,
 * Cosmos requests are counted by operation, and other parts can add figures to the same meter.
 */

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({ readers: [reader] });
let t: TestApp;

beforeAll(async () => {
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  t = await startTestApp({ start: { telemetry: true } });
});

afterAll(async () => {
  await t?.stop();
  await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
});

/** Data points of one metric, as last exported. */
async function points(name: string) {
  await reader.forceFlush();
  const exported: ResourceMetrics[] = metricExporter.getMetrics();
  const latest = exported[exported.length - 1];
  return latest.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints as { attributes: Record<string, unknown>; value: any }[]);
}

test('a message turn is a span with its command and tenant, and its latency is recorded by command', async () => {
  const turn = await t.client().send('assign Contoso CRM to Bob Kelly');
  expect(turn.status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const span = spans.getFinishedSpans().find((s) => s.attributes['licensedesk.command'] === 'assign');
  expect(span).toBeDefined();
  expect(span!.name).toBe('POST /api/messages');
  expect(span!.attributes).toMatchObject({
    'http.response.status_code': 200,
    'licensedesk.tenant_id': SAMPLE_TENANT,
    'url.path': '/api/messages',
  });

  const latency = await points(METRIC.turnDuration);
  const assign = latency.find((p) => p.attributes.command === 'assign');
  expect(assign).toBeDefined();
  expect(assign!.value.count).toBe(1);
  expect(assign!.value.sum).toBeGreaterThan(0);
  expect(assign!.attributes.status).toBe(200);
});

test('Cosmos requests are counted by operation', async () => {
  const before = await points(METRIC.cosmosRequests);
  // The turn's own requests: the notices job the assign kicks runs beside it, in the background scope.
  const count = (all: typeof before, operation: string) =>
    all.find((p) => p.attributes.operation === operation && p.attributes.scope === 'request')?.value ?? 0;
  await t.client().send('assign Fabrikam Expenses to Patti Fernandez');
  const after = await points(METRIC.cosmosRequests);
  const writes = (all: typeof before) => count(all, 'create') + count(all, 'replace') + count(all, 'batch');
  // An assign reads the ledger head and commits it: one transactional batch, the head with its seat summary.
  expect(count(after, 'read') - count(before, 'read')).toBeGreaterThanOrEqual(1);
  expect(writes(after) - writes(before)).toBe(1);
  expect(count(after, 'query')).toBe(0);
  // Its notice batch goes in one bulk request with the commit.
  expect(count(after, 'bulk') - count(before, 'bulk')).toBe(1);
  // The background job's requests are counted too, apart: Patti's notice is delivered.
  await waitFor(() => t.logs.some((l) => l.msg === 'notices delivered'));
  const background = (await points(METRIC.cosmosRequests)).filter((p) => p.attributes.scope === 'background');
  expect(background.find((p) => p.attributes.operation === 'query')?.value).toBeGreaterThan(0);
});

test('other parts add their figures to the same meter (notices, outbox)', async () => {
  const sent = t.app.telemetry.counter('licensedesk.notices.sent', 'Notices delivered');
  sent(2, { kind: 'assigned' });
  t.app.telemetry.gauge('licensedesk.outbox.pending', 'Notices waiting', () => 3);
  expect((await points('licensedesk.notices.sent'))[0]).toMatchObject({
    value: 2,
    attributes: { kind: 'assigned' },
  });
  expect((await points('licensedesk.outbox.pending'))[0].value).toBe(3);
});

test('without an exporter configured (nor asked for), nothing is recorded', async () => {
  const local = await startTestApp();
  try {
    const before = spans.getFinishedSpans().length;
    expect((await local.client().send('licenses')).status).toBe(200);
    expect(local.app.telemetry.counter('x', 'y')).toBeInstanceOf(Function);
    expect(spans.getFinishedSpans()).toHaveLength(before);
  } finally {
    await local.stop();
  }
});
