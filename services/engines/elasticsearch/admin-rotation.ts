import { Client } from '@elastic/elasticsearch';
import type { AdminCredentialRotation } from '../engine';
import { withFirstWorkingPassword } from '../first-working-login';

/** One password per user, used by the control plane alone: the change-password API replaces it at once, cluster-wide. */
export function elasticsearchAdminRotation(timeoutMs: number): AdminCredentialRotation {
  return {
    overlaps: false,
    async introduce(nodes, username, current, next) {
      await withFirstWorkingPassword([current, next], async (password) => {
        const client = new Client({
          nodes: nodes.map((n) => `http://${n.host}:${n.port}`),
          auth: { username, password },
          requestTimeout: timeoutMs,
          maxRetries: 1,
          headers: { accept: 'application/json', 'content-type': 'application/json' },
        });
        try {
          await client.security.changePassword({ username, password: next });
        } finally {
          await client.close();
        }
      });
    },
    retire: async () => undefined,
  };
}
