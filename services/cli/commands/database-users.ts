import { Command, InvalidArgumentError } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { keyValues, printJson, table } from '../output';
import { collectList } from '../parse';
import { ACCESS_LEVELS, oneOf } from '../closed-sets';
import type { DatabaseUserView, IssuedPasswordView } from '../shapes';
import { waitForOperation } from './wait';

const path = (cluster: string, user = '', action = '') =>
  `/api/clusters/${encodeURIComponent(cluster)}/users${user ? `/${encodeURIComponent(user)}` : ''}${action ? `/${action}` : ''}`;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90`, `90s`, `15m`, `24h`, `2d` → seconds. */
export function graceSeconds(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('must be a duration such as 3600, 90s, 15m, 24h or 2d.');
  return Number(match[1]) * UNIT_SECONDS[match[2] || 's']!;
}

/** `clusters users list|create|rotate|delete`: applications' own users, the password printed once. */
export function addDatabaseUserCommands(clusters: Command, ctx: CliContext): void {
  const cmd = clusters.command('users').description("applications' users of a cluster, with least privilege (the password is shown once)");
  const out = ctx.io.stdout;

  const waitIfAsked = async (command: Command, operationId: string, wait?: boolean) => {
    if (!wait) return;
    const op = await waitForOperation(clientFor(command, ctx), operationId, (l) => !wantsJson(command) && out(`${l}\n`));
    if (op.status !== 'succeeded') throw new Error(`operation ${op.id} ended ${op.status}${op.error ? `: ${op.error}` : ''}`);
  };

  const issued = (command: Command, answer: IssuedPasswordView) => {
    if (wantsJson(command)) return printJson(ctx.io, answer);
    out(
      keyValues([
        ['user', answer.user.name],
        ['login', answer.user.login],
        ['password', answer.password],
        ['previous login', answer.user.previous ? `${answer.user.previous.login} (works until ${answer.user.previous.expiresAt})` : null],
        ['operation', answer.operationId],
      ]),
    );
    out('The password is shown only now: store it in your secret manager.\n');
  };

  clusters
    .command('rotate-credential <cluster>')
    .description("rotate the control plane's own credential of the cluster (never shown)")
    .option('--grace <duration>', 'how long the previous one keeps working where the engine allows two (default 24h)', graceSeconds)
    .option('--wait', 'wait until the servers accept the new credential')
    .action(async (cluster: string, opts: { grace?: number; wait?: boolean }, command: Command) => {
      const answer = await clientFor(command, ctx).request<{
        operationId: string;
        retireOperationId: string | null;
        retiresAt: string | null;
      }>(
        'POST',
        `/api/clusters/${encodeURIComponent(cluster)}/credential/rotate`,
        opts.grace === undefined ? {} : { graceSeconds: opts.grace },
      );
      if (wantsJson(command)) printJson(ctx.io, answer);
      else
        out(
          keyValues([
            ['operation', answer.operationId],
            [
              'previous credential',
              answer.retiresAt ? `works until ${answer.retiresAt} (operation ${answer.retireOperationId})` : 'replaced at once',
            ],
          ]),
        );
      await waitIfAsked(command, answer.operationId, opts.wait);
    });

  cmd
    .command('list <cluster>')
    .description("the cluster's users (never their passwords)")
    .action(async (cluster: string, _opts: unknown, command: Command) => {
      const users = await clientFor(command, ctx).request<DatabaseUserView[]>('GET', path(cluster));
      if (wantsJson(command)) return printJson(ctx.io, users);
      if (users.length === 0) return out(`no users on ${cluster}\n`);
      out(
        table(
          users.map((u) => ({
            name: u.name,
            login: u.login,
            access: u.access,
            scope: u.scope.join(','),
            status: u.status,
            previous: u.previous ? `${u.previous.login} until ${u.previous.expiresAt}` : '',
          })),
          ['name', 'login', 'access', 'scope', 'status', 'previous'],
        ),
      );
    });

  cmd
    .command('create <cluster> <user>')
    .description('create a user: readwrite or readonly over its scope')
    .addOption(oneOf('--access <level>', 'what the user may do over its scope', ACCESS_LEVELS).makeOptionMandatory())
    .requiredOption('--scope <entry>', 'key pattern, database, keyspace or index pattern (repeatable or comma-separated)', collectList)
    .option('--wait', 'wait until the servers have the user')
    .action(async (cluster: string, user: string, opts: { access: string; scope: string[]; wait?: boolean }, command: Command) => {
      const answer = await clientFor(command, ctx).request<IssuedPasswordView>('POST', path(cluster), {
        name: user,
        access: opts.access,
        scope: opts.scope,
      });
      issued(command, answer);
      await waitIfAsked(command, answer.operationId, opts.wait);
    });

  cmd
    .command('rotate <cluster> <user>')
    .description('a new password; the previous one keeps working for the grace period, then stops')
    .option('--grace <duration>', 'how long the previous password keeps working (default 24h)', graceSeconds)
    .option('--wait', 'wait until the servers accept the new password')
    .action(async (cluster: string, user: string, opts: { grace?: number; wait?: boolean }, command: Command) => {
      const answer = await clientFor(command, ctx).request<IssuedPasswordView>(
        'POST',
        path(cluster, user, 'rotate'),
        opts.grace === undefined ? {} : { graceSeconds: opts.grace },
      );
      issued(command, answer);
      await waitIfAsked(command, answer.operationId, opts.wait);
    });

  cmd
    .command('delete <cluster> <user>')
    .description('remove the user and its logins from the servers (the data stays)')
    .option('--wait', 'wait until it is gone')
    .action(async (cluster: string, user: string, opts: { wait?: boolean }, command: Command) => {
      const answer = await clientFor(command, ctx).request<{ operationId: string }>('DELETE', path(cluster, user));
      if (wantsJson(command)) printJson(ctx.io, answer);
      else out(`deleting user ${user} of ${cluster} (operation ${answer.operationId})\n`);
      await waitIfAsked(command, answer.operationId, opts.wait);
    });
}
