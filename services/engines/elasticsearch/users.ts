import { Client } from '@elastic/elasticsearch';
import type { Credentials, DatabaseUserChange, DatabaseUsers, NodeEndpoint } from '../engine';

const INDEX_PATTERN = /^[a-z0-9*][a-z0-9_.*-]{0,99}$/;

/** Index privileges per access level. */
const PRIVILEGES = {
  readwrite: ['read', 'write', 'create_index', 'view_index_metadata'],
  readonly: ['read', 'view_index_metadata'],
} as const;

export const elasticsearchLogin = (name: string, generation: number): string => `${name}_v${generation}`;

/** One security API request: the role or the user it names, and the body where there is one. */
type Request =
  | { kind: 'put-role'; name: string; indices: { names: string[]; privileges: string[] }[] }
  | { kind: 'put-user'; name: string; password: string; roles: string[] }
  | { kind: 'delete-user'; name: string }
  | { kind: 'delete-role'; name: string };

function requests(change: DatabaseUserChange): Request[] {
  const { user } = change;
  switch (change.kind) {
    case 'add-password':
      return [
        { kind: 'put-role', name: user.name, indices: [{ names: user.scope, privileges: [...PRIVILEGES[user.access]] }] },
        { kind: 'put-user', name: elasticsearchLogin(user.name, change.generation), password: change.password, roles: [user.name] },
      ];
    case 'remove-password':
      return [{ kind: 'delete-user', name: elasticsearchLogin(user.name, change.generation) }];
    case 'drop':
      return [
        ...change.generations.map((g): Request => ({ kind: 'delete-user', name: elasticsearchLogin(user.name, g) })),
        { kind: 'delete-role', name: user.name },
      ];
  }
}

function describeRequest(r: Request): string {
  switch (r.kind) {
    case 'put-role':
      return `PUT /_security/role/${r.name} ${JSON.stringify({ indices: r.indices })}`;
    case 'put-user':
      return `PUT /_security/user/${r.name} ${JSON.stringify({ password: '***', roles: r.roles })}`;
    case 'delete-user':
      return `DELETE /_security/user/${r.name}`;
    case 'delete-role':
      return `DELETE /_security/role/${r.name}`;
  }
}

async function send(client: Client, r: Request): Promise<void> {
  // 404 on a delete: a repeated step finds it gone.
  switch (r.kind) {
    case 'put-role':
      await client.security.putRole({ name: r.name, indices: r.indices });
      return;
    case 'put-user':
      await client.security.putUser({ username: r.name, password: r.password, roles: r.roles });
      return;
    case 'delete-user':
      await client.security.deleteUser({ username: r.name }, { ignore: [404] });
      return;
    case 'delete-role':
      await client.security.deleteRole({ name: r.name }, { ignore: [404] });
  }
}

/**
 * Elasticsearch native-realm users with @elastic/elasticsearch: a role per user holds the index
 * privileges, and each password generation is a user with that role (one password per user).
 * The security index is the cluster's, so any node takes the requests.
 */
export function elasticsearchUsers(timeoutMs: number): DatabaseUsers {
  return {
    rotation: 'logins',
    scopeMeaning: 'index patterns, e.g. orders-*',
    scopeProblem: (entry) =>
      INDEX_PATTERN.test(entry) ? null : `"${entry}" is not an index pattern (lower-case letters, digits, _ . - *)`,
    loginName: elasticsearchLogin,
    describe: (change) => requests(change).map(describeRequest),
    async apply(nodes: NodeEndpoint[], admin: Credentials, change: DatabaseUserChange): Promise<void> {
      const client = new Client({
        nodes: nodes.map((n) => `http://${n.host}:${n.port}`),
        auth: { username: admin.username, password: admin.password },
        requestTimeout: timeoutMs,
        maxRetries: 1,
        // 7.x and 8.x servers reject the 9.x client's "compatible-with=9" media types; plain JSON suits all.
        headers: { accept: 'application/json', 'content-type': 'application/json' },
      });
      try {
        for (const r of requests(change)) await send(client, r);
      } finally {
        await client.close();
      }
    },
  };
}
