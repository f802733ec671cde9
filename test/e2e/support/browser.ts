import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { findChromium, launchChromium } from '../../harness/chromium';
import { BOT_NAME, type Environment } from './environment';

export { findChromium, launchChromium };

const COMPOSE = 'div[contenteditable="true"][role="textbox"]';

/** Generous: two cores shared with other test runs. Every wait is for an element or an event. */
export const UI_TIMEOUT_MS = 30_000;

/**
 * One browser tab on the Agents Playground's web client, as the playground's current user. Each
 * test opens its own (a page load resets the playground's conversations and sends the install
 * events, so the bot greets again).
 *
 * Three things make runs deterministic without changing what the bot sends:
 * - Requests that leave the machine are answered locally (fonts from the Office CDN are refused,
 *   links a card opens get a stub page): no network, and opened links are recorded.
 * - The conversation WebSocket is relayed through the test, which holds the bot's pushes until the
 *   client has shown the message the user just sent. The playground client (0.2.28) drops a bot
 *   reply that reaches it before it has processed the HTTP answer to the user's own post (a new
 *   channel post is created only then, so the reply has nowhere to go and its handling breaks).
 *   Teams shows your message before the replies to it; with a bot that answers in 30 ms the
 *   playground does not, unless the pushes wait for it.
 * - The bot's typing indicator in a channel thread is not passed on: the playground client cannot
 *   show one there (its reducer throws "Saga error: Invalid conversation id <channel>;messageid=…")
 *   and, once that has happened, drops the bot's next message in the thread. Teams shows typing in
 *   threads; the bot is right to send it (the API suite checks the playground receives it).
 */
export class PlaygroundPage {
  private shots = 0;
  /** Resolves once the client has rendered the user's last message; the pushes wait for it. */
  private echo: Promise<void> = Promise.resolve();

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly artifacts: string,
    private readonly prefix: string,
  ) {}

  static async open(browser: Browser, env: Environment, testName: string): Promise<PlaygroundPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    const own = new URL(env.playgroundUrl).host;
    await context.route(
      (url) => url.host !== own,
      (route) =>
        /cdn\.office\.net$/.test(new URL(route.request().url()).hostname)
          ? route.abort()
          : route.fulfill({ contentType: 'text/html', body: '<title>opened by the test</title>' }),
    );
    // Links opened by cards (Action.OpenUrl: the client calls window.open), recorded in order.
    await context.addInitScript(() => {
      const opened: string[] = [];
      (globalThis as any).__openedUrls = opened;
      (globalThis as any).open = (url: unknown) => {
        opened.push(String(url));
        return null;
      };
    });
    const page = await context.newPage();
    const prefix = testName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80);
    const view = new PlaygroundPage(page, context, env.artifacts, prefix);
    await page.routeWebSocket(/\/_ws_conversation\//, (ws) => {
      const server = ws.connectToServer();
      let queue = Promise.resolve();
      server.onMessage((frame) => {
        if (isThreadTyping(frame)) return;
        queue = queue.then(() => view.echo).then(() => ws.send(frame));
      });
    });
    await page.goto(env.playgroundUrl);
    // The log panel repeats every message: hidden, it neither matches the waits nor fills the screenshots.
    await page.getByTitle('Toggle Log Panel').click();
    await page.getByText('Log Panel', { exact: true }).waitFor({ state: 'hidden' });
    return view;
  }

  /** The URLs the client was asked to open (Action.OpenUrl), in order. */
  openedUrls(): Promise<string[]> {
    return this.page.evaluate('globalThis.__openedUrls.slice()') as Promise<string[]>;
  }

  /** The bot's messages in a chat (personal or group): text bubbles and cards. */
  botMessages(): Locator {
    return this.page.locator('.fai-OutputCard');
  }

  /** Waits for the bot's greeting, which every page load and every first visit of a conversation brings. */
  async waitForGreeting(text: RegExp, scope: Locator | Page = this.page): Promise<void> {
    await scope.getByText(text).first().waitFor();
  }

  /** Opens a chat or channel from the left rail by its name. */
  async openConversation(name: string): Promise<void> {
    await this.page
      .getByRole('treeitem', { name: new RegExp(name) })
      .first()
      .click();
  }

  /**
   * Types `text` in the compose box of `scope` (a chat: the page; a channel post: its thread), after
   * an @mention of the bot when `mention`, sends it, and returns the bot's answer: the first new card
   * in `scope`.
   */
  async say(text: string, options: { mention?: boolean; scope?: Locator | Page } = {}): Promise<Locator> {
    const scope = options.scope ?? this.page;
    const cards = scope.locator('.ac-adaptiveCard');
    const before = await cards.count();
    await this.send(scope.locator(COMPOSE).first(), text, { mention: options.mention });
    const answer = cards.nth(before);
    await answer.waitFor();
    return answer;
  }

  /** A new channel post with an @mention of the bot; returns the post's thread and the bot's answer. */
  async post(text: string): Promise<{ thread: Locator; answer: Locator }> {
    // The channel's first compose box is "Start a new post"; the others answer in threads.
    await this.send(this.page.locator(COMPOSE).first(), text, { mention: true, post: true });
    const thread = this.page.locator('.fui-Card[role="group"]').filter({ hasText: text });
    const answer = thread.locator('.ac-adaptiveCard').first();
    await answer.waitFor();
    return { thread, answer };
  }

  /**
   * Types and sends a message, then waits until the client shows it (the compose box emptied, the
   * text in the conversation). The bot's pushes wait for that too (see the class comment).
   */
  private async send(
    compose: Locator,
    text: string,
    options: { mention?: boolean; post?: boolean },
  ): Promise<void> {
    await compose.click();
    if (options.mention) {
      await this.page.keyboard.type(`@${BOT_NAME.slice(0, 3)}`);
      await this.page.getByRole('menuitem', { name: BOT_NAME }).click();
      await this.page.keyboard.insertText(` ${text}`);
    } else {
      await this.page.keyboard.insertText(text);
    }
    const shown = (async () => {
      await compose.filter({ hasText: text }).waitFor({ state: 'detached' });
      await this.page.getByText(text).filter({ visible: true }).first().waitFor();
    })();
    // Never hold the pushes forever: if the echo does not come, the test fails on its own wait below.
    this.echo = shown.catch(() => undefined);
    if (options.post) await this.page.getByRole('button', { name: 'Post', exact: true }).click();
    else await this.page.keyboard.press('Enter');
    await shown;
  }

  /** Saves a screenshot of the page, with `card` scrolled into view, to the environment's artifacts. */
  async screenshot(step: string, card?: Locator): Promise<string> {
    if (card) await card.scrollIntoViewIfNeeded();
    const file = path.join(
      this.artifacts,
      `${this.prefix}-${String(++this.shots).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-')}.png`,
    );
    await this.page.screenshot({ path: file });
    return file;
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** A push of the bot's typing indicator in a channel post's thread. */
function isThreadTyping(frame: string | Buffer): boolean {
  try {
    const event = JSON.parse(String(frame)) as { action?: unknown; actionConversationId?: unknown };
    return (
      event.action === 'typing' &&
      typeof event.actionConversationId === 'string' &&
      event.actionConversationId.includes(';messageid=')
    );
  } catch {
    return false;
  }
}

/** Every text the card shows, line by line (text blocks, choices, button titles). */
export async function cardLines(card: Locator): Promise<string[]> {
  const text = await card.innerText();
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The card's buttons (Action.Execute and Action.Submit; Action.OpenUrl renders as a link). */
export function buttonsOf(card: Locator): Locator {
  return card.locator('.ac-actionSet').getByRole('button');
}

export function linksOf(card: Locator): Locator {
  return card.locator('.ac-actionSet').getByRole('link');
}
