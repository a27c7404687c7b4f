import cassandra from 'cassandra-driver';
import type { Credentials, DatabaseUserChange, DatabaseUsers, NodeEndpoint } from '../engine';

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const KEYSPACE = /^[a-z][a-z0-9_]{0,47}$/;

/** Keyspace permissions per access level: readwrite reads and writes rows, readonly reads them. */
const PERMISSIONS = { readwrite: ['SELECT', 'MODIFY'], readonly: ['SELECT'] } as const;

export const cassandraLogin = (name: string, generation: number): string => `${name}_v${generation}`;

function statements(change: DatabaseUserChange, mask: boolean): string[] {
  const { user } = change;
  const group = ident(user.name);
  switch (change.kind) {
    case 'add-password': {
      const login = ident(cassandraLogin(user.name, change.generation));
      const password = mask ? "'***'" : literal(change.password);
      return [
        `CREATE ROLE IF NOT EXISTS ${group} WITH LOGIN = false`,
        ...user.scope.flatMap((ks) => PERMISSIONS[user.access].map((p) => `GRANT ${p} ON KEYSPACE ${ident(ks)} TO ${group}`)),
        `CREATE ROLE IF NOT EXISTS ${login} WITH PASSWORD = ${password} AND LOGIN = true`,
        // A repeated step sets the same password again.
        `ALTER ROLE ${login} WITH PASSWORD = ${password}`,
        `GRANT ${group} TO ${login}`,
      ];
    }
    case 'remove-password':
      return [`DROP ROLE IF EXISTS ${ident(cassandraLogin(user.name, change.generation))}`];
    case 'drop':
      return [
        ...change.generations.map((g) => `DROP ROLE IF EXISTS ${ident(cassandraLogin(user.name, g))}`),
        `DROP ROLE IF EXISTS ${group}`,
      ];
  }
}

/**
 * Cassandra roles with cassandra-driver: a role without login holds the keyspace permissions, and
 * each password generation is a login role granted it (Cassandra has no second password or
 * expiry). Roles live in system_auth, replicated to every node, so one session does it.
 */
export function cassandraUsers(localDataCenter: string, timeoutMs: number): DatabaseUsers {
  return {
    rotation: 'logins',
    scopeMeaning: 'keyspaces: readwrite may SELECT and MODIFY their tables, readonly SELECT',
    scopeProblem: (entry) => (KEYSPACE.test(entry) ? null : `"${entry}" is not a keyspace name (lower-case letters, digits and _)`),
    loginName: cassandraLogin,
    describe: (change) => statements(change, true),
    async apply(nodes: NodeEndpoint[], admin: Credentials, change: DatabaseUserChange): Promise<void> {
      const client = new cassandra.Client({
        contactPoints: nodes.slice(0, 3).map((n) => `${n.host}:${n.port}`),
        localDataCenter,
        authProvider: new cassandra.auth.PlainTextAuthProvider(admin.username, admin.password),
        socketOptions: { connectTimeout: timeoutMs, readTimeout: timeoutMs },
        isMetadataSyncEnabled: false,
      });
      try {
        await client.connect();
        // Role changes at QUORUM, so every later login sees them whichever node it reaches.
        for (const cql of statements(change, false)) await client.execute(cql, [], { consistency: cassandra.types.consistencies.quorum });
      } finally {
        await Promise.race([client.shutdown(), new Promise((resolve) => setTimeout(resolve, 1000))]);
      }
    },
  };
}
