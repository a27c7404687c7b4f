import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { printJson } from '../output';
import type { ClusterView, OperationView } from '../shapes';
import { clusterAfter, waitForOperation } from './wait';

/** `clusters restore NAME --as NEW [--to TIME] [--backup ID]`: a backup, or a point in time, into a new cluster. */
export function addRestoreCommand(cmd: Command, ctx: CliContext): void {
  const out = ctx.io.stdout;
  cmd
    .command('restore <name>')
    .description('restore a backup of a cluster (PostgreSQL: any point in time) into a new cluster your team owns')
    .requiredOption('--as <newName>', 'the new cluster')
    .option('--to <time>', 'PostgreSQL: the instant to restore to, e.g. 2026-12-05T10:31:00Z')
    .option('--backup <id>', 'this backup (default: the newest that can serve --to)')
    .option('--wait', 'wait until the new cluster is ACTIVE or FAILED')
    .action(async (name: string, opts: { as: string; to?: string; backup?: string; wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const body = { name: opts.as, ...(opts.to ? { to: opts.to } : {}), ...(opts.backup ? { backupId: opts.backup } : {}) };
      const created = await client.request<{ cluster: ClusterView; operation: OperationView }>(
        'POST',
        `/api/clusters/${encodeURIComponent(name)}/restore`,
        body,
      );
      if (!opts.wait)
        return wantsJson(command)
          ? printJson(ctx.io, created)
          : out(`${opts.as}: restoring ${name}${opts.to ? ` as of ${opts.to}` : ''} (operation ${created.operation.id})\n`);
      await waitForOperation(client, created.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      const cluster = await clusterAfter(client, opts.as);
      if (wantsJson(command)) printJson(ctx.io, cluster);
      else out(`${opts.as}: ${cluster.status}${cluster.statusReason ? ` — ${cluster.statusReason}` : ''}\n`);
      if (cluster.status !== 'ACTIVE') throw new CliError(`${opts.as} is ${cluster.status}`);
    });
}
