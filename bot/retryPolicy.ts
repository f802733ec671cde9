/**
 * How a call to a remote service is retried: the Bot Framework service (teams/retry.ts) and Cosmos DB
 * (storage/documentStore.ts) each have their own numbers and their own idea of what is transient,
 * under this one shape and one backoff.
 */
export interface RetryPolicy {
  /** Calls in all, the first included. */
  attempts: number;
  /** Backoff before the second call; doubled each time, with jitter. */
  baseDelayMs: number;
  /** Longest backoff (and, for the connector, longest single wait whatever Retry-After says). */
  maxDelayMs: number;
  /**
   * No retry starts after this long since the first call: attempts alone do not bound the time when
   * a client retries inside each call (the Cosmos SDK retries a dropped read ten times a second apart).
   */
  budgetMs: number;
}

/** The wait before call `attempt + 1`: exponential, capped, with jitter over its upper half. */
export function jitteredBackoffMs(policy: RetryPolicy, attempt: number): number {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return backoff / 2 + Math.random() * (backoff / 2);
}
