import type { AdaptiveCard } from '../../cards';
import type { Language } from '../i18n';
import type { Actor } from '../licensing/model';
import type { StoredReference } from '../notices/messenger';

/**
 * One turn of the conversation as the handlers see it: who, where, in which language, and how to
 * answer. The Teams layer builds it from a botbuilder TurnContext; nothing below it imports botbuilder.
 */
export interface Turn {
  tenantId: string;
  actor: Actor;
  language: Language;
  conversationType: 'personal' | 'groupChat' | 'channel';
  /** Where this conversation can be reached later (the outbox updates the admin's card through it). */
  reference?: StoredReference;
  /** Whether the client can open dialogs (task/fetch): Teams can, the Agents Playground cannot. */
  canOpenDialogs: boolean;
  send(message: Outgoing): Promise<string | undefined>;
  /** Replaces a message the bot sent earlier, for everyone in the conversation. */
  update(activityId: string, message: Outgoing): Promise<void>;
  showTyping(): Promise<void>;
}

export type Outgoing = { card: AdaptiveCard; text?: string } | { text: string; card?: undefined };

/** What a card button click returns: a card that replaces the clicked one, or a short message. */
export type ActionResult =
  | {
      kind: 'card';
      card: AdaptiveCard;
      /** Also replace the message for everyone in the conversation (not only the clicker). */
      updateForEveryone?: boolean;
    }
  | { kind: 'message'; text: string };

/** The data of an Action.Execute click, as sent by Teams (inputs merged in). Never trusted. */
export type ActionData = Record<string, unknown>;
