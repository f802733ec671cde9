/**
 * End-to-end in a real client: License Desk started as `npm start` starts it, the Microsoft 365
 * Agents Playground (the local Teams client) in front of it, and the playground's web client driven
 * in headless Chromium — what an admin sees, types and clicks. Every test saves screenshots to
 * test-artifacts/e2e/<environment>/. Needs Debian's `chromium` (see support/browser.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { contrastRatio } from '../harness/contrast';
import {
  buttonsOf,
  cardLines,
  launchChromium,
  linksOf,
  PlaygroundPage,
  UI_TIMEOUT_MS,
} from './support/browser';
import {
  ADELE,
  BOB,
  CHANNEL_NAME,
  GROUP_CHAT_NAME,
  PERSONAL_CHAT,
  startEnvironment,
  type Environment,
} from './support/environment';
import { PlaygroundApi } from './support/playgroundApi';
import { pressEveryButton, type CardSource } from './support/everyButton';
import { englishIn } from '../harness/language';

jest.setTimeout(150_000);

const GREETING = /^(Hi, I am License Desk|Bonjour, je suis License Desk)/;
const TWELVE_USERS =
  'alex@contoso.com, bob@contoso.com, diego.siciliani@contoso.com, grady.archie@contoso.com, ' +
  'henrietta.mueller@contoso.com, isaiah.langer@contoso.com, johanna.lorenz@contoso.com, ' +
  'joni.sherman@contoso.com, lee.gu@contoso.com, lidia.holloway@contoso.com, lynne.robbins@contoso.com, ' +
  'miriam.graham@contoso.com';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

/**
 * `notices off` for the organisation, before the scenarios. The playground knows 6 of the sample's 21
 * people: a notice to any other is accepted on createConversation, then every send answers 500
 * UserNotFound, retried by botbuilder and by the outbox for minutes. While that went on, a page load's
 * greeting sometimes never showed (the playground's own client; 4 of 31 scenarios failed that way).
 * The notices themselves are checked in the playground by the API suite (a notice to Adele in her
 * personal chat, an alert in the channel) and through the protocol in test/notices.
 */
async function peopleNoticesOff(env: Environment): Promise<void> {
  const api = await PlaygroundApi.connect(env.playgroundUrl, ADELE.id);
  try {
    await api.send(PERSONAL_CHAT, 'notices off');
  } finally {
    await api.close();
  }
}

/**
 * One test in its own browser tab: opens the playground, waits for the bot's greeting, runs `body`,
 * and saves a screenshot of the end state (or of the failure).
 */
function scenario(name: string, env: () => Environment, body: (view: PlaygroundPage) => Promise<void>) {
  test(name, async () => {
    const view = await PlaygroundPage.open(browser, env(), name);
    try {
      await view.waitForGreeting(GREETING);
      await body(view);
      await view.screenshot('end');
    } catch (error) {
      await view.screenshot('FAILED').catch(() => undefined);
      throw error;
    } finally {
      await view.close();
    }
  });
}

/** Clicks a button of `card` and waits until the same card (in place) shows `expected`. */
async function clickAndWait(card: Locator, button: string, expected: string | RegExp): Promise<void> {
  await buttonsOf(card).filter({ hasText: button }).first().click();
  await card.getByText(expected).first().waitFor();
}

/** The precondition "this is assigned", whatever earlier tests did: a result card or "already holds". */
async function given(view: PlaygroundPage, command: string): Promise<void> {
  const answer = await view.say(command);
  expect((await cardLines(answer))[0]).toMatch(
    /^(Licenses assigned|Licences attribuées)|^(Nothing to assign|Rien à attribuer)/,
  );
}

describe('as Adele Vance (License admin), in English', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment({ name: 'browser-admin' });
    await peopleNoticesOff(env);
  });
  afterAll(async () => {
    await env?.stop();
  });
  const current = () => env;

  scenario('personal chat: help', current, async (view) => {
    const card = await view.say('help');
    const lines = await cardLines(card);
    expect(lines).toEqual(
      expect.arrayContaining([
        'License Desk',
        'licenses',
        'assign Contoso CRM to Sales group, bob@contoso.com',
        'unassign Contoso CRM from Bob Kelly',
        'Only Global, License and User admins can see and change licenses.',
      ]),
    );
    expect(await buttonsOf(card).allInnerTexts()).toEqual(['Show licenses']);
  });

  scenario('personal chat: licenses, then Details in place', current, async (view) => {
    const card = await view.say('licenses');
    const lines = await cardLines(card);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Licenses',
        '4 apps from independent software vendors',
        'Contoso CRM',
        'Contoso Ltd',
        'Fabrikam Expenses',
        'Northwind Timesheets',
        'Litware Sondages',
      ]),
    );
    expect(lines.filter((line) => / of \d+ assigned · \d+ available$/.test(line))).toHaveLength(4);
    expect(await buttonsOf(card).allInnerTexts()).toEqual(['Details', 'Details', 'Details', 'Details']);
    await view.screenshot('licenses', card);

    const cardsBefore = await view.page.locator('.ac-adaptiveCard').count();
    await clickAndWait(card, 'Details', 'Sold by Contoso Ltd');
    expect(await view.page.locator('.ac-adaptiveCard').count()).toBe(cardsBefore);
  });

  scenario(
    'assign Contoso CRM to Sales group: seats left and Install this product',
    current,
    async (view) => {
      const card = await view.say('assign Contoso CRM to Sales group');
      const lines = await cardLines(card);
      // The line about the people told changes while they are (the card is updated in place).
      expect(lines.some((line) => /^(Telling the 8 people|Told \d of 8)/.test(line))).toBe(true);
      expect(lines.filter((line) => !/^(Telling|Told) /.test(line))).toEqual([
        'Licenses assigned: Contoso CRM',
        'Assigned to',
        'Sales (+8 seats)',
        '8 of 25 seats assigned · 17 left',
        'Next step: install the app in your organisation so these people can use it.',
        'Install this product',
      ]);
      const install = linksOf(card).filter({ hasText: 'Install this product' });
      await expect(install.getAttribute('title')).resolves.toBe('https://contoso-ltd.example/crm/install');
      await view.screenshot('result', card);
      await install.click();
      expect(await view.openedUrls()).toEqual(['https://contoso-ltd.example/crm/install']);
    },
  );

  scenario(
    'unassign Contoso CRM from Sales: Unassign turns the card into the outcome',
    current,
    async (view) => {
      await given(view, 'assign Contoso CRM to Sales group');
      const card = await view.say('unassign Contoso CRM from Sales');
      expect(await cardLines(card)).toEqual([
        'Unassign Contoso CRM?',
        'These assignments will be removed:',
        'Sales',
        '8 seats back',
        'Seats that come back: 8',
        'Seats assigned after: 0 of 25 (now 8)',
        expect.stringMatching(/^This confirmation expires at \d\d:\d\d UTC\.$/),
        'Unassign',
        'Cancel',
      ]);
      await view.screenshot('confirmation', card);
      const cardsBefore = await view.page.locator('.ac-adaptiveCard').count();

      await clickAndWait(card, 'Unassign', 'Unassigned: Contoso CRM');
      expect(await cardLines(card)).toEqual([
        'Unassigned: Contoso CRM',
        'Removed the assignment of Sales. Seats assigned: 8 → 0 of 25.',
        'Confirmed by Adele Vance.',
        'Telling the 8 people who lost their seat…',
      ]);
      expect(await buttonsOf(card).count()).toBe(0);
      expect(await linksOf(card).count()).toBe(0);
      expect(await view.page.locator('.ac-adaptiveCard').count()).toBe(cardsBefore);
      await view.screenshot('outcome', card);
    },
  );

  scenario('a second unassign, cancelled: the card shows it and nothing changes', current, async (view) => {
    await given(view, 'assign Contoso CRM to Sales group');
    const card = await view.say('unassign Contoso CRM from Sales');
    await clickAndWait(card, 'Cancel', 'Unassign cancelled: Contoso CRM');
    expect(await cardLines(card)).toEqual(['Unassign cancelled: Contoso CRM', 'Nothing was changed.']);
    expect(await buttonsOf(card).count()).toBe(0);
    await view.screenshot('cancelled', card);

    const details = await view.say('details Contoso CRM');
    expect(await cardLines(details)).toEqual(
      expect.arrayContaining([
        'Seats: 25 purchased · 8 assigned · 17 available',
        'Sales — Group · 8 members',
      ]),
    );
  });

  scenario(
    'details: Next and Previous page the holders; Unassign the selected; the links',
    current,
    async (view) => {
      const assigned = await view.say(`assign Northwind Timesheets to ${TWELVE_USERS}`);
      expect(await cardLines(assigned)).toContain('12 of 50 seats assigned · 38 left');

      const card = await view.say('details Northwind Timesheets');
      let lines = await cardLines(card);
      expect(lines).toEqual(
        expect.arrayContaining([
          'Northwind Timesheets',
          'Sold by Northwind Traders',
          'Seats: 50 purchased · 12 assigned · 38 available',
          '1–10 of 12',
          'Alex Wilber — User',
        ]),
      );
      expect(lines).not.toContain('Miriam Graham — User');
      // Unassign and paging under the list, then the card's main actions (Install this product is a
      // link). No secondary Assign in chat here: in the playground Assign licenses is that already.
      expect(await buttonsOf(card).allInnerTexts()).toEqual([
        'Unassign',
        'Next',
        'Assign licenses',
        'Add or remove licenses',
        'History',
      ]);
      await view.screenshot('page-1', card);

      await clickAndWait(card, 'Next', '11–12 of 12');
      lines = await cardLines(card);
      expect(lines).toEqual(expect.arrayContaining(['Lynne Robbins — User', 'Miriam Graham — User']));
      expect(lines).not.toContain('Alex Wilber — User');
      expect(await buttonsOf(card).allInnerTexts()).toEqual(expect.arrayContaining(['Unassign', 'Previous']));
      expect(await buttonsOf(card).allInnerTexts()).not.toContain('Next');
      await view.screenshot('page-2', card);

      // Previous goes back to the first page, Next forward again.
      await clickAndWait(card, 'Previous', '1–10 of 12');
      expect(await cardLines(card)).toContain('Alex Wilber — User');
      await clickAndWait(card, 'Next', '11–12 of 12');

      // Install this product opens the vendor's install page.
      const install = linksOf(card).filter({ hasText: 'Install this product' });
      await install.click();
      expect(await view.openedUrls()).toEqual(['https://northwind.example/timesheets/install']);

      // Select Miriam Graham, Unassign: the card becomes the confirmation for her alone; then Cancel.
      await card.getByRole('checkbox', { name: /Miriam Graham/ }).check();
      await clickAndWait(card, 'Unassign', 'Unassign Northwind Timesheets?');
      lines = await cardLines(card);
      expect(lines).toEqual(expect.arrayContaining(['Miriam Graham', 'Seats that come back: 1']));
      expect(lines).not.toContain('Lynne Robbins');
      await view.screenshot('unassign-selected', card);
      await clickAndWait(card, 'Cancel', 'Unassign cancelled: Northwind Timesheets');

      // Add or remove licenses: the vendor card and its two links.
      const again = await view.say('details Northwind Timesheets');
      await clickAndWait(again, 'Add or remove licenses', 'Add or remove licenses: Northwind Timesheets');
      expect(await linksOf(again).allInnerTexts()).toEqual([
        'Contact Northwind Traders',
        'E-mail Northwind Traders',
      ]);
      await linksOf(again).filter({ hasText: 'Contact Northwind Traders' }).click();
      await linksOf(again).filter({ hasText: 'E-mail Northwind Traders' }).click();
      expect((await view.openedUrls()).slice(1)).toEqual([
        'https://northwind.example/timesheets',
        'mailto:partners@northwind.example',
      ]);
      await view.screenshot('vendor', again);
    },
  );

  scenario('group chat: commands with an @mention', current, async (view) => {
    await view.openConversation(GROUP_CHAT_NAME);
    await view.waitForGreeting(/@mention License Desk and type “help”/);
    const help = await view.say('help', { mention: true });
    expect((await cardLines(help))[0]).toBe('License Desk');
    await clickAndWait(help, 'Show licenses', '4 apps from independent software vendors');
    await view.screenshot('list', help);

    const assigned = await view.say('assign Fabrikam Expenses to Marketing group', { mention: true });
    expect(await cardLines(assigned)).toEqual(
      expect.arrayContaining([
        'Licenses assigned: Fabrikam Expenses',
        'Marketing (+6 seats)',
        '6 of 10 seats assigned · 4 left',
      ]),
    );
  });

  scenario(
    'channel: a post with an @mention, then the unassign flow in its thread',
    current,
    async (view) => {
      await view.openConversation(CHANNEL_NAME);
      await view.waitForGreeting(GREETING);
      const { thread, answer } = await view.post('assign Litware Sondages to Ventes France group');
      expect(await cardLines(answer)).toEqual(
        expect.arrayContaining([
          'Licenses assigned: Litware Sondages',
          'Ventes France (+4 seats)',
          '4 of 5 seats assigned · 1 left',
        ]),
      );
      await view.screenshot('assigned', answer);

      const card = await view.say('unassign Litware Sondages from Ventes France', {
        mention: true,
        scope: thread,
      });
      expect((await cardLines(card))[0]).toBe('Unassign Litware Sondages?');
      await clickAndWait(card, 'Unassign', 'Unassigned: Litware Sondages');
      expect(await cardLines(card)).toEqual([
        'Unassigned: Litware Sondages',
        'Removed the assignment of Ventes France. Seats assigned: 4 → 0 of 5.',
        'Confirmed by Adele Vance.',
        'Telling the 4 people who lost their seat…',
      ]);
      expect(await buttonsOf(card).count()).toBe(0);
      await view.screenshot('outcome', card);
    },
  );

  scenario('unassign confirmation: the ⚠ line reads at 4.5:1 or better', current, async (view) => {
    await given(view, 'assign Northwind Timesheets to Sales group and Bob Kelly');
    const card = await view.say('unassign Northwind Timesheets from Bob Kelly');
    const warning = card.getByText('⚠ Bob Kelly keeps the app through Sales.');
    await warning.waitFor();
    // The text's colour against the nearest painted background, as the client rendered them.
    const [color, background] = await warning.evaluate((element: any) => {
      const style = (node: any) => (globalThis as any).getComputedStyle(node);
      let node = element;
      let paint = 'rgba(0, 0, 0, 0)';
      while (node && /rgba\(.*, 0\)$|transparent/.test(paint)) {
        paint = style(node).backgroundColor;
        node = node.parentElement;
      }
      return [style(element).color as string, paint];
    });
    expect(contrastRatio(color, background)).toBeGreaterThanOrEqual(4.5);
    await view.screenshot('warning', card);
    await clickAndWait(card, 'Cancel', 'Unassign cancelled: Northwind Timesheets');
  });

  // Last in this environment: the scenarios above count seats from a fresh organisation. One tab for all.
  describe('every button of every card does something visible', () => {
    let view: PlaygroundPage;
    beforeAll(async () => {
      view = await PlaygroundPage.open(browser, env, 'every button');
      await view.waitForGreeting(GREETING);
    });
    afterAll(async () => {
      await view?.close();
    });

    /**
     * Each command that answers with a card, after what sets its scene, and titles its card must show
     * at least (so a card that lost its buttons, or a DOM the test no longer reads, fails too). The
     * buttons pressed are those the client renders, whatever they are.
     */
    const SOURCES: (CardSource & { atLeast: string[] })[] = [
      { command: 'help', atLeast: ['Show licenses'] },
      { command: 'licenses', atLeast: ['Details'] },
      {
        command: 'details Northwind Timesheets',
        setup: [`assign Northwind Timesheets to ${TWELVE_USERS}`],
        atLeast: [
          'Next',
          'Assign licenses',
          'Unassign',
          'Install this product',
          'Add or remove licenses',
          'History',
        ],
      },
      {
        command: 'details Northwind Timesheets',
        via: 'Next',
        atLeast: ['Previous', 'Assign licenses', 'Unassign'],
      },
      { command: 'assign Litware Sondages to Bob Kelly', atLeast: ['Install this product'] },
      { command: 'licenses for Bob Kelly', atLeast: [] },
      {
        command: 'unassign Contoso CRM from Sales',
        before: ['assign Contoso CRM to Sales group'],
        atLeast: ['Unassign', 'Cancel'],
      },
      {
        command: 'unassign Contoso CRM from Diego Siciliani',
        before: ['assign Contoso CRM to Sales group', 'assign Contoso CRM to All Staff group'],
        atLeast: ['Unassign All Staff', 'Unassign Sales'],
      },
      { command: 'assign Litware Sondages to All Staff group', atLeast: ['Contact the vendor', 'Details'] },
      { command: 'install Contoso CRM', atLeast: ['Install this product'] },
      { command: 'add licenses to Contoso CRM', atLeast: [] },
      { command: 'history Contoso CRM', atLeast: [] },
      { command: 'install Contsoo CRM', atLeast: ['Contoso CRM'] },
      { command: 'asign Contso CRM to Lidia Holloway', atLeast: [] },
      { command: 'detials Contoso CRM', atLeast: ['details Contoso CRM'] },
      { command: 'assign Fabrikam Expenses to Jo', atLeast: [] },
      { command: 'assign Contoso CRM', atLeast: ['Assign'] },
    ];

    test.each(
      SOURCES.map((source) => ({
        ...source,
        name: [source.command, source.via].filter(Boolean).join(' › '),
      })),
    )('$name', async ({ atLeast, name: _name, ...source }) => {
      const presses = await pressEveryButton(view, source);
      // What was pressed and what it did, for whoever reads the artifacts.
      fs.appendFileSync(
        path.join(env.artifacts, 'every-button.jsonl'),
        presses.map((p) => `${JSON.stringify(p)}\n`).join(''),
      );
      const problems = presses.filter((p) => p.problem).map((p) => `${p.card} › ${p.button}: ${p.problem}`);
      if (problems.length) await view.screenshot(`FAILED ${source.command}`);
      expect(problems).toEqual([]);
      expect(presses.map((p) => p.button)).toEqual(expect.arrayContaining(atLeast));
    });
  });
});

describe('in French (the client sends locale fr-FR)', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment({ name: 'browser-french', locale: 'fr-FR' });
    await peopleNoticesOff(env);
  });
  afterAll(async () => {
    await env?.stop();
  });
  const current = () => env;

  /** Every line the bot shows in the conversation (greeting, cards, buttons) is French. */
  async function expectAllFrench(view: PlaygroundPage) {
    const lines = (await view.botMessages().allInnerTexts()).flatMap((text) =>
      text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    );
    expect(lines.length).toBeGreaterThan(3);
    expect(englishIn(lines)).toEqual([]);
  }

  scenario('French: aide, then Voir les licences', current, async (view) => {
    await view.waitForGreeting(/^Bonjour, je suis License Desk/);
    const card = await view.say('aide');
    expect(await cardLines(card)).toEqual(
      expect.arrayContaining(['licences', 'attribuer Contoso CRM au groupe Ventes France, bob@contoso.com']),
    );
    await clickAndWait(card, 'Voir les licences', '4 applications d’éditeurs indépendants');
    expect(await cardLines(card)).toEqual(
      expect.arrayContaining(['Licences', '0 sur 25 attribuée · 25 disponibles', 'Détails']),
    );
    await expectAllFrench(view);
  });

  scenario('French: attribuer, désattribuer, Désattribuer', current, async (view) => {
    const assigned = await view.say('attribuer Contoso CRM au groupe Ventes France');
    // The line about the people told changes while they are (the card is updated in place).
    const lines = await cardLines(assigned);
    expect(lines.some((line) => /^(Envoi d’un message aux 4|\d personnes prévenues sur 4)/.test(line))).toBe(
      true,
    );
    expect(lines.filter((line) => !/^(Envoi d’un message|\d personnes prévenues)/.test(line))).toEqual([
      'Licences attribuées : Contoso CRM',
      'Attribuée à',
      'Ventes France (+4 licences)',
      'Attribuées : 4 sur 25 · 21 restantes',
      'Étape suivante : installez l’application dans votre organisation pour que ces personnes puissent l’utiliser.',
      'Installer ce produit',
    ]);
    const card = await view.say('désattribuer Contoso CRM du groupe Ventes France');
    expect(await cardLines(card)).toEqual(
      expect.arrayContaining([
        'Désattribuer Contoso CRM ?',
        'Licences libérées : 4',
        'Licences attribuées après : 0 sur 25 (actuellement 4)',
        'Désattribuer',
        'Annuler',
      ]),
    );
    await view.screenshot('confirmation', card);
    await clickAndWait(card, 'Désattribuer', 'Désattribuée : Contoso CRM');
    expect(await cardLines(card)).toEqual([
      'Désattribuée : Contoso CRM',
      'Attribution retirée : Ventes France. Licences attribuées : 4 → 0 sur 25.',
      'Confirmé par Adele Vance.',
      'Envoi d’un message aux 4 personnes qui ont perdu leur licence…',
    ]);
    expect(await buttonsOf(card).count()).toBe(0);
    await expectAllFrench(view);
  });

  scenario('French: a second désattribuer, Annuler', current, async (view) => {
    await given(view, 'attribuer Contoso CRM au groupe Ventes France');
    const card = await view.say('désattribuer Contoso CRM du groupe Ventes France');
    await clickAndWait(card, 'Annuler', 'Désattribution annulée : Contoso CRM');
    expect(await cardLines(card)).toEqual(['Désattribution annulée : Contoso CRM', 'Rien n’a été modifié.']);
    await expectAllFrench(view);
  });

  scenario(
    'French: détails, Suivant et Précédent, Ajouter ou supprimer des licences, Historique',
    current,
    async (view) => {
      await view.say(`attribuer Northwind Timesheets à ${TWELVE_USERS}`);
      const card = await view.say('détails Northwind Timesheets');
      expect(await cardLines(card)).toEqual(
        expect.arrayContaining([
          'Vendue par Northwind Traders',
          'Licences : 50 achetées · 12 attribuées · 38 disponibles',
          '1–10 sur 12',
          expect.stringMatching(/ — Utilisateur$/),
        ]),
      );
      await clickAndWait(card, 'Suivant', '11–12 sur 12');
      await view.screenshot('page-2', card);
      await clickAndWait(card, 'Précédent', '1–10 sur 12');
      await clickAndWait(card, 'Suivant', '11–12 sur 12');
      await expectAllFrench(view);
      await clickAndWait(card, 'Ajouter ou supprimer des licences', /^Ajouter ou supprimer des licences : /);
      expect(await linksOf(card).allInnerTexts()).toEqual([
        'Contacter Northwind Traders',
        'Écrire à Northwind Traders',
      ]);
      await expectAllFrench(view);
      const history = await view.say('historique Northwind Timesheets');
      expect((await cardLines(history))[0]).toBe('Historique : Northwind Timesheets');
      await expectAllFrench(view);
    },
  );
});

describe('as Bob Kelly (no admin role)', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment({ name: 'browser-non-admin', currentUserId: BOB.id });
  });
  afterAll(async () => {
    await env?.stop();
  });

  const REFUSAL = [
    'Only admins can do this',
    'Sorry, only a Global admin, License admin or User admin of your organisation can see or change licenses. Ask one of them to give you a role, or to do this for you.',
  ];

  scenario(
    'non-admin: help works, everything else is politely refused',
    () => env,
    async (view) => {
      await view.page.getByText(BOB.name, { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
      const help = await view.say('help');
      expect((await cardLines(help))[0]).toBe('License Desk');
      for (const command of [
        'licenses',
        'assign Contoso CRM to Sales group',
        'unassign Contoso CRM from Sales',
      ]) {
        expect(await cardLines(await view.say(command))).toEqual(REFUSAL);
      }
      // A click is checked too.
      await clickAndWait(help, 'Show licenses', 'Only admins can do this');
      expect(await cardLines(help)).toEqual(REFUSAL);
    },
  );
});
