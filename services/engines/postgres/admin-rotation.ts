import type { AdminCredentialRotation, NodeEndpoint } from '../engine';
import { withFirstWorkingPassword } from '../first-working-login';
import { findPrimary, waitUntilFormed } from '../probing';
import { withPostgres } from './connection';
import { scramVerifier } from './scram';

const CONNINFO_PASSWORD = /password=('(?:[^'\\]|\\.)*'|\S+)/;

/**
 * A role has one password, and only the control plane logs in as the admin, so the new password
 * replaces the old at once: on the primary (roles replicate), then in each replica's
 * primary_conninfo, which a reload applies by reconnecting its WAL receiver with it; then it waits
 * until every node accepts the new password (a replica does once it has replayed the change).
 */
export function postgresAdminRotation(timeoutMs: number): AdminCredentialRotation {
  const on = (node: NodeEndpoint, username: string, passwords: string[], sql: (client: import('pg').Client) => Promise<void>) =>
    withFirstWorkingPassword(passwords, (password) => withPostgres(node, { username, password }, timeoutMs, sql));
  return {
    overlaps: false,
    async introduce(nodes, username, current, next) {
      const primary = findPrimary('postgres', nodes);
      await on(primary, username, [current, next], async (client) => {
        await client.query(`ALTER ROLE "${username.replace(/"/g, '""')}" WITH PASSWORD '${scramVerifier(next)}'`);
      });
      for (const replica of nodes.filter((n) => n !== primary)) {
        await on(replica, username, [next, current], async (client) => {
          const conninfo = String(
            (await client.query<{ primary_conninfo: string }>('SHOW primary_conninfo')).rows[0]?.primary_conninfo ?? '',
          );
          // Under Patroni a replica follows with Patroni's own login from a password file, which this rotation leaves alone.
          if (!CONNINFO_PASSWORD.test(conninfo) && /(^|\s)passfile=/.test(conninfo)) return;
          if (!CONNINFO_PASSWORD.test(conninfo)) throw new Error(`replica ${replica.name}'s primary_conninfo holds no password to replace`);
          const updated = conninfo.replace(CONNINFO_PASSWORD, `password=${next}`);
          if (updated === conninfo) return;
          await client.query(`ALTER SYSTEM SET primary_conninfo = '${updated.replace(/'/g, "''")}'`);
          await client.query('SELECT pg_reload_conf()');
        });
      }
      // The role's new password reaches each replica with the WAL that carries it: the rotation is
      // done only once every node logs in with it (the stored credential is replaced after this).
      await waitUntilFormed('the new admin password on every node', timeoutMs, async () => {
        const refusing: string[] = [];
        for (const node of nodes)
          await withPostgres(node, { username, password: next }, timeoutMs, async () => undefined).catch((error: unknown) =>
            refusing.push(`${node.name}: ${error instanceof Error ? error.message : String(error)}`),
          );
        return refusing;
      });
    },
    retire: async () => undefined,
  };
}
