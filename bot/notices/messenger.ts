/**
 * The port through which notices leave the bot. The Teams layer implements it (bot/teams/teamsMessenger.ts)
 * with botbuilder; nothing in bot/notices imports botbuilder.
 */

/** Where the bot can post: a Bot Framework conversation reference, as plain data (stored in Cosmos). */
export interface StoredReference {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  bot: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  locale?: string;
}

/** A message as the connector takes it: text and/or Adaptive Card attachments. */
export interface OutgoingActivity {
  type: 'message';
  text?: string;
  attachments?: { contentType: string; content: unknown }[];
}

/** What one call to the Bot Framework service came to. */
export type Delivery =
  | { kind: 'delivered'; activityId?: string }
  /** 403/404: the reference is stale or the bot was removed; never retried. */
  | { kind: 'unreachable'; status: number }
  /** 429 or 5xx or a network failure: try again after `ms`. */
  | { kind: 'retryAfter'; ms: number; status?: number }
  | { kind: 'failed'; status?: number; reason: string };

export type Created =
  { kind: 'created'; reference: StoredReference } | Exclude<Delivery, { kind: 'delivered' }>;

/** The person a personal conversation is created with (a directory user of the tenant). */
export interface PersonalTarget {
  tenantId: string;
  /** The Entra object id. */
  aadObjectId: string;
}

export interface Messenger {
  send(reference: StoredReference, activity: OutgoingActivity): Promise<Delivery>;
  update(reference: StoredReference, activityId: string, activity: OutgoingActivity): Promise<Delivery>;
  /**
   * Opens (or finds) the bot's personal chat with a user of the tenant, through the service and bot
   * of `via` (any reference of the same tenant). Works in Teams when the app is installed for the user.
   */
  createPersonalConversation(via: StoredReference, target: PersonalTarget): Promise<Created>;
}
