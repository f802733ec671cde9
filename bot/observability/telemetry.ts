import type { Attributes, Span } from '@opentelemetry/api';
import { currentRequestScope } from './requestScope';

/**
 * License Desk's traces and metrics. `NO_TELEMETRY` when nothing exports them (local use): the
 * OpenTelemetry API is then not even loaded, so start-up does not pay for it. `openTelemetry()`
 * records through the OpenTelemetry API, to whatever SDK is registered (`startAzureMonitor`, or a test's
 * in-memory one) — registered before this is called: the metrics API hands out no-op meters for good
 * when asked before an SDK exists.
 */
export interface Telemetry {
  /** A span for one HTTP request; `end` sets the attributes known by then. */
  startRequest(name: string, attributes: Attributes): RequestSpan;
  /** One turn of the bot (an HTTP request to /api/messages) took `ms`. */
  turn(command: string, status: number, ms: number): void;
  /** One request sent to Cosmos DB (each retry counts). */
  cosmosRequest(operation: string): void;
  /** For other parts' figures (notices sent…): a counter on License Desk's meter. */
  counter(name: string, description: string): (value: number, attributes?: Attributes) => void;
  /** For other parts' figures (outbox backlog…): a gauge read when metrics are collected. */
  gauge(name: string, description: string, read: () => number): void;
}

export interface RequestSpan {
  end(attributes: Attributes, failed: boolean): void;
}

export const TELEMETRY_NAME = 'license-desk';

/** Names of what we record, for dashboards and alerts. */
export const METRIC = {
  turnDuration: 'licensedesk.turn.duration',
  cosmosRequests: 'licensedesk.cosmos.requests',
} as const;

const NO_SPAN: RequestSpan = { end: () => undefined };

export const NO_TELEMETRY: Telemetry = {
  startRequest: () => NO_SPAN,
  turn: () => undefined,
  cosmosRequest: () => undefined,
  counter: () => () => undefined,
  gauge: () => undefined,
};

export async function openTelemetry(): Promise<Telemetry> {
  const { metrics, trace, SpanKind, SpanStatusCode } = await import('@opentelemetry/api');
  const meter = metrics.getMeter(TELEMETRY_NAME);
  const tracer = trace.getTracer(TELEMETRY_NAME);
  const turns = meter.createHistogram(METRIC.turnDuration, {
    description: 'Time to answer one Bot Framework activity (a command, card click or invoke)',
    unit: 'ms',
  });
  const cosmos = meter.createCounter(METRIC.cosmosRequests, {
    description:
      'Requests sent to Cosmos DB, by operation (read, create, replace, upsert, delete, query, bulk) and scope (request: on behalf of an HTTP request; background: jobs, start-up)',
  });
  return {
    startRequest(name, attributes) {
      const span: Span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes });
      return {
        end(more, failed) {
          span.setAttributes(more);
          if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      };
    },
    turn: (command, status, ms) => turns.record(ms, { command, status }),
    cosmosRequest: (operation) =>
      cosmos.add(1, { operation, scope: currentRequestScope() ? 'request' : 'background' }),
    counter(name, description) {
      const counter = meter.createCounter(name, { description });
      return (value, attributes) => counter.add(value, attributes);
    },
    gauge(name, description, read) {
      meter.createObservableGauge(name, { description }).addCallback((result) => result.observe(read()));
    },
  };
}
