import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { printJson } from '../output';
import type { ClusterView, OperationView } from '../shapes';
import { clusterAfter, waitForOperation } from './wait';

interface RestoreOptions {
  as?: string;
  inPlace?: boolean;
  confirm?: string;
  to?: string;
  backup?: string;
  wait?: boolean;
}

/**
 * `clusters restore NAME --as NEW [--to TIME] [--backup ID]`: a backup, or a point in time, into a
 * new cluster; `clusters restore NAME --in-place --confirm NAME [--backup ID] [--to TIME]`: onto the
 * cluster's own nodes.
 */
export function addRestoreCommand(cmd: Command, ctx: CliContext): void {
  const out = ctx.io.stdout;
  cmd
    .command('restore <name>')
    .description(
      'restore a backup of a cluster (PostgreSQL: any point in time) into a new cluster your team owns, or with --in-place onto the cluster itself',
    )
    .option('--as <newName>', 'the new cluster')
    .option('--in-place', "onto the cluster's own nodes, replacing their data (every later write is lost); needs --confirm")
    .option('--confirm <name>', "with --in-place: the cluster's name again")
    .option('--to <time>', 'PostgreSQL: the instant to restore to, e.g. 2026-12-05T10:31:00Z')
    .option('--backup <id>', 'this backup (default: the newest that can serve --to)')
    .option('--wait', 'wait until the new cluster is ACTIVE or FAILED')
    .action(async (name: string, opts: RestoreOptions, command: Command) => {
      if (!opts.inPlace && !opts.as)
        throw new CliError('give the new cluster with --as NEW, or restore onto the cluster itself with --in-place --confirm NAME');
      if (opts.inPlace && opts.as) throw new CliError('--in-place restores onto the cluster itself: leave out --as');
      const client = clientFor(command, ctx);
      const target = opts.inPlace ? name : opts.as!;
      const body = {
        ...(opts.inPlace ? { inPlace: true, ...(opts.confirm !== undefined ? { confirm: opts.confirm } : {}) } : { name: opts.as }),
        ...(opts.to ? { to: opts.to } : {}),
        ...(opts.backup ? { backupId: opts.backup } : {}),
      };
      const created = await client.request<{ cluster: ClusterView; operation: OperationView }>(
        'POST',
        `/api/clusters/${encodeURIComponent(name)}/restore`,
        body,
      );
      if (!opts.wait)
        return wantsJson(command)
          ? printJson(ctx.io, created)
          : out(
              `${target}: restoring ${opts.inPlace ? 'in place' : name}${opts.to ? ` as of ${opts.to}` : ''} (operation ${created.operation.id})\n`,
            );
      await waitForOperation(client, created.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      const cluster = await clusterAfter(client, target);
      if (wantsJson(command)) printJson(ctx.io, cluster);
      else out(`${target}: ${cluster.status}${cluster.statusReason ? ` — ${cluster.statusReason}` : ''}\n`);
      if (cluster.status !== 'ACTIVE') throw new CliError(`${target} is ${cluster.status}`);
    });
}
