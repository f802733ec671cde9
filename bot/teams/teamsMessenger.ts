import { TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type {
  Created,
  Delivery,
  Messenger,
  OutgoingActivity,
  PersonalTarget,
  StoredReference,
} from '../notices/messenger';
import { isRetriable, retryAfterMs, statusOf } from './retry';

/** Wait before trying again when a 429 or 5xx came without Retry-After. */
const DEFAULT_RETRY_MS = 1000;

/**
 * The outbox's Messenger with botbuilder: proactive sends and card updates through CloudAdapter's
 * continueConversationAsync on a stored reference, personal chats opened with createConversationAsync.
 * One call each: the delivery job decides about retries (it records per-recipient progress first).
 */
export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; empty when it runs unauthenticated (local use). */
    private readonly botAppId: string,
  ) {}

  send(reference: StoredReference, activity: OutgoingActivity): Promise<Delivery> {
    return this.within(reference, async (context) => ({
      kind: 'delivered',
      activityId: (await context.sendActivity(activity))?.id,
    }));
  }

  update(reference: StoredReference, activityId: string, activity: OutgoingActivity): Promise<Delivery> {
    return this.within(reference, async (context) => {
      await context.updateActivity({ ...activity, id: activityId });
      return { kind: 'delivered', activityId };
    });
  }

  async createPersonalConversation(via: StoredReference, target: PersonalTarget): Promise<Created> {
    let created: StoredReference | undefined;
    try {
      await this.adapter.createConversationAsync(
        this.botAppId,
        via.channelId,
        via.serviceUrl,
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        {
          isGroup: false,
          bot: { id: via.bot.id, name: via.bot.name ?? '' },
          members: [{ id: target.aadObjectId, name: '', aadObjectId: target.aadObjectId }],
          tenantId: target.tenantId,
          channelData: { tenant: { id: target.tenantId } },
        },
        async (context) => {
          const reference = TurnContext.getConversationReference(context.activity);
          created = {
            ...toStoredReference(reference),
            conversation: {
              id: reference.conversation?.id ?? '',
              tenantId: target.tenantId,
              conversationType: 'personal',
            },
            user: { id: target.aadObjectId, aadObjectId: target.aadObjectId },
          };
        },
      );
    } catch (error) {
      return outcomeOf(error) as Exclude<Delivery, { kind: 'delivered' }>;
    }
    return created?.conversation.id
      ? { kind: 'created', reference: created }
      : { kind: 'failed', reason: 'no conversation id' };
  }

  /** Runs a call in the stored conversation; botbuilder's errors become outcomes, never onTurnError. */
  private async within(
    reference: StoredReference,
    call: (context: TurnContext) => Promise<Delivery>,
  ): Promise<Delivery> {
    let outcome: Delivery = { kind: 'failed', reason: 'not run' };
    try {
      await this.adapter.continueConversationAsync(
        this.botAppId,
        reference as Partial<ConversationReference>,
        async (context) => {
          try {
            outcome = await call(context);
          } catch (error) {
            outcome = outcomeOf(error);
          }
        },
      );
    } catch (error) {
      outcome = outcomeOf(error);
    }
    return outcome;
  }
}

function outcomeOf(error: unknown): Delivery {
  const status = statusOf(error);
  if (status === 403 || status === 404) return { kind: 'unreachable', status };
  if (isRetriable(error)) return { kind: 'retryAfter', ms: retryAfterMs(error) ?? DEFAULT_RETRY_MS, status };
  return { kind: 'failed', status, reason: error instanceof Error ? error.message : String(error) };
}

/** A botbuilder reference as the plain data the outbox stores. */
export function toStoredReference(reference: Partial<ConversationReference>): StoredReference {
  const conversation = reference.conversation;
  return {
    channelId: reference.channelId ?? 'msteams',
    serviceUrl: reference.serviceUrl ?? '',
    conversation: {
      id: conversation?.id ?? '',
      ...(conversation?.tenantId ? { tenantId: conversation.tenantId } : {}),
      ...(conversation?.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation?.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
    },
    bot: { id: reference.bot?.id ?? '', ...(reference.bot?.name ? { name: reference.bot.name } : {}) },
    ...(reference.user
      ? {
          user: {
            id: reference.user.id,
            ...(reference.user.name ? { name: reference.user.name } : {}),
            ...(reference.user.aadObjectId ? { aadObjectId: reference.user.aadObjectId.toLowerCase() } : {}),
          },
        }
      : {}),
    ...(reference.locale ? { locale: reference.locale } : {}),
  };
}
