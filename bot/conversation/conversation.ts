import { BadCardData } from '../failures';
import { t } from '../i18n';
import { requireLicenseAdmin } from '../licensing/access';
import { ACTION_HANDLERS } from './actions';
import { textField } from './actions/handler';
import { COMMAND_HANDLERS } from './commands';
import { notUnderstood } from './commands/notUnderstood';
import type { CommandContext, Reply, Services } from './context';
import { errorCard } from './errors';
import { askFor } from './mentionHint';
import { openAssignPane, submitAssignPane, type PaneOpening } from './paneInvokes';
import { cleanText, parseCommand } from './parse';
import type { ActionData, ActionResult, Outgoing, Turn } from './turn';
import { searchChoices, type ChoiceSearch, type ChoiceSearchAnswer } from './typeahead';

/** The verb of the choice cards' buttons: re-run the user's command with the chosen name. */
export const COMMAND_VERB = 'command';

/**
 * The conversation: text and clicks in, cards out. Checks who may act, dispatches to one handler
 * per command or card verb, and turns every failure into a card the user can read.
 */
export class Conversation {
  constructor(private readonly services: Services) {}

  async onMessage(turn: Turn, text: string): Promise<void> {
    const answer = await this.answer(turn, text);
    await this.follow(turn, answer, await turn.send(answer));
  }

  async onAction(turn: Turn, verb: string, data: ActionData): Promise<ActionResult> {
    const ctx: CommandContext = { turn, services: this.services };
    if (verb === COMMAND_VERB) {
      const reply = await this.guard(turn, false, async () => {
        const answer = await this.answer(turn, textField(data, 'command', 2000));
        return answer.card
          ? { card: answer.card }
          : { card: errorCard(turn.language, new BadCardData('command'), this.services.logger) };
      });
      return { kind: 'card', card: reply.card };
    }
    const handler = ACTION_HANDLERS.get(verb);
    const reply = await this.guard(turn, handler?.adminOnly ?? false, async () => {
      if (!handler) throw new BadCardData(`unknown verb`);
      return handler.run(ctx, data);
    });
    return { kind: 'card', card: reply.card, updateForEveryone: reply.updateForEveryone };
  }

  /** A dialog asked for (task/fetch): the Assign licenses pane of the clicked card's app. */
  onDialogOpen(turn: Turn, data: ActionData, theme?: string): Promise<PaneOpening> {
    return openAssignPane({ turn, services: this.services }, data, theme);
  }

  /** The pane's selection (task/submit): applied through the ledger, the outcome posted in the chat. */
  async onDialogSubmit(turn: Turn, data: ActionData): Promise<void> {
    const reply = await submitAssignPane({ turn, services: this.services }, data);
    if (reply) await this.follow(turn, reply, await turn.send({ card: reply.card }));
  }

  /** A card's typeahead (application/search): users and groups from the directory. */
  onSearch(turn: Turn, search: ChoiceSearch): Promise<ChoiceSearchAnswer> {
    return searchChoices({ turn, services: this.services }, search);
  }

  async onWelcome(turn: Turn): Promise<void> {
    await turn.send({ text: t(turn.language, askFor(turn, 'welcome.text')) });
  }

  /**
   * After the answer is sent (the admin's reply is never delayed by it): the outbox is told which
   * message shows the progress of the change's notices, to update it as they go out.
   */
  private async follow(turn: Turn, answer: Outgoing | Reply, activityId: string | undefined): Promise<void> {
    const { notices, logger } = this.services;
    if (!('follows' in answer) || !answer.follows || !notices || !activityId || !turn.reference) return;
    try {
      await notices.followCard(turn.tenantId, answer.follows.noticeId, {
        reference: turn.reference,
        activityId,
        data: answer.follows.data,
      });
    } catch (error) {
      // The notices still go out; only the card will not show their progress.
      logger.warn({ err: error }, 'result card not followed');
    }
  }

  private async answer(turn: Turn, text: string): Promise<Outgoing | Reply> {
    const cleaned = cleanText(text);
    if (!cleaned) return { text: t(turn.language, askFor(turn, 'empty.text')) };
    const command = parseCommand(cleaned);
    if (!command) return notUnderstood({ turn, services: this.services }, cleaned);
    const handler = COMMAND_HANDLERS[command.intent];
    return this.guard(turn, handler.adminOnly, () => handler.run({ turn, services: this.services }, command));
  }

  /** An admin who uses the bot gets seat alerts in their personal chat when no alert channel is set. */
  private async noteAdmin(turn: Turn): Promise<void> {
    try {
      await this.services.noticeSettings.noteAdmin(turn.tenantId, turn.actor.userId);
    } catch (error) {
      this.services.logger.warn({ err: error }, 'admin not recorded for seat alerts');
    }
  }

  private async guard(turn: Turn, adminOnly: boolean, run: () => Promise<Reply>): Promise<Reply> {
    try {
      if (adminOnly) {
        await requireLicenseAdmin(this.services.directory, turn.tenantId, turn.actor.userId);
        await this.noteAdmin(turn);
      }
      return await run();
    } catch (error) {
      return { card: errorCard(turn.language, error, this.services.logger) };
    }
  }
}
