import { randomUUID } from 'node:crypto';
import type { ConnectorCall, LoopbackConnector } from './loopbackConnector';

export const SAMPLE_TENANT = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';
export const BOT = { id: '28:license-desk-test-bot', name: 'License Desk' };

export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
}

const user = (n: number, name: string): TestUser => {
  const aadObjectId = `a0c${String(n).padStart(5, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { id: `29:${aadObjectId}`, aadObjectId, name };
};

/** People of the sample organisation (data/sample/directory.json). */
export const ADELE = user(1, 'Adele Vance'); // License admin
export const MEGAN = user(3, 'Megan Bowen'); // Global admin
export const BOB = user(4, 'Bob Kelly'); // no admin role
export const PATTI = user(16, 'Patti Fernandez'); // User admin

export type ConversationType = 'personal' | 'groupChat' | 'channel';

export interface ClientOptions {
  tenantId?: string;
  conversationType?: ConversationType;
  conversationId?: string;
  user?: TestUser;
  locale?: string;
  /** Extra fields merged into every activity (to test odd or hostile activities). */
  extra?: Record<string, unknown>;
  /** Authorization header sent to /api/messages. */
  authorization?: string;
  /** Other headers sent with every request (e.g. the Agents Playground's marker). */
  headers?: Record<string, string>;
}

export interface SentTurn {
  status: number;
  /** What the bot sent to the conversation during the turn (messages only, typing excluded). */
  replies: ConnectorCall[];
  /** Whether the bot showed the typing indicator. */
  typing: boolean;
  /** Body of the HTTP response (the invoke response for invokes). */
  body: any;
  /** The first card among the replies, if any. */
  card?: AdaptiveCardJson;
  /** The text of the first text reply, if any. */
  text?: string;
}

export type AdaptiveCardJson = Record<string, any>;

export interface ClickOptions {
  /** Input values, by input id, merged into the action data as Teams does. */
  inputs?: Record<string, string>;
  user?: TestUser;
  /** The message the card belongs to (the invoke's replyToId). */
  replyToId?: string;
}

export interface Click extends SentTurn {
  /** The card that replaced the clicked one for the clicker (invoke response), if any. */
  replacement?: AdaptiveCardJson;
  /** updateActivity calls made during the click (the card replaced for everyone). */
  updates: ConnectorCall[];
  /** For Action.OpenUrl: the URL that would open. */
  openedUrl?: string;
}

/** Every action of a card, including those inside ActionSets and columns. */
export function actionsOf(card: AdaptiveCardJson): Record<string, any>[] {
  const found: Record<string, any>[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, any>;
    if (typeof record.type === 'string' && record.type.startsWith('Action.')) found.push(record);
    for (const value of Object.values(record)) visit(value);
  };
  visit(card);
  return found;
}

/** Every text a card shows (TextBlocks, facts, choices, action titles), in order. */
export function textsOf(card: AdaptiveCardJson | undefined): string[] {
  const texts: string[] = [];
  if (!card) return texts;
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, any>;
    for (const key of ['text', 'title', 'value', 'label', 'placeholder']) {
      if (
        typeof record[key] === 'string' &&
        !(key === 'value' && record.type === undefined && !('title' in record))
      ) {
        texts.push(record[key]);
      }
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'data') visit(value);
  };
  visit(card.body ?? []);
  visit(card.actions ?? []);
  return texts;
}

export function cardOf(call: ConnectorCall | undefined): AdaptiveCardJson | undefined {
  return call?.activity?.attachments?.find(
    (a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;
}

/**
 * A Teams client as the bot sees one: sends Teams-shaped activities over HTTP to /api/messages,
 * with the loopback connector as serviceUrl, and reads what the bot sent back.
 */
export class TeamsTestClient {
  readonly tenantId: string;
  readonly conversationType: ConversationType;
  readonly conversationId: string;
  user: TestUser;
  locale: string;

  constructor(
    private readonly appUrl: string,
    private readonly connector: LoopbackConnector,
    private readonly options: ClientOptions = {},
  ) {
    this.tenantId = options.tenantId ?? SAMPLE_TENANT;
    this.conversationType = options.conversationType ?? 'personal';
    this.conversationId =
      options.conversationId ??
      (this.conversationType === 'channel'
        ? `19:${randomUUID()}@thread.tacv2;messageid=${Date.now()}`
        : this.conversationType === 'groupChat'
          ? `19:${randomUUID()}@thread.v2`
          : `a:${randomUUID()}`);
    this.user = options.user ?? ADELE;
    this.locale = options.locale ?? 'en-US';
  }

  as(user: TestUser, locale?: string): TeamsTestClient {
    return new TeamsTestClient(this.appUrl, this.connector, {
      ...this.options,
      conversationId: this.conversationId,
      user,
      locale: locale ?? this.locale,
    });
  }

  activity(fields: Record<string, unknown>, who: TestUser = this.user): Record<string, unknown> {
    return {
      id: `incoming-${randomUUID()}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      locale: this.locale,
      from: { id: who.id, name: who.name, aadObjectId: who.aadObjectId },
      recipient: { id: BOT.id, name: BOT.name },
      conversation: {
        id: this.conversationId,
        conversationType: this.conversationType,
        tenantId: this.tenantId,
        isGroup: this.conversationType !== 'personal',
      },
      channelData: {
        tenant: { id: this.tenantId },
        ...(this.conversationType === 'channel'
          ? { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:channel@thread.tacv2' } }
          : {}),
      },
      ...this.options.extra,
      ...fields,
    };
  }

  /** POSTs any activity (or raw body) to /api/messages and collects what the bot sent meanwhile. */
  async post(body: unknown, rawBody?: string, headers: Record<string, string> = {}): Promise<SentTurn> {
    const mark = this.connector.calls.length;
    const response = await fetch(`${this.appUrl}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.authorization ? { authorization: this.options.authorization } : {}),
        ...this.options.headers,
        ...headers,
      },
      body: rawBody ?? JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    const calls = this.connector.since(mark, this.conversationId);
    // The turn's own messages answer its activity (replyToId). A notice or alert the outbox posts into
    // the same chat meanwhile is proactive, with no replyToId: not part of this turn's answer.
    const incomingId = (body as { id?: unknown } | undefined)?.id;
    const replies = calls.filter(
      (c) =>
        (c.op === 'send' || c.op === 'reply') &&
        c.activity.type === 'message' &&
        (typeof incomingId !== 'string' || c.activity.replyToId === incomingId),
    );
    const firstCard = replies.map(cardOf).find(Boolean);
    return {
      status: response.status,
      replies,
      typing: calls.some((c) => c.activity.type === 'typing'),
      body: parsed,
      card: firstCard,
      text: replies.find((r) => typeof r.activity.text === 'string' && r.activity.text)?.activity.text,
    };
  }

  /** The user types `text` (in group chats and channels with an @mention of the bot, as Teams sends it). */
  async send(text: string, who: TestUser = this.user): Promise<SentTurn> {
    const mentioned = this.conversationType !== 'personal';
    const mention = `<at>${BOT.name}</at>`;
    return this.post(
      this.activity(
        {
          type: 'message',
          text: mentioned ? `${mention} ${text}` : text,
          textFormat: 'plain',
          entities: mentioned
            ? [{ type: 'mention', text: mention, mentioned: { id: BOT.id, name: BOT.name } }]
            : [],
        },
        who,
      ),
    );
  }

  /** Sends an invoke activity and returns the invoke response. */
  async invoke(
    name: string,
    value: unknown,
    options: { replyToId?: string; who?: TestUser } = {},
  ): Promise<SentTurn> {
    return this.post(
      this.activity({ type: 'invoke', name, value, replyToId: options.replyToId }, options.who ?? this.user),
    );
  }

  /** Clicks the button titled `title` on `card` the way Teams does. */
  async click(card: AdaptiveCardJson, title: string, options: ClickOptions = {}): Promise<Click> {
    const action = actionsOf(card).find((a) => a.title === title);
    if (!action) {
      throw new Error(
        `No button "${title}" on the card; it has: ${actionsOf(card)
          .map((a) => a.title)
          .join(', ')}`,
      );
    }
    const who = options.user ?? this.user;
    if (action.type === 'Action.OpenUrl') {
      return { status: 0, replies: [], typing: false, body: undefined, updates: [], openedUrl: action.url };
    }
    const data = { ...(action.data ?? {}), ...(options.inputs ?? {}) };
    const mark = this.connector.calls.length;
    let turn: SentTurn;
    if (action.type === 'Action.Execute') {
      turn = await this.invoke(
        'adaptiveCard/action',
        { action: { type: 'Action.Execute', verb: action.verb, data }, trigger: 'manual' },
        { replyToId: options.replyToId, who },
      );
    } else if (action.type === 'Action.Submit' && data.msteams?.type === 'task/fetch') {
      turn = await this.invoke(
        'task/fetch',
        { data, context: { theme: 'default' } },
        { replyToId: options.replyToId, who },
      );
    } else {
      turn = await this.post(
        this.activity({ type: 'message', value: data, replyToId: options.replyToId }, who),
      );
    }
    const body = turn.body as { type?: string; value?: AdaptiveCardJson } | undefined;
    return {
      ...turn,
      replacement: body?.type === 'application/vnd.microsoft.card.adaptive' ? body.value : undefined,
      updates: this.connector.since(mark, this.conversationId).filter((c) => c.op === 'update'),
    };
  }
}
