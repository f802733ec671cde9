import type { Logger } from 'pino';
import { jitteredBackoffMs, type RetryPolicy } from '../retryPolicy';

/**
 * Bounded retries of what the bot sends to the Bot Framework service (replies, card updates, typing).
 *
 * botbuilder's HTTP pipeline retries a request on its own, but only in some cases and without bounds:
 * a 429 without Retry-After is not retried at all, `Retry-After: 0` is retried at once three times,
 * and a long Retry-After is waited out even when the turn has long been abandoned. Around every call
 * this policy adds a backoff floor, a ceiling on each wait, and a total budget, so a throttled
 * conversation is backed off and a turn still ends in bounded time. Only the call is retried: the
 * change the reply reports was made once, before, and is never made again here.
 */
export const CONNECTOR_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 400,
  maxDelayMs: 4000,
  budgetMs: 10_000,
};

/** A reply or update the Bot Framework service still refused after every retry. */
export class ReplyNotDelivered extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | string | undefined,
    readonly attempts: number,
  ) {
    super(`${operation} not delivered after ${attempts} attempts (last status ${status ?? 'none'})`);
    this.name = 'ReplyNotDelivered';
  }
}

interface HeaderBag {
  get?(name: string): string | undefined | null;
  [name: string]: unknown;
}

interface ConnectorFailure {
  statusCode?: number;
  code?: string;
  response?: { status?: number; headers?: HeaderBag };
}

const RETRIABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'REQUEST_SEND_ERROR',
]);

export function statusOf(error: unknown): number | undefined {
  const failure = error as ConnectorFailure | undefined;
  const status = failure?.statusCode ?? failure?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** 429, 408 and 5xx other than "not implemented"/"version not supported", and network failures. */
export function isRetriable(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined)
    return status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505);
  const code = (error as ConnectorFailure | undefined)?.code;
  return typeof code === 'string' && RETRIABLE_CODES.has(code);
}

function header(headers: HeaderBag | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const value = typeof headers.get === 'function' ? headers.get(name) : headers[name.toLowerCase()];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Retry-After (seconds or an HTTP date) of a failed call, in milliseconds. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as ConnectorFailure | undefined)?.response?.headers;
  const millis = header(headers, 'retry-after-ms') ?? header(headers, 'x-ms-retry-after-ms');
  if (millis !== undefined && Number.isFinite(Number(millis))) return Math.max(0, Number(millis));
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying transient failures under `policy`. A failure that is not transient is thrown
 * as is; transient failures that outlast the policy become `ReplyNotDelivered`.
 */
export async function withConnectorRetry<T>(
  operation: string,
  call: () => Promise<T>,
  policy: RetryPolicy,
  logger: Logger,
  context: Record<string, unknown> = {},
): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRetriable(error)) throw error;
      const status = statusOf(error) ?? (error as ConnectorFailure).code;
      const jittered = jitteredBackoffMs(policy, attempt);
      const delayMs = Math.round(Math.min(policy.maxDelayMs, Math.max(retryAfterMs(error) ?? 0, jittered)));
      if (attempt >= policy.attempts || Date.now() - started + delayMs > policy.budgetMs) {
        logger.error({ ...context, operation, status, attempts: attempt }, 'connector call failed for good');
        throw new ReplyNotDelivered(operation, status, attempt);
      }
      logger.warn({ ...context, operation, status, attempt, delayMs }, 'connector call failed, retrying');
      await sleep(delayMs);
    }
  }
}
