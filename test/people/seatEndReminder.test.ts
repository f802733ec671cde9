import { seatEndReminderCard } from '../../bot/conversation/views/seatEndViews';
import { startTestApp, type TestApp } from '../harness/testApp';
import { ADELE, BOB, SAMPLE_TENANT, textsOf } from '../harness/teamsClient';

/**
 * The reminder 7 days before a seat ends: its buttons through /api/messages. Extend 30 days moves
 * the end date once (audited); Let it end changes nothing. The card is the one the job sends.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

const DAY = 24 * 3600 * 1000;
const actor = { tenantId: SAMPLE_TENANT, userId: ADELE.aadObjectId, name: ADELE.name };

test('Extend 30 days moves the end date once; Let it end changes nothing; in English and French', async () => {
  // Due within 7 days as the job sees it: an end date 3 days from now.
  const soon = new Date(Date.now() + 3 * DAY);
  soon.setUTCHours(0, 0, 0, 0);
  await t.app.ledger.assign(actor, 'contoso-crm', [BOB.aadObjectId], undefined, {
    until: soon.toISOString(),
  });
  const [seat] = await t.app.ledger.seatEnds.endingSoon(SAMPLE_TENANT);
  expect(seat).toMatchObject({ app: { appId: 'contoso-crm' }, principal: { displayName: 'Bob Kelly' } });
  const view = {
    reminderId: seat.reminderId,
    appName: seat.app.name,
    principalName: 'Bob Kelly',
    until: seat.until,
  };
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const last = (instant: number) => date.format(new Date(instant - 1));

  const card = seatEndReminderCard('en', view);
  expect(textsOf(card)).toEqual([
    'A seat ends soon: Contoso CRM',
    `The seat of Bob Kelly for Contoso CRM ends on ${last(soon.getTime())} (UTC). Extend it by 30 days, or let it end.`,
    'Extend 30 days',
    'Let it end',
  ]);
  const c = t.client();
  const extended = await c.click(card, 'Extend 30 days');
  expect(textsOf(extended.replacement)).toEqual([
    'A seat ends soon: Contoso CRM',
    `Adele Vance extended it: the seat of Bob Kelly for Contoso CRM now ends on ${last(soon.getTime() + 30 * DAY)} (UTC).`,
  ]);
  const details = await t.app.ledger.details(SAMPLE_TENANT, 'contoso-crm');
  expect(details.holders[0].until).toBe(new Date(soon.getTime() + 30 * DAY).toISOString());
  const [entry] = await t.app.ledger.history(SAMPLE_TENANT, 'contoso-crm', 1);
  expect(entry).toMatchObject({
    action: 'extend',
    until: details.holders[0].until,
    seatsBefore: 1,
    seatsAfter: 1,
  });

  const again = await c.click(card, 'Extend 30 days');
  expect(textsOf(again.replacement)[0]).toBe('This seat’s end date changed');
  expect((await t.app.ledger.details(SAMPLE_TENANT, 'contoso-crm')).holders[0].until).toBe(
    details.holders[0].until,
  );

  const letEnd = await t
    .client({ locale: 'fr-FR' })
    .click(seatEndReminderCard('fr', view), 'Laisser prendre fin');
  expect(textsOf(letEnd.replacement)[1]).toMatch(
    /^Adele Vance la laisse prendre fin : la licence Contoso CRM de Bob Kelly prend fin le .* \(heure UTC\), comme prévu\.$/,
  );
  // A reminder id that is not one is refused before it reaches storage.
  const forged = await c.click(
    { ...card, actions: [{ ...(card.actions as Record<string, unknown>[])[0], data: { id: '../../etc' } }] },
    'Extend 30 days',
  );
  expect(textsOf(forged.replacement)[0]).toBe('This card is out of date');
});
