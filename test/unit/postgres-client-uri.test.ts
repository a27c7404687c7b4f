import { describe, expect, it } from 'vitest';
import { postgresConnection, postgresHint, postgresUri } from '../../services/engines/postgres/client-connection';
import type { NodeEndpoint } from '../../services/core/node-endpoint';

const node = (name: string, port: number, role: NodeEndpoint['role']): NodeEndpoint => ({ name, host: '127.0.0.1', port, role });
const three = [node('a', 5501, 'replica'), node('b', 5502, 'primary'), node('c', 5503, 'replica')];

describe('PostgreSQL client URI', () => {
  it('lists every host, the primary first, and asks for the one that takes writes', () => {
    expect(postgresUri({ nodes: three, login: { username: 'app', password: 's3cret' }, database: 'orders' })).toBe(
      'postgresql://app:s3cret@127.0.0.1:5502,127.0.0.1:5501,127.0.0.1:5503/orders?target_session_attrs=read-write',
    );
  });

  it('keeps the plain single-host form for one node', () => {
    expect(postgresUri({ nodes: [node('a', 5501, 'primary')], login: { username: 'app', password: 'pw' }, database: 'postgres' })).toBe(
      'postgresql://app:pw@127.0.0.1:5501/postgres',
    );
  });

  it('adds sslmode when one is set, beside the session attribute or alone', () => {
    expect(postgresUri({ nodes: three, login: { username: 'app', password: 'pw' }, database: 'postgres', sslmode: 'require' })).toMatch(
      /\/postgres\?target_session_attrs=read-write&sslmode=require$/,
    );
    expect(
      postgresUri({
        nodes: [node('a', 5501, 'primary')],
        login: { username: 'app', password: 'pw' },
        database: 'postgres',
        sslmode: 'verify-full',
      }),
    ).toBe('postgresql://app:pw@127.0.0.1:5501/postgres?sslmode=verify-full');
  });

  it('percent-encodes the login and the database, and leaves the mask readable', () => {
    expect(postgresUri({ nodes: three, login: { username: 'app user', password: 'p@ss:w/rd?' }, database: 'my db' })).toBe(
      'postgresql://app%20user:p%40ss%3Aw%2Frd%3F@127.0.0.1:5502,127.0.0.1:5501,127.0.0.1:5503/my%20db?target_session_attrs=read-write',
    );
    expect(postgresConnection(three, { username: 'datafleet', password: null }).uri).toMatch(/^postgresql:\/\/datafleet:\*{8}@/);
  });

  it('gives the command and the hosts in the order the URI tries them', () => {
    const connection = postgresConnection(three, { username: 'datafleet', password: 'pw' });
    expect(connection.hosts.map((h) => h.name)).toEqual(['b', 'a', 'c']);
    expect(connection.port).toBe(5502);
    expect(connection.command).toBe(`psql '${connection.uri}'`);
  });

  it('hints at the admin login with no password at all', () => {
    expect(postgresHint(three, 'datafleet')).toBe(
      'postgresql://datafleet@127.0.0.1:5502,127.0.0.1:5501,127.0.0.1:5503/postgres?target_session_attrs=read-write',
    );
    expect(postgresHint([], 'datafleet')).toBe('');
  });
});
