import { parseThreshold } from '../../bot/conversation/commands/alertThreshold';
import {
  decideCrossings,
  defaultThreshold,
  newSeatAlertState,
  type SeatAlertDocument,
} from '../../bot/notices/seatAlertState';

const now = new Date('2026-11-30T08:00:00Z');
const fresh = (over: Partial<SeatAlertDocument> = {}) => ({ ...newSeatAlertState('t', 'app'), ...over });
const kinds = (state: SeatAlertDocument, purchased: number, counts: number[]) =>
  decideCrossings(state, purchased, counts, now).alerts.map((a) => `${a.alert}@${a.numbers.available}`);

test.each([
  [1, 1],
  [5, 1],
  [10, 1],
  [11, 2],
  [25, 3],
  [50, 5],
])('default threshold of %i seats purchased is %i (10 %, rounded up, at least 1)', (purchased, expected) => {
  expect(defaultThreshold(purchased)).toBe(expected);
});

test.each([
  ['one crossing over several assigns alerts once', [5, 6, 7, 8, 9], ['low@3']],
  ['re-armed above the threshold, alerted again', [7, 8, 4, 7], ['low@3', 'low@3']],
  ['staying above never alerts', [1, 2, 3, 4, 5, 6], []],
  ['over-assigned says so once, not also "low"', [9, 12, 13], ['low@1', 'over@0']],
])('%s', (_name, counts, expected) => {
  expect(kinds(fresh({ threshold: 3 }), 10, counts)).toEqual(expected);
});

test('a fired alert stays fired across runs until seats go back above', () => {
  const first = decideCrossings(fresh({ threshold: 3 }), 10, [8], now);
  expect(first.state.low).toBe('fired');
  expect(decideCrossings(first.state, 10, [9], now).alerts).toEqual([]);
  const rearmed = decideCrossings(first.state, 10, [2], now).state;
  expect(rearmed.low).toBe('armed');
});

test('a snoozed kind fires silently; the snooze ends after its date', () => {
  const snoozed = fresh({ threshold: 3, snoozedUntil: { low: '2026-12-07T08:00:00Z' } });
  const silent = decideCrossings(snoozed, 10, [8], now);
  expect(silent.alerts).toEqual([]);
  expect(silent.state.low).toBe('fired');
  expect(decideCrossings(snoozed, 10, [8], new Date('2026-12-08T00:00:00Z')).alerts).toHaveLength(1);
});

test.each([
  ['Contoso CRM has 3 seats left', { appText: 'Contoso CRM', threshold: 3 }],
  ['"Contoso CRM" has 0 licenses left', { appText: 'Contoso CRM', threshold: 0 }],
  ['Fabrikam Expenses has 1 seat', { appText: 'Fabrikam Expenses', threshold: 1 }],
  ['3 licences Contoso CRM', { appText: 'Contoso CRM', threshold: 3 }],
  ["2 licences d'Litware Sondages", { appText: 'Litware Sondages', threshold: 2 }],
  ['5 places de Northwind Timesheets', { appText: 'Northwind Timesheets', threshold: 5 }],
  ['Contoso CRM runs low', undefined],
  ['', undefined],
])('threshold phrase %p', (rest, expected) => {
  expect(parseThreshold(rest)).toEqual(expected);
});
