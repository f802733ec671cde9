import pino from 'pino';
import { Writable } from 'node:stream';
import { DirectoryError } from '../../bot/directory/directory';
import { BadCardData, failureOf, failureText } from '../../bot/failures';
import { NotAnAdmin } from '../../bot/licensing/access';
import { LicenseError } from '../../bot/licensing/model';

/** The one mapping from an error to what the user reads: kind, HTTP status, text in both languages. */

function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

test.each([
  [new LicenseError('AppNotFound', { text: 'Contoso' }), 'AppNotFound', 404, /“Contoso”/, /« Contoso »/],
  [
    new LicenseError('NotEnoughSeats', { app: 'CRM', needed: 9, available: 2, purchased: 25, vendor: 'V' }),
    'NotEnoughSeats',
    409,
    /9 seats and only 2 of 25/,
    /9/,
  ],
  [new LicenseError('StorageUnavailable'), 'StorageUnavailable', 503, /./, /./],
  [new DirectoryError('DirectoryUnavailable', 'down'), 'DirectoryUnavailable', 503, /./, /./],
  [
    new DirectoryError('DirectoryPermissionMissing', 'no', 'User.Read.All'),
    'DirectoryPermissionMissing',
    403,
    /\(User\.Read\.All\)/,
    /User\.Read\.All/,
  ],
  [new NotAnAdmin(), 'NotAnAdmin', 403, /./, /./],
  [new BadCardData('appId'), 'BadCardData', 400, /./, /./],
  [new TypeError('x is undefined'), 'Unknown', 500, /./, /./],
])('%p is %s (%i), told in English and French', (error, kind, status, en, fr) => {
  const { logger } = recordingLogger();
  const failure = failureOf(error, logger);
  expect(failure).toMatchObject({ kind, status });
  const english = failureText('en', failure);
  const french = failureText('fr', failure);
  expect(english).toMatch(en);
  expect(french).toMatch(fr);
  expect(french).not.toBe(english);
  // Placeholders the error does not fill are left empty, never shown as "{app}"; internals never show.
  expect(`${english} ${french}`).not.toMatch(/\{\w+\}|x is undefined|BadCardData: /);
});

test('operators see storage and directory failures as warnings, and bugs as errors; refusals are not logged', () => {
  const { logger, lines } = recordingLogger();
  failureOf(new LicenseError('Busy'), logger);
  failureOf(new DirectoryError('TenantNotInDirectory', 'gone'), logger);
  failureOf(new Error('bug'), logger);
  failureOf(new NotAnAdmin(), logger);
  failureOf(new LicenseError('AppNotFound', { text: 'x' }), logger);
  expect(lines.map((line) => [line.level, line.msg])).toEqual([
    [40, 'storage failed'],
    [40, 'directory error'],
    [50, 'unexpected error'],
  ]);
});
