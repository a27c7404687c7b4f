import type { AdminCredentialRotation } from '../engine';
import { withFirstWorkingPassword } from '../first-working-login';
import { withRedis } from './connection';
import { passwordHashes } from './acl';

/**
 * The admin is Redis's `default` user: a new password is added beside the current one on every
 * node (replicas also authenticate to their primary with it, masterauth), and the old one is
 * removed by its hash after the grace period. CONFIG REWRITE writes both into the node's
 * configuration, whose `user default` line wins over its original requirepass at a restart.
 */
export function redisAdminRotation(timeoutMs: number): AdminCredentialRotation {
  return {
    overlaps: true,
    async introduce(nodes, username, current, next) {
      for (const node of nodes) {
        await withFirstWorkingPassword([current, next], (password) =>
          withRedis(node, { username, password }, timeoutMs, async (client) => {
            await client.call('ACL', 'SETUSER', username, `>${next}`);
            await client.call('CONFIG', 'SET', 'masterauth', next);
            await client.call('CONFIG', 'REWRITE');
          }),
        );
      }
    },
    async retire(nodes, admin, previousSha256) {
      for (const node of nodes) {
        await withRedis(node, admin, timeoutMs, async (client) => {
          if (!(await passwordHashes(client, admin.username)).includes(previousSha256)) return;
          await client.call('ACL', 'SETUSER', admin.username, `!${previousSha256}`);
          await client.call('CONFIG', 'REWRITE');
        });
      }
    },
  };
}
