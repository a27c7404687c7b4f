import type { Redis } from 'ioredis';
import type { Credentials, DatabaseUserChange, DatabaseUsers, NodeEndpoint } from '../engine';
import { withRedis } from './connection';
import { passwordHashes } from './acl';

/**
 * Command categories per access level. `-@dangerous` comes last so that no category grants
 * FLUSHALL, KEYS, CONFIG, DEBUG or the like; channels are closed (resetchannels) as applications
 * here use keys only.
 */
const CATEGORIES = {
  readwrite: ['-@all', '+@read', '+@write', '+@connection', '-@dangerous'],
  readonly: ['-@all', '+@read', '+@connection', '-@dangerous'],
} as const;

const KEY_PATTERN = /^[A-Za-z0-9_:.{}*?\-[\]]{1,100}$/;

/** The ACL commands of a change; `mask` hides the password in what is recorded. */
function commands(change: DatabaseUserChange, mask: boolean): string[][] {
  const name = change.user.name;
  switch (change.kind) {
    case 'add-password':
      // Adding a password keeps the ones already there: the previous generation works until removed.
      return [
        [
          'ACL',
          'SETUSER',
          name,
          'on',
          mask ? '>***' : `>${change.password}`,
          'resetkeys',
          ...change.user.scope.map((p) => `~${p}`),
          'resetchannels',
          ...CATEGORIES[change.user.access],
        ],
      ];
    case 'remove-password':
      return [['ACL', 'SETUSER', name, `!${change.passwordSha256}`]];
    case 'drop':
      return [['ACL', 'DELUSER', name]];
  }
}

/** Whether a remove-password still has something to remove on this node (a repeated step finds it gone). */
async function stillNeeded(client: Redis, change: DatabaseUserChange): Promise<boolean> {
  if (change.kind !== 'remove-password') return true;
  return (await passwordHashes(client, change.user.name)).includes(change.passwordSha256);
}

/**
 * Redis ACL users. ACLs are not replicated, so every node gets each change, and CONFIG REWRITE
 * writes the users into the node's own configuration file so that a restart keeps them.
 */
export function redisUsers(timeoutMs: number): DatabaseUsers {
  return {
    rotation: 'passwords',
    scopeMeaning: 'key patterns, e.g. app:*',
    scopeProblem: (entry) => (KEY_PATTERN.test(entry) ? null : `"${entry}" is not a key pattern (letters, digits, _ : . - { } [ ] * ?)`),
    loginName: (name) => name,
    describe: (change) => commands(change, true).map((c) => c.join(' ')),
    async apply(nodes: NodeEndpoint[], admin: Credentials, change: DatabaseUserChange): Promise<void> {
      for (const node of nodes) {
        await withRedis(node, admin, timeoutMs, async (client) => {
          if (!(await stillNeeded(client, change))) return;
          for (const [command, ...args] of commands(change, false)) await client.call(command!, ...args);
          await client.call('CONFIG', 'REWRITE');
        });
      }
    },
  };
}
