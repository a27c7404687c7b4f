import { describe, expect, it } from 'vitest';
import { noteOrigin, unreachableDependency } from '../../services/core/dependency-errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('unreachableDependency', () => {
  it('recognises PostgreSQL going away, starting up or refusing connections', () => {
    expect(unreachableDependency(withCode('terminating connection due to administrator command', '57P01'))).toBe('postgres');
    expect(unreachableDependency(withCode('the database system is starting up', '57P03'))).toBe('postgres');
    expect(unreachableDependency(withCode('connection failure', '08006'))).toBe('postgres');
    expect(unreachableDependency(new Error('Connection terminated unexpectedly'))).toBe('postgres');
    expect(unreachableDependency(new Error('timeout exceeded when trying to connect'))).toBe('postgres');
  });

  it('recognises Redis being disconnected or not answering', () => {
    expect(unreachableDependency(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe('redis');
    expect(unreachableDependency(new Error('Connection is closed.'))).toBe('redis');
    expect(unreachableDependency(new Error('Command timed out'))).toBe('redis');
    expect(
      unreachableDependency(Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' })),
    ).toBe('redis');
  });

  it('names the dependency a refused socket came from when it was noted, including inside an AggregateError', () => {
    const refused = withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    expect(unreachableDependency(refused)).toBe('unknown');
    expect(unreachableDependency(noteOrigin(refused, 'postgres'))).toBe('postgres');
    const both = new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'all addresses failed');
    expect(unreachableDependency(both)).toBe('unknown');
  });

  it('leaves every other error alone (a bug stays a 500, bad SQL is not an outage)', () => {
    expect(unreachableDependency(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeUndefined();
    expect(unreachableDependency(withCode('duplicate key value violates unique constraint', '23505'))).toBeUndefined();
    expect(unreachableDependency(withCode('relation "x" does not exist', '42P01'))).toBeUndefined();
    expect(unreachableDependency('a string')).toBeUndefined();
    expect(unreachableDependency(null)).toBeUndefined();
  });
});
