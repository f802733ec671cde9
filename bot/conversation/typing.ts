import type { CommandContext } from './context';

/** How long work may run before the typing indicator is shown, when Services does not say. */
export const DEFAULT_TYPING_DELAY_MS = 300;

/**
 * Runs `work` and shows the typing indicator only if it has not finished after the configured delay
 * (`Services.typingDelayMs`): a fast answer costs no extra call to the Bot Framework service, and
 * Teams does not flash "typing…" for a blink. A typing send that was started is awaited before the
 * result is returned, so typing never arrives after the reply nor after the turn ended. With a delay
 * of 0 typing is shown first, before the work starts.
 */
export async function withTypingIfSlow<T>(ctx: CommandContext, work: () => Promise<T>): Promise<T> {
  const delayMs = ctx.services.typingDelayMs ?? DEFAULT_TYPING_DELAY_MS;
  if (delayMs <= 0) {
    await showTyping(ctx);
    return work();
  }
  let typing: Promise<void> | undefined;
  const timer = setTimeout(() => {
    typing = showTyping(ctx);
  }, delayMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    await typing;
  }
}

/** A courtesy: its failure must not fail the command (the Teams layer already logs and swallows it). */
function showTyping(ctx: CommandContext): Promise<void> {
  return ctx.turn.showTyping().catch((error: unknown) => {
    ctx.services.logger.warn({ error: (error as Error)?.name }, 'typing not shown');
  });
}
