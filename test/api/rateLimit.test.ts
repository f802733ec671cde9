import { RateLimit } from '../../bot/api/rateLimit';

/** The token bucket on its own clock: a burst of `perSecond`, then one request per 1/perSecond s. */
test('a caller gets its burst, then waits; another caller has its own bucket', () => {
  let now = 0;
  const rate = new RateLimit(10, () => now);
  const answers = Array.from({ length: 12 }, () => rate.take('a'));
  expect(answers.filter((wait) => wait === 0)).toHaveLength(10);
  expect(answers.slice(10)).toEqual([1, 1]);
  expect(rate.take('b')).toBe(0);
  now += 100; // one token back
  expect(rate.take('a')).toBe(0);
  expect(rate.take('a')).toBe(1);
  now += 10_000; // never more than the burst
  expect(Array.from({ length: 11 }, () => rate.take('a')).filter((wait) => wait === 0)).toHaveLength(10);
});

test('at less than one request per second, Retry-After says how many seconds', () => {
  let now = 0;
  const rate = new RateLimit(1, () => now);
  expect(rate.take('a')).toBe(0);
  expect(rate.take('a')).toBe(1);
  now += 500;
  expect(rate.take('a')).toBe(1);
});
