import WebSocket from 'ws';
import { actionsOf } from '../../harness/teamsClient';
import { BOT_ID, BOT_NAME } from './environment';

export { actionsOf, textsOf } from '../../harness/teamsClient';

export const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A message as the playground pushes it to its clients. */
export interface PlaygroundMessage {
  messageId: string;
  timestamp: number;
  from: { id: string };
  text?: string;
  textFormat?: string;
  attachments: { contentType: string; content: any }[];
  attachmentLayout?: string;
  mentions?: unknown[];
  [key: string]: unknown;
}

/** One push of the conversation WebSocket. */
export interface StreamEvent {
  action: 'createMessage' | 'updateMessage' | 'typing' | string;
  actionConversationId: string;
  message?: PlaygroundMessage;
}

/** A bot message received over the WebSocket, with where it was posted. */
export interface BotMessage {
  conversationId: string;
  message: PlaygroundMessage;
  /** Its Adaptive Card, if it has one. */
  card?: any;
}

export interface ClickResult {
  /** The bot's invoke response, as the playground returns it to its client. */
  response: any;
  /** The card that replaces the clicked one for the clicker (the invoke response's value). */
  replacement?: any;
}

const WAIT_MS = 30_000;

/**
 * The playground's HTTP/WebSocket API, driven like its web client does it, without a browser:
 * messages and card clicks go in over HTTP as the current user; what the bot posts or updates comes
 * back over the conversation WebSocket, exactly as the client would render it.
 */
export class PlaygroundApi {
  readonly events: StreamEvent[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly baseUrl: string,
    readonly userId: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data) => {
      this.events.push(JSON.parse(data.toString()) as StreamEvent);
      for (const waiter of this.waiters) waiter();
    });
  }

  static async connect(baseUrl: string, userId: string): Promise<PlaygroundApi> {
    const socket = new WebSocket(
      `${baseUrl.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`,
    );
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new PlaygroundApi(baseUrl, userId, socket);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  /** Resolves with the first event from index `from` on that matches; rejects after `timeoutMs`. */
  waitForEvent(
    from: number,
    matches: (event: StreamEvent) => boolean,
    what: string,
    timeoutMs = WAIT_MS,
  ): Promise<StreamEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.slice(from).find(matches);
        if (found) finish(() => resolve(found));
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new Error(
                `no ${what} within ${timeoutMs} ms; received since: ${JSON.stringify(this.events.slice(from)).slice(0, 2000)}`,
              ),
            ),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  private async post(pathname: string, body: unknown): Promise<any> {
    const res = await fetch(`${this.baseUrl}${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${pathname} → ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /**
   * Sends `text` as the current user and waits for the bot's next message in that conversation.
   * `mention`: prefixes an @mention of the bot, as the client does in group chats and channels.
   * In a channel, a new message starts a post (thread): the reply comes in the post's conversation.
   */
  async send(conversationId: string, text: string, options: { mention?: boolean } = {}): Promise<BotMessage> {
    const from = this.events.length;
    const at = `<at>${BOT_NAME}</at>`;
    const body = options.mention
      ? {
          from: { id: this.userId },
          text: `${at} ${text}`,
          textFormat: 'plain',
          mentions: [{ mentioned: { id: BOT_ID, name: BOT_NAME }, text: at }],
        }
      : { from: { id: this.userId }, text, textFormat: 'plain' };
    const answer = await this.post(
      `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
      body,
    );
    const replyConversation: string = answer?.postConversationId ?? conversationId;
    return this.nextBotMessage(from, replyConversation);
  }

  /** The bot's first new message in the conversation from event index `from` on. */
  async nextBotMessage(from: number, conversationId: string): Promise<BotMessage> {
    const event = await this.waitForEvent(
      from,
      (e) =>
        e.action === 'createMessage' &&
        e.actionConversationId === conversationId &&
        e.message?.from.id === BOT_ID,
      `bot message in ${conversationId}`,
    );
    return toBotMessage(event);
  }

  /**
   * Clicks an Action.Execute of a bot message's card as the client does (invoke adaptiveCard/action
   * with the action's verb and data, the inputs merged into the data).
   */
  async click(bot: BotMessage, title: string, inputs: Record<string, string> = {}): Promise<ClickResult> {
    const action = actionsOf(bot.card).find((a) => a.title === title);
    if (!action) throw new Error(`no button "${title}" on the card: ${titlesOf(bot.card).join(', ')}`);
    if (action.type !== 'Action.Execute')
      throw new Error(`"${title}" is an ${action.type}, not Action.Execute`);
    const response = await this.post('/_conversation/v1/invoke', {
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: action.type,
          title: action.title,
          verb: action.verb,
          data: { ...(action.data ?? {}), ...inputs },
        },
      },
      from: { id: this.userId },
      conversation: { id: bot.conversationId },
      replyToId: bot.message.messageId,
    });
    return {
      response,
      replacement: response?.type === CARD_TYPE ? response.value : undefined,
    };
  }

  /** The bot's updateMessage of that message (updateActivity), from event index `from` on. */
  async nextUpdate(from: number, bot: BotMessage): Promise<BotMessage> {
    const event = await this.waitForEvent(
      from,
      (e) => e.action === 'updateMessage' && e.message?.messageId === bot.message.messageId,
      `update of message ${bot.message.messageId}`,
    );
    return toBotMessage(event);
  }

  /**
   * Sends a hand-made activity through the playground's "custom activity" feature (the only way it
   * offers to send another locale). Starts from its template for the conversation.
   */
  async sendCustomActivity(conversationId: string, fields: Record<string, unknown>): Promise<void> {
    const res = await fetch(
      `${this.baseUrl}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`,
    );
    if (!res.ok) throw new Error(`custom activity template → ${res.status}: ${await res.text()}`);
    const template = (await res.json()) as Record<string, unknown>;
    await this.post('/_internal/v1/customActivities', { ...template, ...fields });
  }
}

function toBotMessage(event: StreamEvent): BotMessage {
  const message = event.message!;
  return {
    conversationId: event.actionConversationId,
    message,
    card: message.attachments.find((a) => a.contentType === CARD_TYPE)?.content,
  };
}

export function titlesOf(card: any): string[] {
  return actionsOf(card).map((a) => a.title);
}
