import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';

/**
 * Requests per caller (a vendor's app, or an address in local mode) per second, as a token bucket:
 * up to `perSecond` at once, refilled at `perSecond`. Per instance: with several instances a caller's
 * allowance is this times the instances its requests are spread over.
 */
export class RateLimit {
  private readonly buckets = new LRUCache<string, { tokens: number; at: number }>({ max: 50_000 });

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** 0 when the request may go; otherwise the seconds to wait before the next one would. */
  take(caller: string): number {
    const now = this.clock();
    const bucket = this.buckets.get(caller) ?? { tokens: this.perSecond, at: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}
