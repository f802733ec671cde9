import type { Intent } from '../commandTable';
import type { CommandContext, Reply } from '../context';
import type { ParsedCommand } from '../parse';

/** One command: what it answers to and what it does. */
export interface CommandHandler {
  intent: Intent;
  /** Only Global, License and User admins may run it. */
  adminOnly: boolean;
  run(ctx: CommandContext, command: ParsedCommand): Promise<Reply>;
}
