import type { Locator } from 'playwright-core';
import type { PlaygroundPage } from './browser';

/** How long a press may take to show something (two loaded cores); a dead button costs this once. */
const EFFECT_TIMEOUT_MS = 20_000;

/** Answers that mean the button reached the bot but is broken: a card that cannot be used. */
const BROKEN_ANSWER =
  /out of date or damaged|something went wrong on our side|n’est plus valable|problème de notre côté/i;

/**
 * A card the bot sends: `setup` commands set the scene once; each fresh card is then `before`
 * (what a press may have undone, e.g. the assignment an Unassign removed) and `command`.
 */
export interface CardSource {
  command: string;
  setup?: string[];
  before?: string[];
  /** A card only a press brings (e.g. the second page): the button pressed on the command's card. */
  via?: string;
}

/**
 * A button as the client renders it: an action button, a link (Action.OpenUrl, whose title
 * attribute is its URL) or an item of the "…" overflow menu (secondary actions, or too many).
 */
interface Pressable {
  kind: 'button' | 'link' | 'menuitem';
  /** The index among the card's buttons (or links); for a menu item, the index of the overflow button. */
  index: number;
  title: string;
  url?: string;
}

/** One press and what it did: `effect` when something visible changed, `problem` when not (or wrongly). */
export interface Press {
  card: string;
  button: string;
  effect?: string;
  problem?: string;
}

const actionSetOf = (card: Locator) => card.locator('.ac-actionSet');

/** Every button the card shows, read from the rendered DOM (overflow menus opened and read). */
async function pressablesOf(view: PlaygroundPage, card: Locator): Promise<Pressable[]> {
  const found: Pressable[] = [];
  const buttons = actionSetOf(card).getByRole('button');
  for (let index = 0; index < (await buttons.count()); index++) {
    const button = buttons.nth(index);
    const title = (await button.innerText()).trim() || ((await button.getAttribute('aria-label')) ?? '');
    if ((await button.getAttribute('aria-expanded')) === null) {
      found.push({ kind: 'button', index, title });
      continue;
    }
    // The overflow button: its effect is the menu; each item is a button of its own.
    found.push({ kind: 'button', index, title });
    await button.click();
    const items = view.page.getByRole('menuitem');
    await items.first().waitFor();
    for (const item of await items.allInnerTexts())
      found.push({ kind: 'menuitem', index, title: item.trim() });
    await view.page.keyboard.press('Escape');
    await items.first().waitFor({ state: 'hidden' });
  }
  const links = actionSetOf(card).getByRole('link');
  for (let index = 0; index < (await links.count()); index++) {
    const link = links.nth(index);
    const url = (await link.getAttribute('title')) ?? undefined;
    found.push({ kind: 'link', index, title: (await link.innerText()).trim(), url });
  }
  return found;
}

interface Before {
  index: number;
  text: string;
  messages: number;
  urls: number;
}

/**
 * Presses one button and waits for a visible effect: a new bot message, the card replaced (its text
 * changed in place), a link opened (window.open, recorded by PlaygroundPage), or a menu shown.
 */
async function press(view: PlaygroundPage, card: Locator, target: Pressable): Promise<Omit<Press, 'card'>> {
  const page = view.page;
  const before: Before = {
    index: await indexOf(card),
    text: await card.innerText(),
    messages: await view.botMessages().count(),
    urls: (await view.openedUrls()).length,
  };
  const errors: string[] = [];
  const onError = (error: Error) => errors.push(error.message);
  page.on('pageerror', onError);
  const button =
    target.kind === 'link' ? actionSetOf(card).getByRole('link') : actionSetOf(card).getByRole('button');
  try {
    await button.nth(target.index).click();
    if (target.kind === 'menuitem')
      await page.getByRole('menuitem', { name: target.title, exact: true }).click();
    const effect = await page
      .waitForFunction(
        (b: Before) => {
          const page = globalThis as any;
          const document = page.document;
          const opened = page.__openedUrls as string[];
          if (opened.length > b.urls) return `opened ${opened[b.urls]}`;
          if (document.querySelectorAll('.fai-OutputCard').length > b.messages) return 'new message';
          const cardNow = document.querySelectorAll('.ac-adaptiveCard')[b.index] as
            { innerText: string } | undefined;
          if (!cardNow || cardNow.innerText !== b.text) return 'card replaced';
          if (document.querySelector('[role="menu"]')) return 'menu';
          return false;
        },
        before,
        { timeout: EFFECT_TIMEOUT_MS, polling: 100 },
      )
      .then((handle) => handle.jsonValue() as Promise<string>)
      .catch(() => undefined);
    if (!effect) {
      const seen = errors.length ? ` (page errors: ${errors.join('; ')})` : '';
      return {
        button: target.title,
        problem: `no visible effect within ${EFFECT_TIMEOUT_MS / 1000} s${seen}`,
      };
    }
    if (effect === 'menu') await page.keyboard.press('Escape');
    if (effect.startsWith('opened ')) {
      const url = effect.slice('opened '.length);
      const problem = target.url && url !== target.url ? `opened ${url}, expected ${target.url}` : undefined;
      return { button: target.title, effect, problem };
    }
    const shown =
      effect === 'new message' ? await view.botMessages().last().innerText() : await card.innerText();
    const problem = BROKEN_ANSWER.test(shown) ? `answered: ${shown.replace(/\s+/g, ' ').trim()}` : undefined;
    return { button: target.title, effect, problem };
  } finally {
    page.off('pageerror', onError);
  }
}

/** Runs the source's commands and returns its card (the bot's answer to the last one). */
async function freshCard(view: PlaygroundPage, source: CardSource): Promise<Locator> {
  for (const command of source.before ?? []) await view.say(command);
  const card = await view.say(source.command);
  if (!source.via) return card;
  const index = await indexOf(card);
  const text = await card.innerText();
  await actionSetOf(card).getByRole('button', { name: source.via, exact: true }).click();
  await view.page.waitForFunction(
    ([i, before]) =>
      ((globalThis as any).document.querySelectorAll('.ac-adaptiveCard')[i]?.innerText ?? before) !== before,
    [index, text] as const,
  );
  return card;
}

function indexOf(card: Locator): Promise<number> {
  return card.evaluate((el) =>
    Array.from((globalThis as any).document.querySelectorAll('.ac-adaptiveCard')).indexOf(el),
  );
}

/**
 * Presses every button of the card `source` produces, each on a card in its first state: after a
 * press that changed the card (replaced in place, a menu left open), the next one gets a fresh card.
 */
export async function pressEveryButton(view: PlaygroundPage, source: CardSource): Promise<Press[]> {
  for (const command of source.setup ?? []) await view.say(command);
  let card = await freshCard(view, source);
  const pressables = await pressablesOf(view, card);
  const presses: Press[] = [];
  let fresh = true;
  for (const target of pressables) {
    if (!fresh) card = await freshCard(view, source);
    const result = await press(view, card, target);
    presses.push({ card: source.command, ...result });
    fresh = result.effect === 'new message' || (result.effect ?? '').startsWith('opened ');
  }
  return presses;
}
