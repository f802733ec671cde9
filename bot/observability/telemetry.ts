import { metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';

/**
 * License Desk's traces and metrics, through the OpenTelemetry API. Without a registered SDK (local
 * use, no APPLICATIONINSIGHTS_CONNECTION_STRING) every call is a no-op; `startAzureMonitor` or a test
 * registers one before the app starts. Instruments are made when the app starts, not at import: the
 * metrics API hands out no-op meters for good when asked before an SDK is registered.
 */

export const TELEMETRY_NAME = 'license-desk';

/** The meter other parts use for their own figures (notices sent, outbox backlog…), named like ours. */
export function licenseDeskMeter(): Meter {
  return metrics.getMeter(TELEMETRY_NAME);
}

export function licenseDeskTracer(): Tracer {
  return trace.getTracer(TELEMETRY_NAME);
}

/** Names of what we record, for dashboards and alerts. */
export const METRIC = {
  turnDuration: 'licensedesk.turn.duration',
  cosmosRequests: 'licensedesk.cosmos.requests',
} as const;

export interface TurnMetrics {
  /** One turn of the bot (an HTTP request to /api/messages) took `ms`. */
  turn(command: string, status: number, ms: number): void;
}

export interface CosmosMetrics {
  /** One request sent to Cosmos DB (each retry counts). */
  request(operation: string): void;
}

export function turnMetrics(meter: Meter = licenseDeskMeter()): TurnMetrics {
  const histogram = meter.createHistogram(METRIC.turnDuration, {
    description: 'Time to answer one Bot Framework activity (a command, card click or invoke)',
    unit: 'ms',
  });
  return {
    turn: (command, status, ms) => histogram.record(ms, { command, status }),
  };
}

export function cosmosMetrics(meter: Meter = licenseDeskMeter()): CosmosMetrics {
  const counter = meter.createCounter(METRIC.cosmosRequests, {
    description:
      'Requests sent to Cosmos DB, by operation (read, create, replace, upsert, delete, query, bulk)',
  });
  return { request: (operation) => counter.add(1, { operation }) };
}
