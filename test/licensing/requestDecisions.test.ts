import { randomUUID } from 'node:crypto';
import { LicenseLedger } from '../../bot/licensing/ledger';
import { SeatRequests, type SeatRequestDocument } from '../../bot/licensing/seatRequests';
import { cardProblems } from '../harness/cardParser';
import type { ConnectorCall } from '../harness/loopbackConnector';
import { startTestApp, type TestApp } from '../harness/testApp';
import {
  ADELE,
  BOB,
  MEGAN,
  SAMPLE_TENANT,
  actionsOf,
  cardOf,
  textsOf,
  type AdaptiveCardJson,
  type TeamsTestClient,
  type TestUser,
} from '../harness/teamsClient';
import { waitFor } from '../harness/waitFor';
import { OrganisationsDirectory, SAMPLE_ORG, organisationFor } from './harness';

/**
 * Deciding seat requests through /api/messages with the request cards in the admins' personal chats
 * (no alert channel): every copy replaced, one decision whatever the clicks (two admins at once, a
 * replay), no seat left, forged data, a non-admin's click, expiry, `requests` paged, `my licenses`,
 * and the help card by role. Two organisations share the container: a request of one cannot be
 * decided from the other.
 */

const OTHER_TENANT = '7c0ffee0-0000-4000-8000-000000000001';

let t: TestApp;
let adele: TeamsTestClient;
let megan: TeamsTestClient;
beforeAll(async () => {
  t = await startTestApp({
    env: { NOTICE_RATE_PER_SECOND: '50', NOTICE_INTERVAL_SECONDS: '3600', REQUEST_TTL_DAYS: '7' },
    start: { directory: new OrganisationsDirectory(SAMPLE_ORG, organisationFor(OTHER_TENANT)) },
  });
  const catalog = await t.app.ledger.getCatalog(SAMPLE_TENANT);
  await t.app.ledger.putCatalog(OTHER_TENANT, catalog);
  adele = t.client({ user: ADELE });
  megan = t.client({ user: MEGAN, locale: 'fr-FR' });
  // The admins who used the bot get the request cards in their personal chats.
  await adele.send('licenses');
  await megan.send('licences');
});
afterAll(async () => {
  await t.stop();
});

const person = (n: number, name: string): TestUser => {
  const aadObjectId = `a0c${String(n).padStart(5, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { id: `29:${aadObjectId}`, aadObjectId, name };
};

const words = (card: AdaptiveCardJson | undefined) => textsOf(card).join(' ');
const posted = (call: ConnectorCall) => call.op === 'send' || call.op === 'reply';
const requestCardsIn = (mark: number, conversationId: string) =>
  t.connector
    .since(mark, conversationId)
    .filter(
      (call) => posted(call) && actionsOf(cardOf(call) ?? {}).some((a) => a.verb === 'request.approve'),
    );
const cardsIn = (mark: number, conversationId: string, pattern: RegExp) =>
  t.connector.since(mark, conversationId).filter((call) => posted(call) && pattern.test(words(cardOf(call))));
const updatesOf = (mark: number, call: ConnectorCall) =>
  t.connector
    .since(mark, call.conversationId)
    .filter((update) => update.op === 'update' && update.activityId === call.activityId);
const requestIdOf = (card: AdaptiveCardJson): string => actionsOf(card)[0].data.requestId;
const stored = async (requestId: string, tenantId = SAMPLE_TENANT) =>
  (await t.app.store.read<SeatRequestDocument>(tenantId, `request:${requestId}`))?.doc;
const requestedAssignments = async (appId: string, requester: string) =>
  (await t.app.ledger.history(SAMPLE_TENANT, appId, 100)).filter(
    (entry) => entry.requestedBy?.name === requester,
  );

/** A person asks; the cards reach both admins' personal chats: Adele's (en) and Megan's (fr). */
async function ask(requester: TestUser, text: string) {
  const client = t.client({ user: requester });
  const mark = t.connector.calls.length;
  const answer = await client.send(text);
  const [toAdele, toMegan] = await waitFor(() => {
    const a = requestCardsIn(mark, adele.conversationId);
    const m = requestCardsIn(mark, megan.conversationId);
    return a.length > 0 && m.length > 0 && [a[0], m[0]];
  });
  return { client, answer, mark, toAdele, toMegan, requestId: requestIdOf(cardOf(toAdele)!) };
}

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('the card goes to every admin who used the bot, each in their language; a decision in one chat replaces every copy', async () => {
  const asked = await ask(person(2, 'Alex Wilber'), 'request Contoso CRM');
  expect(textsOf(cardOf(asked.toAdele))).toContain('Alex Wilber asks for Contoso CRM');
  const french = cardOf(asked.toMegan)!;
  expect(cardProblems(french)).toEqual([]);
  expect(textsOf(french)).toEqual(
    expect.arrayContaining(['Alex Wilber demande Contoso CRM', 'Demandée par', 'Licences disponibles']),
  );
  expect(actionsOf(french).map((a) => a.title)).toEqual(['Approuver', 'Refuser']);

  const click = await megan.click(french, 'Approuver', { replyToId: asked.toMegan.activityId });
  expect(words(click.replacement)).toMatch(/Approuvée par Megan Bowen, .+\. Alex Wilber a une licence/);
  // Adele's copy, in another chat, is replaced too (by the requests job, in the background).
  const [update] = await waitFor(() => {
    const found = updatesOf(asked.mark, asked.toAdele);
    return found.length > 0 && found;
  });
  expect(words(cardOf(update))).toMatch(/Approved by Megan Bowen, .+\. Alex Wilber has a seat/);
  expect(actionsOf(cardOf(update)!)).toEqual([]);
});

test('two admins approving at once: exactly one assignment and one notice; the other is told who decided', async () => {
  const requester = person(5, 'Diego Siciliani');
  const asked = await ask(requester, 'request Fabrikam Expenses: expense reports');
  const [a, m] = await Promise.all([
    adele.click(cardOf(asked.toAdele)!, 'Approve', { replyToId: asked.toAdele.activityId }),
    megan.click(cardOf(asked.toMegan)!, 'Approuver', { replyToId: asked.toMegan.activityId }),
  ]);
  const outcomes = [words(a.replacement), words(m.replacement)];
  const decided = (await stored(asked.requestId))!;
  expect(decided.status).toBe('approved');
  const winner = decided.decision!.by!.name;
  expect(outcomes.filter((text) => /Already decided|Déjà décidée/.test(text))).toHaveLength(1);
  expect(outcomes.join(' ')).toContain(winner);
  expect(await requestedAssignments('fabrikam-expenses', 'Diego Siciliani')).toHaveLength(1);
  await until(async () => (await stored(asked.requestId))?.settled === true, 'the settlement');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(
    cardsIn(asked.mark, asked.client.conversationId, /You have a seat of Fabrikam Expenses/),
  ).toHaveLength(1);
});

test('an approval on another instance at the same moment: one outcome, one assignment, one notice', async () => {
  const asked = await ask(person(18, 'Émilie Dubois'), 'request Fabrikam Expenses');
  // Another instance: its own ledger (and caches) over the same container, handing notices to the outbox.
  const ledger = new LicenseLedger({ store: t.app.store, directory: t.app.directory, notices: t.app.outbox });
  const elsewhere = new SeatRequests({ store: t.app.store, ledger, ttlMs: 86_400_000 });
  const megan = { tenantId: SAMPLE_TENANT, userId: MEGAN.aadObjectId, name: MEGAN.name };
  const [click, other] = await Promise.all([
    adele.click(cardOf(asked.toAdele)!, 'Approve', { replyToId: asked.toAdele.activityId }),
    elsewhere.approve(megan, asked.requestId),
  ]);
  const here = /^Approved by Adele Vance/.test(
    textsOf(click.replacement).find((line) => /Approved/.test(line)) ?? '',
  );
  expect([here, other.kind === 'approved']).toEqual(expect.arrayContaining([true, false]));
  expect(await requestedAssignments('fabrikam-expenses', 'Émilie Dubois')).toHaveLength(1);
  await waitFor(
    () => cardsIn(asked.mark, asked.client.conversationId, /You have a seat of Fabrikam Expenses/).length > 0,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(
    cardsIn(asked.mark, asked.client.conversationId, /You have a seat of Fabrikam Expenses/),
  ).toHaveLength(1);
});

test('an approval and a denial that both read the open request before either writes: IfMatch lets one through', async () => {
  const asked = await ask(person(21, 'Alice Durand'), 'request Contoso CRM');
  const requestDoc = `request:${asked.requestId}`;
  // Both instances' first read of the request is held until the other's has happened too.
  const held: (() => void)[] = [];
  const bothRead = () =>
    new Promise<void>((resolve) => {
      held.push(resolve);
      if (held.length === 2) held.forEach((release) => release());
    });
  const store = new Proxy(t.app.store, {
    get(target, name) {
      if (name === 'read')
        return async (tenantId: string, id: string) => {
          const found = await target.read(tenantId, id);
          if (id === requestDoc && held.length < 2) await bothRead();
          return found;
        };
      const value = Reflect.get(target, name) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const instance = () =>
    new SeatRequests({
      store,
      ledger: new LicenseLedger({ store: t.app.store, directory: t.app.directory, notices: t.app.outbox }),
      ttlMs: 86_400_000,
    });
  const [approval, denial] = await Promise.all([
    instance().approve(
      { tenantId: SAMPLE_TENANT, userId: ADELE.aadObjectId, name: ADELE.name },
      asked.requestId,
    ),
    instance().deny(
      { tenantId: SAMPLE_TENANT, userId: MEGAN.aadObjectId, name: MEGAN.name },
      asked.requestId,
    ),
  ]);
  const kinds = [approval.kind, denial.kind];
  expect(kinds.filter((kind) => kind === 'decided')).toHaveLength(1);
  const final = (await stored(asked.requestId))!;
  expect(kinds).toContain(final.status);
  expect(await requestedAssignments('contoso-crm', 'Alice Durand')).toHaveLength(
    final.status === 'approved' ? 1 : 0,
  );
});

test('a replayed Approve (the same invoke again) changes nothing', async () => {
  const asked = await ask(person(9, 'Johanna Lorenz'), 'request Northwind Timesheets');
  const card = cardOf(asked.toAdele)!;
  await adele.click(card, 'Approve', { replyToId: asked.toAdele.activityId });
  const replay = await adele.click(card, 'Approve', { replyToId: asked.toAdele.activityId });
  expect(words(replay.replacement)).toMatch(
    /Already decided: nothing was changed by your click\. Approved by Adele Vance/,
  );
  expect(await requestedAssignments('northwind-timesheets', 'Johanna Lorenz')).toHaveLength(1);
});

test('Approve with no seat left: the card says so and offers the vendor; the request stays open; nothing is assigned', async () => {
  // Litware Sondages has 5 seats: Ventes France (4) and Lee Gu take them all.
  await adele.send('assign Litware Sondages to Ventes France group, lee.gu@contoso.com');
  const asked = await ask(person(13, 'Lynne Robbins'), 'request Litware Sondages');
  const card = cardOf(asked.toAdele)!;
  expect(textsOf(card)).toEqual(expect.arrayContaining(['Seats left now', '0']));
  expect(actionsOf(card).map((a) => a.title)).toEqual(['Approve', 'Deny', 'Contact the vendor']);
  const before = (await t.app.ledger.history(SAMPLE_TENANT, 'litware-sondages', 1))[0].seq;
  const click = await adele.click(card, 'Approve', { replyToId: asked.toAdele.activityId });
  expect(cardProblems(click.replacement!)).toEqual([]);
  expect(words(click.replacement)).toContain(
    'No seat of Litware Sondages is left (5 seats purchased, all assigned)',
  );
  expect(words(click.replacement)).toContain('the request stays open');
  expect(actionsOf(click.replacement!).map((a) => a.title)).toEqual([
    'Approve',
    'Deny',
    'Contact the vendor',
  ]);
  expect((await t.app.ledger.history(SAMPLE_TENANT, 'litware-sondages', 1))[0].seq).toBe(before);
  expect((await stored(asked.requestId))!.status).toBe('pending');
  const vendor = await adele.click(click.replacement!, 'Contact the vendor', {
    replyToId: asked.toAdele.activityId,
  });
  expect(words(vendor.card)).toMatch(/managed by the vendor/);
  const french = await megan.click(cardOf(asked.toMegan)!, 'Approuver', {
    replyToId: asked.toMegan.activityId,
  });
  expect(words(french.replacement)).toContain(
    'Il ne reste aucune licence Litware Sondages (5 achetées, toutes attribuées)',
  );
});

test('forged card data is refused and changes nothing: an unknown request id, a malformed one, another organisation’s request', async () => {
  const unknown = await adele.invoke('adaptiveCard/action', {
    action: { type: 'Action.Execute', verb: 'request.approve', data: { requestId: randomUUID() } },
  });
  expect(words(unknown.body.value)).toContain('This card names a request your organisation does not have');
  const malformed = await adele.invoke('adaptiveCard/action', {
    action: { type: 'Action.Execute', verb: 'request.deny', data: { requestId: '../ledger:contoso-crm' } },
  });
  expect(words(malformed.body.value)).toMatch(/This card is out of date or damaged.+Nothing was changed/);

  // Bob of the other organisation asks; Adele of the sample one clicks Approve with its id.
  const otherBob = t.client({ user: BOB, tenantId: OTHER_TENANT });
  await otherBob.send('request Contoso CRM');
  const [theirs] = (await t.app.requests.pending(OTHER_TENANT, 0, 10)).requests;
  expect(theirs.requester.name).toBe('Bob Kelly');
  const mark = t.connector.calls.length;
  const forged = await adele.invoke('adaptiveCard/action', {
    action: { type: 'Action.Execute', verb: 'request.approve', data: { requestId: theirs.requestId } },
  });
  expect(words(forged.body.value)).toContain('This card names a request your organisation does not have');
  expect((await stored(theirs.requestId, OTHER_TENANT))!.status).toBe('pending');
  expect(await t.app.ledger.history(OTHER_TENANT, 'contoso-crm', 10)).toEqual([]);
  expect(await requestedAssignments('contoso-crm', 'Bob Kelly')).toEqual([]);
  expect(t.connector.since(mark).filter((call) => call.op === 'update')).toEqual([]);
});

test('a request the job cannot handle (its app left the catalog) holds up none of the others, and is logged', async () => {
  const stuck = randomUUID();
  const now = new Date();
  await t.app.store.create<SeatRequestDocument>({
    id: `request:${stuck}`,
    tenantId: SAMPLE_TENANT,
    type: 'seatRequest',
    requestId: stuck,
    appId: 'gone-from-the-catalog',
    appName: 'Gone',
    requester: { userId: BOB.aadObjectId, name: BOB.name },
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
    status: 'pending',
  });
  try {
    const asked = await ask(person(11, 'Lee Gu'), 'request Northwind Timesheets');
    expect(textsOf(cardOf(asked.toAdele))).toContain('Lee Gu asks for Northwind Timesheets');
    await waitFor(() =>
      t.logs.some((line) => line.msg === 'background job failed' && line.job === 'requests'),
    );
    // `requests` still lists it, without the seats of an app it cannot find.
    const list = await adele.send('requests');
    expect(textsOf(list.card)).toEqual(
      expect.arrayContaining(['Bob Kelly asks for Gone', 'Lee Gu asks for Northwind Timesheets']),
    );
  } finally {
    await t.app.store.delete(SAMPLE_TENANT, `request:${stuck}`);
  }
});

test('a non-admin’s click is refused and changes nothing, en and fr', async () => {
  const asked = await ask(person(14, 'Miriam Graham'), 'request Contoso CRM');
  const card = cardOf(asked.toAdele)!;
  const bob = t.client({ user: BOB });
  const refused = await bob.click(card, 'Approve');
  expect(words(refused.replacement)).toContain('only a Global admin, License admin or User admin');
  expect(refused.updates).toEqual([]);
  const french = await t.client({ user: BOB, locale: 'fr-FR' }).click(card, 'Deny');
  expect(words(french.replacement)).toContain('seuls un administrateur général');
  expect((await stored(asked.requestId))!.status).toBe('pending');
  expect(await requestedAssignments('contoso-crm', 'Miriam Graham')).toEqual([]);
});

test('a request left undecided expires after REQUEST_TTL_DAYS: the requester is told, every copy says so, `requests` no longer lists it', async () => {
  const asked = await ask(person(15, 'Nestor Wilke'), 'request Northwind Timesheets');
  // Seven days pass: the document's expiry is moved into the past, as time would.
  const doc = (await t.app.store.read<SeatRequestDocument>(SAMPLE_TENANT, `request:${asked.requestId}`))!;
  await t.app.store.replace(
    { ...doc.doc, expiresAt: new Date(Date.now() - 1000).toISOString() },
    { ifMatch: doc.etag },
  );
  // Any request kicks the tenant's `requests` job, which also expires what is due.
  await t.client({ user: person(17, 'Pradeep Gupta') }).send('request Fabrikam Expenses');
  const [notice] = await waitFor(() => {
    const found = cardsIn(
      asked.mark,
      asked.client.conversationId,
      /Your request for Northwind Timesheets expired/,
    );
    return found.length > 0 && found;
  });
  expect(words(cardOf(notice))).toContain(
    'No admin decided on your request for Northwind Timesheets within 7 days',
  );
  const [toAdele] = await waitFor(() => {
    const found = updatesOf(asked.mark, asked.toAdele);
    return found.length > 0 && found;
  });
  expect(words(cardOf(toAdele))).toMatch(/Expired .+: nobody decided in time\. Nestor Wilke was told/);
  const [toMegan] = await waitFor(() => {
    const found = updatesOf(asked.mark, asked.toMegan);
    return found.length > 0 && found;
  });
  expect(words(cardOf(toMegan))).toMatch(/Expirée .+ : personne n’a décidé à temps/);
  expect((await stored(asked.requestId))!.status).toBe('expired');
  const late = await adele.click(cardOf(asked.toAdele)!, 'Approve', { replyToId: asked.toAdele.activityId });
  expect(words(late.replacement)).toMatch(/Already decided.+Expired/);
  const list = await adele.send('requests');
  expect(words(list.card)).not.toContain('Nestor Wilke');
});

test('`requests` / `demandes` list the open requests, paged, with the same buttons; a decision there re-renders the list', async () => {
  for (const [n, name] of [
    [8, 'Isaiah Langer'],
    [10, 'Joni Sherman'],
    [11, 'Lee Gu'],
    [12, 'Lidia Holloway'],
    [16, 'Patti Fernandez'],
    [20, 'Chloé Martin'],
  ] as const) {
    await t.client({ user: person(n, name) }).send('request Contoso CRM');
  }
  const first = await adele.send('requests');
  expect(cardProblems(first.card!)).toEqual([]);
  expect(textsOf(first.card)).toEqual(
    expect.arrayContaining(['Seat requests', 'Pending requests 1–5, oldest first']),
  );
  expect(actionsOf(first.card!).filter((a) => a.title === 'Approve')).toHaveLength(5);
  expect(actionsOf(first.card!).map((a) => a.title)).toContain('Next');
  const second = await adele.click(first.card!, 'Next');
  expect(words(second.replacement)).toMatch(/Pending requests 6–\d+/);
  expect(actionsOf(second.replacement!).map((a) => a.title)).toContain('Previous');

  const french = await megan.send('demandes');
  expect(textsOf(french.card)).toEqual(
    expect.arrayContaining(['Demandes de licence', 'Approuver', 'Refuser']),
  );

  const listed = first.card!;
  const isaiah = actionsOf(listed).find(
    (a) => a.title === 'Deny' && JSON.stringify(listed).includes('Isaiah'),
  )!;
  const isaiahId: string = (await t.app.requests.pending(SAMPLE_TENANT, 0, 100)).requests.find(
    (r) => r.requester.name === 'Isaiah Langer',
  )!.requestId;
  expect(isaiah).toBeDefined();
  const denied = await adele.invoke('adaptiveCard/action', {
    action: {
      type: 'Action.Execute',
      verb: 'request.deny',
      data: {
        requestId: isaiahId,
        from: 'list',
        offset: '0',
        [`message-${isaiahId}`]: 'Use the shared account',
      },
    },
  });
  expect(words(denied.body.value)).toContain('You denied Isaiah Langer’s request for Contoso CRM.');
  expect(words(denied.body.value)).not.toContain('Isaiah Langer asks for');
  expect((await stored(isaiahId))!.decision?.message).toBe('Use the shared account');
});

test('`my licenses` / `mes licences` for anyone: what I hold, how, with install links', async () => {
  await adele.send('assign Contoso CRM to Sales group');
  const bob = await t.client({ user: BOB }).send('my licenses');
  expect(cardProblems(bob.card!)).toEqual([]);
  expect(textsOf(bob.card)).toEqual(expect.arrayContaining(['Your licenses', 'Contoso CRM: through Sales']));
  expect(actionsOf(bob.card!).find((a) => a.title === 'Install Contoso CRM')?.url).toMatch(/^https:\/\//);
  const alex = await t.client({ user: person(2, 'Alex Wilber'), locale: 'fr-FR' }).send('mes licences');
  expect(textsOf(alex.card)).toEqual(
    expect.arrayContaining(['Vos licences', 'Contoso CRM : attribuée directement']),
  );
  expect(actionsOf(alex.card!).map((a) => a.title)).toContain('Installer Contoso CRM');
  const nobody = await t.client({ user: person(7, 'Henrietta Mueller') }).send('my licenses');
  expect(words(nobody.card)).toContain('You have no app of your organisation’s catalog yet');
});

test('the help card shows everyone `request …` and `my licenses`, admins also `requests`, en and fr', async () => {
  const member = textsOf((await t.client({ user: BOB }).send('help')).card);
  expect(member).toEqual(expect.arrayContaining(['request Contoso CRM: for the Q3 review', 'my licenses']));
  expect(member).not.toContain('requests');
  expect(member).not.toContain('licenses');
  const admin = textsOf((await adele.send('help')).card);
  expect(admin).toEqual(
    expect.arrayContaining(['request Contoso CRM: for the Q3 review', 'my licenses', 'requests', 'licenses']),
  );
  const french = textsOf((await t.client({ user: BOB, locale: 'fr-FR' }).send('aide')).card);
  expect(french).toEqual(
    expect.arrayContaining(['demander Contoso CRM : pour la revue du T3', 'mes licences']),
  );
  expect(textsOf((await megan.send('aide')).card)).toContain('demandes');
});
