import { metrics, trace } from '@opentelemetry/api';

/** The exporters' pipeline, to flush what is pending when the process stops. */
export interface TelemetryExport {
  shutdown(): Promise<void>;
}

/** How often metrics are sent (Application Insights' own default). */
const METRIC_INTERVAL_MS = 60_000;

/**
 * Registers the OpenTelemetry SDK with Azure Monitor exporters (Application Insights), before the app
 * starts so its instruments are real. Loaded only when a connection string is configured: the SDK
 * and exporter cost start-up time that local use does not need to pay.
 */
export async function startAzureMonitor(connectionString: string): Promise<TelemetryExport> {
  const [exporters, tracing, metering, resources] = await Promise.all([
    import('@azure/monitor-opentelemetry-exporter'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/resources'),
  ]);
  const resource = resources.resourceFromAttributes({ 'service.name': 'license-desk' });
  const tracerProvider = new tracing.BasicTracerProvider({
    resource,
    spanProcessors: [
      new tracing.BatchSpanProcessor(new exporters.AzureMonitorTraceExporter({ connectionString })),
    ],
  });
  const meterProvider = new metering.MeterProvider({
    resource,
    readers: [
      new metering.PeriodicExportingMetricReader({
        exporter: new exporters.AzureMonitorMetricExporter({ connectionString }),
        exportIntervalMillis: METRIC_INTERVAL_MS,
      }),
    ],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
