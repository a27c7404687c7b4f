import { describe, expect, it } from 'vitest';
import { repeatedErrorLog } from '../../services/core/repeated-error-log';

function harness() {
  const lines: Array<{ level: 'warn' | 'error'; fields: Record<string, unknown>; message: string }> = [];
  const logger = {
    warn: (fields: Record<string, unknown>, message: string) => void lines.push({ level: 'warn', fields, message }),
    error: (fields: Record<string, unknown>, message: string) => void lines.push({ level: 'error', fields, message }),
  };
  let clock = 0;
  const log = repeatedErrorLog(logger as never, 'operation worker error', 30_000, () => clock);
  return { lines, log, advance: (ms: number) => void (clock += ms) };
}

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED', name: 'MaxRetriesPerRequestError' });

describe('a worker error repeated many times a second (Redis away)', () => {
  it('is written once, then once per interval with how many were left out', () => {
    const { lines, log, advance } = harness();
    // 16 errors a second for 15 s: what a worker emitted while Redis was stopped.
    for (let i = 0; i < 240; i++) {
      log(refused());
      advance(62);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', message: 'operation worker error' });
    expect(lines[0]!.fields.suppressed).toBeUndefined();

    advance(30_000);
    log(refused());
    expect(lines).toHaveLength(2);
    expect(lines[1]!.fields).toMatchObject({ suppressed: 239, suppressedOverMs: 30_000 });
  });

  it('an error that is not a dependency going away stays at level error', () => {
    const { lines, log } = harness();
    log(new TypeError('cannot read properties of undefined'));
    expect(lines).toEqual([expect.objectContaining({ level: 'error' })]);
  });
});
