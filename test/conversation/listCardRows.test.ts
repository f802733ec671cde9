import { loadCardEngine, renderListCard, type ListCardData } from '../../cards';
import list from '../../cards/list.json';

/**
 * The list card expands its rows one by one and keeps them (cards/index.ts, repeatingCardTemplate):
 * whatever the rows, the card must be exactly what the whole template gives.
 */
const whole = (data: ListCardData) => new (loadCardEngine().Template)(list).expand({ $root: data }) as object;

const row = (n: number, extra: Partial<ListCardData['apps'][number]> = {}) => ({
  appId: `app-${n}`,
  name: `App ${n}`,
  vendor: `Vendor ${n}`,
  seats: `${n} of 10 seats assigned`,
  warning: '',
  detailsButton: 'Details',
  ...extra,
});

test.each([
  ['no app', { title: 'Licenses', subtitle: 'No apps yet', apps: [] }],
  ['one app', { title: 'Licenses', subtitle: '1 app', apps: [row(1)] }],
  [
    'rows with and without a warning, French, characters JSON and templates care about',
    {
      title: 'Licences',
      subtitle: '3 applications',
      apps: [
        row(1, { warning: 'Retirée du catalogue', detailsButton: 'Détails' }),
        row(2, { name: 'L’app "2" ${name}', vendor: 'Vendeur & fils' }),
        row(3, { seats: '12 sur 10 licences attribuées', warning: '2 de trop' }),
      ],
    },
  ],
] as [string, ListCardData][])('%s: the same card as the whole template', (_, data) => {
  expect(renderListCard(data)).toEqual(whole(data));
  expect(renderListCard(data)).toEqual(whole(data)); // from the kept rows this time
});

test('a row whose data changed is expanded again, the others are reused', () => {
  const before: ListCardData = { title: 'Licenses', subtitle: '2 apps', apps: [row(1), row(2)] };
  const after: ListCardData = { ...before, apps: [row(1), row(2, { seats: '3 of 10 seats assigned' })] };
  const first = renderListCard(before);
  const second = renderListCard(after);
  expect(second).toEqual(whole(after));
  const rows = (card: object) => (card as { body: object[] }).body.slice(2);
  expect(rows(second)[0]).toBe(rows(first)[0]);
  expect(rows(second)[1]).not.toBe(rows(first)[1]);
});
