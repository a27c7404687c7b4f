import { describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/engines';
import type { DatabaseUserChange } from '../../services/core/engine-port';

const PASSWORD = 'Zq7-never-recorded_0123456789abcd';
const user = { name: 'orders', access: 'readwrite' as const, scope: ['orders'] };
const changes: DatabaseUserChange[] = [
  {
    kind: 'add-password',
    user,
    generation: 2,
    password: PASSWORD,
    previous: { generation: 1, validUntil: new Date('2026-12-06T00:00:00Z') },
  },
  { kind: 'remove-password', user, generation: 1, passwordSha256: 'a'.repeat(64) },
  { kind: 'drop', user, generations: [2] },
];

describe.each(testEngines.all().map((e) => [e.name, e] as const))('%s users', (_name, engine) => {
  it('has users (every engine but memcached) and an admin rotation where it has a password', () => {
    expect(engine.users === undefined).toBe(engine.name === 'memcached');
    expect(engine.adminRotation === undefined).toBe(engine.name === 'memcached');
  });

  it.runIf(engine.users)('describes every change without the password, and names logins per generation as its rotation says', () => {
    const users = engine.users!;
    for (const change of changes) {
      const described = users.describe(change);
      expect(described.length).toBeGreaterThan(0);
      expect(described.join('\n')).not.toContain(PASSWORD);
    }
    expect(users.loginName('orders', 2)).toBe(users.rotation === 'passwords' ? 'orders' : 'orders_v2');
    expect(users.scopeProblem('orders')).toBeNull();
    expect(users.scopeProblem('has space')).toMatch(/not/);
  });
});
