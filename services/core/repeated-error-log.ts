import type { Logger } from 'pino';
import { unreachableDependency } from './dependency-errors';

/** How often one source's repeated errors are written while they keep coming. */
export const REPEAT_LOG_EVERY_MS = 30_000;

/**
 * A listener for an emitter that reports the same failure many times a second (a BullMQ worker
 * while Redis is away reconnects and fails on every blocking call): the first error is logged at
 * once, then at most one line per interval saying how many were left out, so an outage leaves a
 * readable log instead of thousands of stack traces. A dependency that went away is a warning (it
 * reconnects by itself); anything else stays an error.
 */
export function repeatedErrorLog(
  logger: Pick<Logger, 'warn' | 'error'>,
  message: string,
  everyMs = REPEAT_LOG_EVERY_MS,
  now: () => number = Date.now,
): (error: unknown) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (error) => {
    const at = now();
    if (at - lastAt < everyMs) {
      suppressed++;
      return;
    }
    lastAt = at;
    const fields = { err: error, ...(suppressed ? { suppressed, suppressedOverMs: everyMs } : {}) };
    suppressed = 0;
    if (unreachableDependency(error)) logger.warn(fields, message);
    else logger.error(fields, message);
  };
}
