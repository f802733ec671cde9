import type { ConnectorCall } from '../harness/loopbackConnector';
import { LicenseLedger } from '../../bot/licensing/ledger';
import { cardProblems } from '../harness/cardParser';
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
} from '../harness/teamsClient';
import { waitFor } from '../harness/waitFor';

/**
 * Seat alerts through /api/messages, the loopback connector and embedded Cosmos: where they go
 * (alert channel, else the admins' personal chats), when (a threshold crossing once, a refusal,
 * over-assigned), Snooze, and `notices off` stopping people's notices.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { NOTICE_RATE_PER_SECOND: '50', NOTICE_INTERVAL_SECONDS: '3600' } });
});
afterAll(async () => {
  await t.stop();
});

const words = (card: AdaptiveCardJson | undefined) => (card ? textsOf(card).join(' ') : '');
/** A message the bot posted (a proactive one is recorded as a reply to the conversation). */
const posted = (call: ConnectorCall) => call.op === 'send' || call.op === 'reply';
const alertsIn = (mark: number, conversationId: string): ConnectorCall[] =>
  t.connector
    .since(mark, conversationId)
    .filter((call) => posted(call) && actionsOf(cardOf(call) ?? {}).some((a) => a.verb === 'alert.snooze'));
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

async function unassignAll(admin: TeamsTestClient, app: string, from: string) {
  const preview = await admin.send(`unassign ${app} from ${from}`);
  const done = await admin.click(preview.card!, 'Unassign');
  expect(words(done.replacement)).toMatch(/unassigned|removed/i);
}

describe('where alerts go', () => {
  test('`send alerts here` in a personal chat says to say it in a channel or group chat; nothing is set', async () => {
    const adele = t.client({ user: ADELE });
    const answer = await adele.send('send alerts here');
    expect(words(answer.card)).toContain('Say this in a channel or a group chat');
    expect((await t.app.store.read(SAMPLE_TENANT, 'noticesettings'))?.doc).not.toHaveProperty(
      'alertConversationId',
    );
  });

  test('a non-admin is refused in a channel', async () => {
    const channel = t.client({ user: BOB, conversationType: 'channel' });
    const answer = await channel.send('send alerts here');
    expect(words(answer.card)).toMatch(/only a Global admin, License admin or User admin/);
  });

  test('without an alert channel a refusal is alerted in the personal chats of the other admins who used the bot, with the numbers and buttons', async () => {
    const adele = t.client({ user: ADELE });
    const megan = t.client({ user: MEGAN });
    await adele.send('licenses'); // Adele used the bot; Patti (User admin) never did
    const mark = t.connector.calls.length;
    const refused = await megan.send('assign Litware Sondages to Sales group');
    expect(words(refused.card)).toMatch(/not enough|seats/i);
    const [alert] = await waitFor(() => {
      const found = alertsIn(mark, adele.conversationId);
      return found.length > 0 && found;
    });
    const card = cardOf(alert)!;
    expect(cardProblems(card)).toEqual([]);
    expect(words(card)).toContain('Litware Sondages: an assignment was refused');
    expect(words(card)).toContain('needed 8 seats and only 5 were available');
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Details', 'Contact the vendor', 'Snooze 7 days']);
    // Megan, refused, saw it on her card; Patti, who never talked to the bot, is not written to.
    expect(alertsIn(mark, megan.conversationId)).toEqual([]);
    expect(t.connector.since(mark).filter((call) => call.op === 'createConversation')).toEqual([]);

    // Details and Contact the vendor answer in the chat; the alert stays.
    const details = await adele.click(card, 'Details', { replyToId: alert.activityId });
    expect(words(details.card)).toContain('Litware Sondages');
    const vendor = await adele.click(card, 'Contact the vendor', { replyToId: alert.activityId });
    expect(words(vendor.card)).toMatch(/managed by the vendor/);

    // A second refusal within the hour is not alerted again.
    const again = t.connector.calls.length;
    await megan.send('assign Litware Sondages to Sales group');
    await settle();
    expect(alertsIn(again, adele.conversationId)).toEqual([]);
  });

  test('`send alerts here` in a channel makes it the alert channel; `stop alerts` undoes it', async () => {
    const channel = t.client({ user: ADELE, conversationType: 'channel' });
    const set = await channel.send('send alerts here');
    expect(words(set.card)).toContain('Seat alerts will come to this conversation');
    expect(await t.app.alerts.recipients(SAMPLE_TENANT)).toEqual([`c:${channel.conversationId}`]);
    const stop = await channel.send('stop alerts');
    expect(words(stop.card)).toContain('no longer come to the alert channel');
    expect(await t.app.alerts.recipients(SAMPLE_TENANT)).toEqual([
      `u:${ADELE.aadObjectId}`,
      `u:${MEGAN.aadObjectId}`,
    ]);
    const again = await channel.send('stop alerts');
    expect(words(again.card)).toContain('No alert channel was set');
  });

  test('in French: `alertes ici` in a group chat, `arrêter les alertes`', async () => {
    const group = t.client({ user: ADELE, conversationType: 'groupChat', locale: 'fr-FR' });
    const set = await group.send('alertes ici');
    expect(words(set.card)).toContain('Les alertes de licences arriveront dans cette conversation');
    expect(await t.app.alerts.recipients(SAMPLE_TENANT)).toEqual([`c:${group.conversationId}`]);
    const stop = await group.send('arrêter les alertes');
    expect(words(stop.card)).toContain('ne vont plus dans le canal d’alertes');
    const personal = await t.client({ user: ADELE, locale: 'fr-FR' }).send('alertes ici');
    expect(words(personal.card)).toContain('Dites-le dans un canal ou une conversation de groupe');
  });
});

describe('alerts in the alert channel', () => {
  let channel: TeamsTestClient;
  let adele: TeamsTestClient;
  beforeAll(async () => {
    channel = t.client({ user: ADELE, conversationType: 'channel' });
    adele = t.client({ user: ADELE });
    await channel.send('send alerts here');
  });

  test('a threshold crossing is alerted once across several assigns, and again after seats went back above it', async () => {
    const set = await adele.send('alert me when Fabrikam Expenses has 3 seats left');
    expect(words(set.card)).toContain('You will be alerted when Fabrikam Expenses has 3 seats left or fewer');
    await settle();
    const mark = t.connector.calls.length;
    await adele.send('assign Fabrikam Expenses to Marketing group'); // 6 of 10: 4 left
    await settle();
    expect(alertsIn(mark, channel.conversationId)).toEqual([]);
    await adele.send('assign Fabrikam Expenses to alice@contoso.com'); // 3 left: crossing
    const [first] = await waitFor(() => {
      const found = alertsIn(mark, channel.conversationId);
      return found.length > 0 && found;
    });
    expect(words(cardOf(first))).toContain('Fabrikam Expenses: 3 seats left');
    expect(cardProblems(cardOf(first))).toEqual([]);
    await adele.send('assign Fabrikam Expenses to alex@contoso.com'); // 2 left
    await adele.send('assign Fabrikam Expenses to henrietta.mueller@contoso.com'); // 1 left
    await settle();
    expect(alertsIn(mark, channel.conversationId)).toHaveLength(1);

    await unassignAll(adele, 'Fabrikam Expenses', 'Marketing'); // back above 3: re-armed
    await settle();
    const rearmed = t.connector.calls.length;
    await adele.send('assign Fabrikam Expenses to Marketing group');
    const [second] = await waitFor(() => {
      const found = alertsIn(rearmed, channel.conversationId);
      return found.length > 0 && found;
    });
    expect(words(cardOf(second))).toContain('Fabrikam Expenses: 1 seat left');
    await settle();
    expect(alertsIn(mark, channel.conversationId)).toHaveLength(2);
  });

  test('a commit whose process died before the alerts job was asked to run is alerted by the next run, from the audit trail', async () => {
    // Another instance's ledger, without the nudge: it commits and dies before telling anyone.
    const dead = new LicenseLedger({ store: t.app.store, directory: t.app.directory });
    const mark = t.connector.calls.length;
    const actor = { tenantId: SAMPLE_TENANT, userId: ADELE.aadObjectId, name: ADELE.name };
    const group = (await t.app.directory.resolvePrincipal(SAMPLE_TENANT, 'Ventes France'))[0];
    await dead.assign(actor, 'litware-sondages', [group.id]); // 4 of 5: 1 left, the default threshold
    await settle();
    expect(alertsIn(mark, channel.conversationId)).toEqual([]);
    expect(await t.app.alerts.check(SAMPLE_TENANT)).toBe(1); // the job's next run, here or elsewhere
    const [alert] = await waitFor(() => {
      const found = alertsIn(mark, channel.conversationId);
      return found.length > 0 && found;
    });
    expect(words(cardOf(alert))).toContain('Litware Sondages: 1 seat left');
    expect(await t.app.alerts.check(SAMPLE_TENANT)).toBe(0);
  });

  test('the threshold in French', async () => {
    const french = t.client({ user: ADELE, locale: 'fr-FR' });
    const set = await french.send('préviens-moi quand il reste 2 licences Northwind Timesheets');
    expect(words(set.card)).toContain(
      'Vous serez alerté quand il restera 2 licences Northwind Timesheets ou moins',
    );
    const tooMany = await french.send('préviens-moi quand il reste 80 licences Northwind Timesheets');
    expect(words(tooMany.card)).toContain('le seuil doit être entre 0 et 50');
  });

  test('Snooze 7 days replaces the alert for everyone and silences that kind for that app', async () => {
    await adele.send('alert me when Contoso CRM has 20 seats left');
    const mark = t.connector.calls.length;
    await adele.send('assign Contoso CRM to Marketing group'); // 19 left
    const [alert] = await waitFor(() => {
      const found = alertsIn(mark, channel.conversationId);
      return found.length > 0 && found;
    });
    const snoozed = await channel.click(cardOf(alert)!, 'Snooze 7 days', { replyToId: alert.activityId });
    expect(words(snoozed.replacement)).toMatch(
      /“Seats running low” alerts for Contoso CRM are snoozed until .* \(by Adele Vance\)/,
    );
    expect(cardProblems(snoozed.replacement)).toEqual([]);
    expect(snoozed.updates.map((u) => u.activityId)).toEqual([alert.activityId]);

    await unassignAll(adele, 'Contoso CRM', 'Marketing');
    await settle();
    const after = t.connector.calls.length;
    await adele.send('assign Contoso CRM to Marketing group');
    await settle();
    await settle();
    expect(alertsIn(after, channel.conversationId)).toEqual([]);
  });

  test('an app the vendor cut below what is assigned is alerted as over-assigned', async () => {
    const mark = t.connector.calls.length;
    await adele.send('assign Northwind Timesheets to Sales group'); // 8 of 50
    const catalog = await t.app.ledger.getCatalog(SAMPLE_TENANT);
    await t.app.ledger.putCatalog(
      SAMPLE_TENANT,
      catalog.map((app) => (app.appId === 'northwind-timesheets' ? { ...app, seatsPurchased: 5 } : app)),
    );
    await t.app.alerts.vendorChanged(SAMPLE_TENANT);
    const [alert] = await waitFor(() => {
      const found = alertsIn(mark, channel.conversationId).filter((call) =>
        words(cardOf(call)).includes('over-assigned'),
      );
      return found.length > 0 && found;
    });
    expect(words(cardOf(alert))).toContain(
      '8 people hold Northwind Timesheets and only 5 seats are purchased: 3 too many',
    );
    expect(cardProblems(cardOf(alert))).toEqual([]);
  });
});

describe('notices off', () => {
  test('`notices off` stops people notices, `notices on` resumes them; French phrases too', async () => {
    const bob = t.client({ user: BOB });
    await bob.send('help'); // Bob's personal chat is known
    const adele = t.client({ user: ADELE });
    const off = await adele.send('notices off');
    expect(words(off.card)).toContain('People will no longer be told');
    const mark = t.connector.calls.length;
    await adele.send('assign Litware Sondages to bob@contoso.com');
    await settle();
    await settle();
    expect(t.connector.since(mark, bob.conversationId).filter(posted)).toEqual([]);

    const on = await t.client({ user: ADELE, locale: 'fr-FR' }).send('notifications activées');
    expect(words(on.card)).toContain('Les personnes seront prévenues');
    const resumed = t.connector.calls.length;
    await adele.send('assign Litware Sondages to alice@contoso.com');
    await adele.send('assign Litware Sondages to Bob Kelly'); // already held: nothing to tell
    await unassignAll(adele, 'Litware Sondages', 'bob@contoso.com');
    const lost = await waitFor(() => t.connector.since(resumed, bob.conversationId).find(posted));
    expect(words(cardOf(lost))).toContain('Your seat of Litware Sondages was removed');
  });
});
