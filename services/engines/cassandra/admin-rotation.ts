import cassandra from 'cassandra-driver';
import type { AdminCredentialRotation } from '../engine';
import { withFirstWorkingPassword } from '../first-working-login';

/** One password per role, used by the control plane alone: ALTER ROLE replaces it at once, cluster-wide (system_auth). */
export function cassandraAdminRotation(localDataCenter: string, timeoutMs: number): AdminCredentialRotation {
  return {
    overlaps: false,
    async introduce(nodes, username, current, next) {
      await withFirstWorkingPassword([current, next], async (password) => {
        const client = new cassandra.Client({
          contactPoints: nodes.slice(0, 3).map((n) => `${n.host}:${n.port}`),
          localDataCenter,
          authProvider: new cassandra.auth.PlainTextAuthProvider(username, password),
          socketOptions: { connectTimeout: timeoutMs, readTimeout: timeoutMs },
          isMetadataSyncEnabled: false,
        });
        try {
          await client.connect();
          await client.execute(`ALTER ROLE "${username.replace(/"/g, '""')}" WITH PASSWORD = '${next.replace(/'/g, "''")}'`, [], {
            consistency: cassandra.types.consistencies.quorum,
          });
        } finally {
          await Promise.race([client.shutdown(), new Promise((resolve) => setTimeout(resolve, 1000))]);
        }
      });
    },
    retire: async () => undefined,
  };
}
