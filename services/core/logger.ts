import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths pino replaces with [redacted]: credentials of callers and of managed clusters. */
export const redactedPaths = [
  'password',
  '*.password',
  '*.*.password',
  'secret',
  '*.secret',
  'token',
  'secretKey',
  '*.secretKey',
  'secretKeysOld',
  '*.secretKeysOld',
  '*.token',
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
];

export function createLogger(level: string, name = 'datafleet'): Logger {
  return pino({ name, level, redact: { paths: redactedPaths, censor: '[redacted]' } });
}
