/**
 * Keeps the Bot Framework's limits while notices go out: an overall rate (NOTICE_RATE_PER_SECOND)
 * and about 7 messages a second per conversation (Teams throttles a conversation beyond that), and a
 * pause for everyone when the service answered 429 with Retry-After.
 */
export const PER_CONVERSATION_PER_SECOND = 7;

export class Pacer {
  private nextAt = 0;
  private pausedUntil = 0;
  private readonly conversationNext = new Map<string, number>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Waits for this send's slot: overall, for its conversation, and after any pause. */
  async slot(conversation: string): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextAt, this.pausedUntil, this.conversationNext.get(conversation) ?? 0);
    this.nextAt = at + 1000 / this.ratePerSecond;
    this.conversationNext.set(conversation, at + 1000 / PER_CONVERSATION_PER_SECOND);
    // Slots of conversations long past are of no use: keep the map small.
    if (this.conversationNext.size > 10_000) this.conversationNext.clear();
    if (at > now) await this.sleep(at - now);
  }

  /** The service asked to wait: nothing goes out before `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }
}
