import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installFatalHandlers, isTransientDependencyError, oneLine } from '../../services/core/fatal';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

function harness() {
  const emitter = new EventEmitter();
  const lines: string[] = [];
  const exits: number[] = [];
  installFatalHandlers(emitter as unknown as NodeJS.Process, { write: (l) => void lines.push(l), exit: (c) => void exits.push(c) });
  return { emitter, lines, exits };
}

describe('process-level error handlers', () => {
  it('a bug that escapes every handler ends the process with exit 1 and one line', () => {
    const { emitter, lines, exits } = harness();
    emitter.emit('uncaughtException', new TypeError('cannot read properties of undefined\n    at somewhere'));
    expect(exits).toEqual([1]);
    expect(lines).toEqual(['datafleet: fatal: uncaught exception: cannot read properties of undefined at somewhere\n']);
    emitter.emit('unhandledRejection', 'a string reason');
    expect(exits).toEqual([1, 1]);
    expect(lines[1]).toBe('datafleet: fatal: unhandled rejection: a string reason\n');
  });

  it.each([
    ['PostgreSQL restarting', withCode('terminating connection due to administrator command', '57P01')],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a pg client that lost its server', new Error('Connection terminated unexpectedly')],
    ['an ioredis command on a closed connection', new Error('Connection is closed.')],
    [
      'a refused dual-stack connect',
      new AggregateError(
        [withCode('connect ECONNREFUSED ::1:6379', 'ECONNREFUSED'), withCode('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED')],
        '',
      ),
    ],
  ])('%s is survived with one warning line', (_what, error) => {
    const { emitter, lines, exits } = harness();
    emitter.emit('unhandledRejection', error);
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^datafleet: warning: unhandled rejection from a dependency, continuing/);
  });

  it('tells transient dependency errors from the rest', () => {
    expect(isTransientDependencyError(withCode('x', '08006'))).toBe(true);
    expect(isTransientDependencyError(withCode('duplicate key', '23505'))).toBe(false);
    expect(isTransientDependencyError(new Error('migration 014 failed'))).toBe(false);
    expect(isTransientDependencyError('ECONNRESET')).toBe(false);
  });

  it('writes a listen failure and an empty AggregateError as readable single lines', () => {
    expect(oneLine(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', address: '127.0.0.1', port: 8080 }))).toBe(
      '127.0.0.1:8080 is already in use by another process: stop it, or set PORT (and HOST) to a free address',
    );
    expect(
      oneLine(new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], '')),
    ).toBe('connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
  });
});
