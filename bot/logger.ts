import pino, { type Logger } from 'pino';
import { requestScopeFields } from './observability/requestScope';

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

/** Every line written while a request is served names it (request id, tenant, activity, operation). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'license-desk' },
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin: requestScopeFields,
    },
    destination,
  );
}

export type { Logger };
