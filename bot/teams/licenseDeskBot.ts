import {
  ActivityHandler,
  ActivityTypes,
  CardFactory,
  MessageFactory,
  StatusCodes,
  TurnContext,
  type Activity,
  type InvokeResponse,
} from 'botbuilder';
import type { Logger } from 'pino';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../cards';
import type { Conversation } from '../conversation/conversation';
import type { ActionResult, Outgoing, Turn } from '../conversation/turn';
import { languageOf, t } from '../i18n';
import type { RetryPolicy } from '../retryPolicy';
import { clientCanOpenDialogs } from './dialogSupport';
import { CONNECTOR_RETRY, withConnectorRetry } from './retry';
import { toStoredReference } from './teamsMessenger';

type ConversationType = Turn['conversationType'];

/** The tenant of an activity: from Teams' channel data and the conversation, which must agree. */
export function tenantOf(activity: Activity): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation = activity.conversation?.tenantId;
  const a = typeof fromChannelData === 'string' && fromChannelData ? fromChannelData : undefined;
  const b = typeof fromConversation === 'string' && fromConversation ? fromConversation : undefined;
  if (a && b && a.toLowerCase() !== b.toLowerCase()) return undefined;
  return (a ?? b)?.toLowerCase();
}

function conversationTypeOf(activity: Activity): ConversationType {
  const type = activity.conversation?.conversationType;
  return type === 'groupChat' || type === 'channel' ? type : 'personal';
}

const SEARCH_RESPONSE_TYPE = 'application/vnd.microsoft.search.searchResponse';

/** An invoke's value or one of its fields, as a record; anything else is an empty one. */
function objectOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toActivity(message: Outgoing): Partial<Activity> {
  if (message.card) {
    return MessageFactory.attachment(CardFactory.adaptiveCard(message.card), message.text);
  }
  return MessageFactory.text(message.text);
}

/**
 * The Teams layer: turns botbuilder activities into conversation turns and back. Everything
 * botbuilder-specific stays here and in the adapter.
 */
export class LicenseDeskBot extends ActivityHandler {
  constructor(
    private readonly conversation: Conversation,
    private readonly logger: Logger,
    private readonly retry: RetryPolicy = CONNECTOR_RETRY,
  ) {
    super();

    this.onMessage(async (context, next) => {
      const turn = this.turnOf(context);
      if (!turn) {
        const text = t(languageOf(context.activity.locale), 'error.TenantMismatch');
        await this.deliver(context, 'send', () => context.sendActivity(text));
        return next();
      }
      const value = context.activity.value as Record<string, unknown> | undefined;
      if (value && typeof value === 'object' && typeof value.verb === 'string') {
        // Action.Submit from clients without Universal Actions: answer with a new message.
        const result = await this.conversation.onAction(turn, value.verb, value);
        await turn.send(result.kind === 'card' ? { card: result.card } : { text: result.text });
        return next();
      }
      const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
      await this.conversation.onMessage(turn, text);
      return next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botWasAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
      const turn = this.turnOf(context);
      if (botWasAdded && turn) await this.conversation.onWelcome(turn);
      return next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const turn = this.turnOf(context);
    const name = context.activity.name;
    if (!turn) {
      const text = t(languageOf(context.activity.locale), 'error.TenantMismatch');
      return this.cardResponse(context, { kind: 'message', text });
    }
    if (name === 'adaptiveCard/action') {
      const value = (context.activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
      const verb = typeof value.action?.verb === 'string' ? value.action.verb : '';
      const data =
        value.action?.data && typeof value.action.data === 'object'
          ? (value.action.data as Record<string, unknown>)
          : {};
      const result = await this.conversation.onAction(turn, verb, data);
      if (result.kind === 'card' && result.updateForEveryone && context.activity.replyToId) {
        await this.updateForEveryone(context, turn, context.activity.replyToId, result);
      }
      return this.cardResponse(context, result);
    }
    if (name === 'task/fetch') {
      const value = objectOf(context.activity.value);
      const theme = objectOf(value.context).theme;
      const opening = await this.conversation.onDialogOpen(
        turn,
        objectOf(value.data),
        typeof theme === 'string' ? theme : undefined,
      );
      const task =
        opening.kind === 'url'
          ? {
              title: opening.title,
              url: opening.url,
              fallbackUrl: opening.url,
              width: opening.width,
              height: opening.height,
            }
          : {
              title: opening.title,
              card: CardFactory.adaptiveCard(opening.card),
              width: 'medium',
              height: 'small',
            };
      return { status: StatusCodes.OK, body: { task: { type: 'continue', value: task } } };
    }
    if (name === 'task/submit') {
      // The dialog closes on its own; the outcome is posted in the conversation.
      await this.conversation.onDialogSubmit(turn, objectOf(objectOf(context.activity.value).data));
      return { status: StatusCodes.OK };
    }
    if (name === 'application/search') {
      const value = objectOf(context.activity.value);
      const options = objectOf(value.queryOptions);
      const answer = await this.conversation.onSearch(turn, {
        dataset: typeof value.dataset === 'string' ? value.dataset : '',
        queryText: typeof value.queryText === 'string' ? value.queryText : '',
        skip: typeof options.skip === 'number' ? options.skip : undefined,
        top: typeof options.top === 'number' ? options.top : undefined,
      });
      const body =
        answer.kind === 'results'
          ? { statusCode: 200, type: SEARCH_RESPONSE_TYPE, value: { results: answer.results } }
          : {
              statusCode: answer.status,
              type: 'application/vnd.microsoft.error',
              value: { code: answer.code, message: answer.message },
            };
      return { status: body.statusCode, body };
    }
    // An invoke the bot does not handle is the sender's mistake, not a server fault: 400, not botbuilder's 501.
    const response = await super.onInvokeActivity(context);
    return response.status === StatusCodes.NOT_IMPLEMENTED ? { status: StatusCodes.BAD_REQUEST } : response;
  }

  private async updateForEveryone(
    context: TurnContext,
    turn: Turn,
    activityId: string,
    result: ActionResult,
  ) {
    if (result.kind !== 'card') return;
    try {
      await turn.update(activityId, { card: result.card });
    } catch (error) {
      // The clicker still gets the new card through the invoke response.
      this.logger.warn(
        { err: error, activityId, conversation: context.activity.conversation?.id },
        'update failed',
      );
    }
  }

  private cardResponse(_context: TurnContext, result: ActionResult): InvokeResponse {
    if (result.kind === 'card') {
      return {
        status: StatusCodes.OK,
        body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: result.card },
      };
    }
    return {
      status: StatusCodes.OK,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.text },
    };
  }

  private turnOf(context: TurnContext): Turn | undefined {
    const activity = context.activity;
    const tenantId = tenantOf(activity);
    if (!tenantId) return undefined;
    const from = activity.from ?? { id: '', name: '' };
    return {
      tenantId,
      actor: {
        tenantId,
        userId: (from.aadObjectId ?? '').toLowerCase(),
        name: from.name ?? '',
        ...(activity.locale ? { locale: activity.locale } : {}),
      },
      language: languageOf(activity.locale),
      conversationType: conversationTypeOf(activity),
      reference: toStoredReference(TurnContext.getConversationReference(activity)),
      canOpenDialogs: clientCanOpenDialogs(context),
      send: async (message) =>
        (await this.deliver(context, 'send', () => context.sendActivity(toActivity(message))))?.id,
      update: async (activityId, message) => {
        await this.deliver(context, 'update', () =>
          context.updateActivity({ ...toActivity(message), id: activityId, type: ActivityTypes.Message }),
        );
      },
      showTyping: async () => {
        // A courtesy, not retried: a throttled typing indicator must neither stop nor delay the command.
        try {
          await context.sendActivity({ type: ActivityTypes.Typing });
        } catch (error) {
          this.logger.warn({ status: (error as { statusCode?: unknown }).statusCode }, 'typing not shown');
        }
      },
    };
  }

  /** A call to the Bot Framework service, retried when it is throttled or fails transiently. */
  private deliver<T>(context: TurnContext, operation: string, call: () => Promise<T>): Promise<T> {
    return withConnectorRetry(operation, call, this.retry, this.logger, {
      conversation: context.activity.conversation?.id,
      activityId: context.activity.id,
    });
  }
}
