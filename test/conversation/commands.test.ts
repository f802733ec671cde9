import { slowSampleDirectory } from '../harness/slowDirectory';
import { startTestApp, type TestApp } from '../harness/testApp';
import {
  actionsOf,
  BOB,
  MEGAN,
  PATTI,
  SAMPLE_TENANT,
  textsOf,
  type ConversationType,
  type TeamsTestClient,
} from '../harness/teamsClient';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

describe.each<[ConversationType]>([['personal'], ['groupChat'], ['channel']])(
  'in a %s conversation',
  (type) => {
    let en: TeamsTestClient;
    let fr: TeamsTestClient;
    beforeAll(() => {
      en = t.client({ conversationType: type });
      fr = t.client({ conversationType: type, locale: 'fr-FR' });
    });

    test('help / aide list the commands with examples', async () => {
      expect(textsOf((await en.send('help')).card)).toEqual(
        expect.arrayContaining(['licenses', 'unassign Contoso CRM from Bob Kelly', 'history Contoso CRM']),
      );
      expect(textsOf((await fr.send('aide')).card)).toEqual(
        expect.arrayContaining([
          'licences',
          'désattribuer Contoso CRM de Bob Kelly',
          'historique Contoso CRM',
        ]),
      );
      expect(textsOf((await en.send('?')).card)[0]).toBe('License Desk');
    });

    test('licenses / licences list every app with its seats', async () => {
      const english = textsOf((await en.send('list licenses')).card);
      expect(english).toEqual(
        expect.arrayContaining(['Licenses', 'Northwind Timesheets', 'Northwind Traders']),
      );
      expect(english.filter((s) => /^\d+ of \d+ assigned · \d+ available$/.test(s))).toHaveLength(4);
      const french = textsOf((await fr.send('licences')).card);
      expect(french).toEqual(expect.arrayContaining(['Licences', 'Litware Sondages', 'Détails']));
      expect(french.filter((s) => /^\d+ sur \d+ attribuées? · \d+ disponibles?$/.test(s))).toHaveLength(4);
    });

    test('install / installer answer with the install link', async () => {
      const english = await en.send('install Northwind Timesheets');
      expect(textsOf(english.card)).toContain('Install Northwind Timesheets');
      const button = actionsOf(english.card!).find((a) => a.title === 'Install this product');
      expect(button).toMatchObject({
        type: 'Action.OpenUrl',
        url: 'https://northwind.example/timesheets/install',
      });
      const french = await fr.send('installer litware');
      expect(actionsOf(french.card!).find((a) => a.title === 'Installer ce produit')?.url).toBe(
        'https://litware.example/fr/sondages/installer',
      );
    });

    test('seats commands answer with the vendor contact', async () => {
      for (const phrase of [
        'add licenses to Contoso CRM',
        'buy more Contoso CRM',
        'remove licenses Contoso CRM',
      ]) {
        const card = (await en.send(phrase)).card;
        expect(textsOf(card)).toEqual(
          expect.arrayContaining(['Add or remove licenses: Contoso CRM', 'licensing@contoso-ltd.example']),
        );
      }
      const french = textsOf((await fr.send('ajouter des licences à Fabrikam Expenses')).card);
      expect(french).toEqual(
        expect.arrayContaining([
          'Ajouter ou supprimer des licences : Fabrikam Expenses',
          'sales@fabrikam.example',
        ]),
      );
    });
  },
);

test('details shows holders (users and groups with member counts) and the four admin-center buttons', async () => {
  const c = t.client();
  await c.send('assign Fabrikam Expenses to Marketing group and Alex Wilber');
  const card = (await c.send('show Fabrikam Expenses')).card!;
  expect(textsOf(card)).toEqual(
    expect.arrayContaining([
      'Fabrikam Expenses',
      'Sold by Fabrikam Inc',
      'Marketing — Group · 6 members',
      'Alex Wilber — User',
    ]),
  );
  expect(textsOf(card)).toContain('Seats: 10 purchased · 7 assigned · 3 available');
  expect(actionsOf(card).map((a) => a.title)).toEqual(
    expect.arrayContaining(['Assign licenses', 'Unassign', 'Install this product', 'Add or remove licenses']),
  );
  const french = (await t.client({ locale: 'fr-FR' }).send('détails Fabrikam Expenses')).card!;
  expect(textsOf(french)).toEqual(
    expect.arrayContaining([
      'Vendue par Fabrikam Inc',
      'Marketing — Groupe · 6 membres',
      'Alex Wilber — Utilisateur',
    ]),
  );
  expect(actionsOf(french).map((a) => a.title)).toEqual(
    expect.arrayContaining([
      'Attribuer des licences',
      'Désattribuer',
      'Installer ce produit',
      'Ajouter ou supprimer des licences',
    ]),
  );
});

test('assign several principals at once ends with the install link; French too', async () => {
  const c = t.client();
  const result = (await c.send('assign Northwind Timesheets to Sales, alex@contoso.com and Megan Bowen'))
    .card!;
  expect(textsOf(result)).toEqual(
    expect.arrayContaining([
      'Licenses assigned: Northwind Timesheets',
      // A group says how many new seats it used.
      'Sales (+8 seats), Alex Wilber and Megan Bowen',
      '10 of 50 seats assigned · 40 left',
    ]),
  );
  expect(actionsOf(result).at(-1)).toMatchObject({ type: 'Action.OpenUrl', title: 'Install this product' });

  const fr = (
    await t
      .client({ locale: 'fr-FR' })
      .send('attribuer Northwind Timesheets à Ventes France, Megan Bowen et Alex Wilber')
  ).card!;
  expect(textsOf(fr)).toEqual(
    expect.arrayContaining([
      'Licences attribuées : Northwind Timesheets',
      'Ventes France (+4 licences)',
      'Attribuées : 14 sur 50 · 36 restantes',
    ]),
  );
  expect(textsOf(fr)).toEqual(expect.arrayContaining(['Megan Bowen et Alex Wilber']));
  const audit = await t.app.ledger.history(
    '6babcaad-604b-40ac-a9d7-9fd97c0b779f',
    'northwind-timesheets',
    10,
  );
  expect(audit.map((e) => [e.seatsBefore, e.seatsAfter])).toEqual([
    [10, 14],
    [0, 10],
  ]);
});

test('"Sales group", "group Sales" and "le groupe Ventes France" name groups; an address names a user', async () => {
  const c = t.client();
  const first = await c.send('assign Litware Sondages to the Ventes France group');
  expect(textsOf(first.card)).toContain('Ventes France (+4 seats)');
  const again = await t
    .client({ locale: 'fr-FR' })
    .send('attribuer Litware Sondages au groupe Ventes France');
  expect(textsOf(again.card).join(' ')).toContain('détiennent déjà Litware Sondages');
  const user = await c.send('assign Litware Sondages to "bob@contoso.com"');
  expect(textsOf(user.card)).toEqual(expect.arrayContaining(['Bob Kelly', '5 of 5 seats assigned · 0 left']));
});

test('an assignment that would exceed the seats is refused whole, with the numbers', async () => {
  const c = t.client();
  const before = await t.app.ledger.listApps('6babcaad-604b-40ac-a9d7-9fd97c0b779f');
  const refused = await c.send('assign Litware Sondages to All Staff');
  expect(textsOf(refused.card).join(' ')).toMatch(
    /Not enough seats for Litware Sondages: this needs \d+ seats and none is available \(seats purchased: 5\)\. Nothing was assigned\./,
  );
  expect(await t.app.ledger.listApps('6babcaad-604b-40ac-a9d7-9fd97c0b779f')).toEqual(before);
  const fr = await t.client({ locale: 'fr-FR' }).send('attribuer Litware Sondages à All Staff');
  expect(textsOf(fr.card).join(' ')).toMatch(/Pas assez de licences pour Litware Sondages/);
});

test('unassign answers with a confirmation card naming what comes back and the warnings; nothing changes yet', async () => {
  const c = t.client();
  await c.send('assign Contoso CRM to Sales group and bob@contoso.com');
  const card = (await c.send('remove Contoso CRM from Bob Kelly')).card!;
  expect(textsOf(card)).toEqual(
    expect.arrayContaining([
      'Unassign Contoso CRM?',
      'Bob Kelly',
      '0 seats back',
      'Seats that come back: 0',
      '⚠ Bob Kelly keeps the app through Sales.',
    ]),
  );
  expect(actionsOf(card).map((a) => a.title)).toEqual(['Unassign', 'Cancel']);
  const seats = (await t.app.ledger.listApps('6babcaad-604b-40ac-a9d7-9fd97c0b779f')).find(
    (a) => a.app.appId === 'contoso-crm',
  );
  expect(seats?.seatsAssigned).toBe(8);
  const fr = (await t.client({ locale: 'fr-FR' }).send('désattribuer Contoso CRM de Sales')).card!;
  expect(textsOf(fr)).toEqual(
    expect.arrayContaining([
      'Désattribuer Contoso CRM ?',
      'Licences libérées : 7',
      'Désattribuer',
      'Annuler',
    ]),
  );
  expect(textsOf(fr).join(' ')).toContain(
    'Bob Kelly garde l’application : elle lui est aussi attribuée directement.',
  );
});

test('history / historique list the latest changes: who, what, when, seats', async () => {
  const c = t.client();
  await c.send('assign Contoso CRM to Marketing');
  const card = (await c.send('history Contoso CRM')).card!;
  const lines = textsOf(card);
  expect(lines[0]).toBe('History: Contoso CRM');
  expect(lines[1]).toBe('Adele Vance assigned Marketing');
  expect(lines[2]).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC · Seats \d+ → \d+$/);
  const fr = textsOf((await t.client({ locale: 'fr-FR' }).send('historique Contoso CRM')).card);
  expect(fr[0]).toBe('Historique : Contoso CRM');
  expect(fr[1]).toBe('Adele Vance a attribué l’application à Marketing');
});

test('history names the first five of a change that named more, and counts the others', async () => {
  const c = t.client();
  const people = [
    'Diego Siciliani',
    'Grady Archie',
    'Henrietta Mueller',
    'Émilie Dubois',
    'François Lefèvre',
    'Chloé Martin',
    'Alice Durand',
  ];
  await c.send(`assign Northwind Timesheets to ${people.join(', ')}`);
  const [, newest] = textsOf((await c.send('history Northwind Timesheets')).card);
  expect(newest).toBe(`Adele Vance assigned ${people.slice(0, 5).join(', ')} and 2 others`);
  const [, plusieurs] = textsOf(
    (await t.client({ locale: 'fr-FR' }).send('historique Northwind Timesheets')).card,
  );
  expect(plusieurs).toBe(
    `Adele Vance a attribué l’application à ${people.slice(0, 5).join(', ')} et 2 autres`,
  );
  // The audit keeps every one of them.
  const [entry] = await t.app.ledger.history(SAMPLE_TENANT, 'northwind-timesheets', 1);
  const all = await t.app.ledger.auditPrincipals(SAMPLE_TENANT, entry);
  expect(all.map((p) => p.displayName)).toEqual(people);
});

test('a command without an app asks which app, with a button per app', async () => {
  const card = (await t.client({ locale: 'fr-FR' }).send('historique')).card!;
  expect(textsOf(card)[0]).toBe('Quelle application ?');
  expect(actionsOf(card).map((a) => a.data.command)).toEqual(
    expect.arrayContaining(['history Contoso CRM', 'history Litware Sondages']),
  );
});

test('case, accents, quotes, extra spaces, trailing punctuation and a unique prefix do not matter', async () => {
  const c = t.client();
  for (const phrase of [
    '  DETAILS   « contoso crm » !',
    'Détails "Contoso CRM".',
    'details contoso',
    'show CONTOSO c',
  ]) {
    expect(textsOf((await c.send(phrase)).card)[0]).toBe('Contoso CRM');
  }
});

test('a near-miss app name gets "Did you mean" with buttons that complete the command', async () => {
  const c = t.client();
  const card = (await c.send('install Contsoo CRM')).card!;
  expect(textsOf(card)[0]).toBe('I could not find “Contsoo CRM”. Did you mean:');
  const click = await c.click(card, 'Contoso CRM');
  expect(textsOf(click.replacement)).toContain('Install Contoso CRM');
});

test('a near-miss user name gets suggestions; the button completes the original assign', async () => {
  const c = t.client();
  const card = (await c.send('assign Fabrikam Expenses to Meghan Bowen')).card!;
  expect(textsOf(card)[0]).toBe('I could not find “Meghan Bowen”. Did you mean:');
  const click = await c.click(card, 'Assign Fabrikam Expenses to Megan Bowen (megan.bowen@contoso.com)');
  expect(textsOf(click.replacement)).toEqual(
    expect.arrayContaining(['Licenses assigned: Fabrikam Expenses', 'Megan Bowen']),
  );
});

test('an ambiguous name gets a choice, never a guess', async () => {
  const c = t.client();
  const before = await t.app.ledger.details('6babcaad-604b-40ac-a9d7-9fd97c0b779f', 'contoso-crm', 0, 100);
  const card = (await c.send('assign Contoso CRM to Jo')).card!;
  expect(textsOf(card)[0]).toBe('“Jo” matches several users or groups. Which one?');
  expect(actionsOf(card).map((a) => a.title)).toEqual(
    expect.arrayContaining([
      'Assign Contoso CRM to Johanna Lorenz (johanna.lorenz@contoso.com)',
      'Assign Contoso CRM to Joni Sherman (joni.sherman@contoso.com)',
    ]),
  );
  const after = await t.app.ledger.details('6babcaad-604b-40ac-a9d7-9fd97c0b779f', 'contoso-crm', 0, 100);
  expect(after.totalHolders).toBe(before.totalHolders);
});

test('nothing matching says what was not found and how to list what exists', async () => {
  const c = t.client();
  expect(textsOf((await c.send('details Zebra Analytics')).card).join(' ')).toContain(
    'I could not find an app named “Zebra Analytics”. Type “licenses” to see every app.',
  );
  expect(textsOf((await c.send('assign Contoso CRM to Zzyzx Qwerty')).card).join(' ')).toContain(
    'I could not find a user or group named “Zzyzx Qwerty”.',
  );
});

test('unknown text gets a short hint toward help, in the user language', async () => {
  expect((await t.client().send('what is the weather')).text).toBe(
    'I did not understand “what is the weather”. Type “help” to see what I can do.',
  );
  expect((await t.client({ locale: 'fr-CA' }).send('bonjour')).text).toBe(
    'Je n’ai pas compris « bonjour ». Tapez « aide » pour voir ce que je sais faire.',
  );
});

test('only Global, License and User admins may act; others are refused politely in their language; help is open', async () => {
  const c = t.client();
  for (const admin of [MEGAN, PATTI]) {
    expect(textsOf((await c.as(admin).send('licenses')).card)[0]).toBe('Licenses');
  }
  const refusal = textsOf((await c.as(BOB).send('assign Contoso CRM to Bob Kelly')).card).join(' ');
  expect(refusal).toContain('only a Global admin, License admin or User admin');
  const french = textsOf((await c.as(BOB, 'fr-FR').send('licences')).card).join(' ');
  expect(french).toContain(
    'seuls un administrateur général, un administrateur de licences ou un administrateur d’utilisateurs',
  );
  expect(textsOf((await c.as(BOB).send('help')).card)[0]).toBe('License Desk');
});

describe('the typing indicator (TYPING_DELAY_MS)', () => {
  /** What the bot sent to the connector during one turn, in the order it arrived. */
  async function sent(app: TestApp, client: TeamsTestClient, text: string) {
    const mark = app.connector.calls.length;
    const started = performance.now();
    const turn = await client.send(text);
    // Not this turn's: updates of a card sent before it. An assignment's result card is updated in the
    // background as its notices go out (notices branch), and those updates may land during a later turn.
    const earlier = new Set(app.connector.calls.slice(0, mark).map((c) => c.activityId));
    const calls = app.connector
      .since(mark, client.conversationId)
      .filter((c) => !(c.op === 'update' && earlier.has(c.activityId)));
    return {
      turn,
      kinds: calls.map((c) => c.activity.type),
      /** Milliseconds from sending the message to the arrival of each call. */
      after: calls.map((c) => c.receivedAt - started),
    };
  }

  let zero: TestApp;
  let slow: TestApp;
  beforeAll(async () => {
    [zero, slow] = await Promise.all([
      startTestApp({ env: { TYPING_DELAY_MS: '0' } }),
      // Principal lookups take 200 ms (only the ledger makes them, inside the assignment or unassign
      // preparation): much longer than the 20 ms the bot waits before showing typing.
      startTestApp({ env: { TYPING_DELAY_MS: '20' }, start: { directory: slowSampleDirectory(200) } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([zero?.stop(), slow?.stop()]);
  });

  test('by default (300 ms) a fast assignment and unassign are answered without typing', async () => {
    const c = t.client();
    const assigned = await sent(t, c, 'assign Northwind Timesheets to Lidia Holloway');
    expect(textsOf(assigned.turn.card)).toContain('Licenses assigned: Northwind Timesheets');
    expect(assigned.turn.typing).toBe(false);
    expect(assigned.kinds).toEqual(['message']);
    const asked = await sent(t, c, 'unassign Northwind Timesheets from Lidia Holloway');
    expect(textsOf(asked.turn.card)[0]).toBe('Unassign Northwind Timesheets?');
    expect(asked.turn.typing).toBe(false);
    expect(asked.kinds).toEqual(['message']);
  });

  test('with TYPING_DELAY_MS=0 typing is shown before every assignment and unassign card', async () => {
    const c = zero.client();
    const assigned = await sent(zero, c, 'assign Northwind Timesheets to Lidia Holloway');
    expect(textsOf(assigned.turn.card)).toContain('Licenses assigned: Northwind Timesheets');
    expect(assigned.kinds).toEqual(['typing', 'message']);
    const asked = await sent(zero, c, 'unassign Northwind Timesheets from Lidia Holloway');
    expect(textsOf(asked.turn.card)[0]).toBe('Unassign Northwind Timesheets?');
    expect(asked.kinds).toEqual(['typing', 'message']);
  });

  test('when the work outlasts the delay, typing is shown after the delay and before the card', async () => {
    const c = slow.client();
    const assigned = await sent(slow, c, 'assign Contoso CRM to Megan Bowen');
    expect(textsOf(assigned.turn.card)).toEqual(
      expect.arrayContaining(['Licenses assigned: Contoso CRM', 'Megan Bowen']),
    );
    expect(assigned.kinds).toEqual(['typing', 'message']);
    // Not sent first: only once the 20 ms had passed; the card after the 200 ms lookup.
    expect(assigned.after[0]).toBeGreaterThanOrEqual(20);
    expect(assigned.after[1]).toBeGreaterThanOrEqual(200);

    const asked = await sent(slow, c, 'unassign Contoso CRM from Megan Bowen');
    expect(textsOf(asked.turn.card)[0]).toBe('Unassign Contoso CRM?');
    expect(asked.kinds).toEqual(['typing', 'message']);

    // A slow refusal too: typing, then the refusal card (the typing send is awaited on failure).
    const refused = await sent(slow, c, 'assign Litware Sondages to All Staff');
    expect(textsOf(refused.turn.card).join(' ')).toMatch(/Not enough seats for Litware Sondages/);
    expect(refused.kinds).toEqual(['typing', 'message']);
  });
});

test('in a channel only the bot mention is stripped; a mentioned user is read as a name', async () => {
  const channel = t.client({ conversationType: 'channel' });
  const turn = await channel.send('assign Northwind Timesheets to <at>Lynne Robbins</at>');
  expect(textsOf(turn.card)).toEqual(
    expect.arrayContaining(['Licenses assigned: Northwind Timesheets', 'Lynne Robbins']),
  );
});
