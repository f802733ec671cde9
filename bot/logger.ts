import pino, { type Logger } from 'pino';

/** Fields that may hold secrets: never written to the log. */
const REDACT = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  '*.authorization',
  'password',
  '*.password',
  'key',
  '*.key',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'license-desk' }, redact: { paths: REDACT, censor: '[redacted]' } },
    destination,
  );
}

export type { Logger };
