import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { printJson, table } from '../output';
import type { OperationView } from '../shapes';
import { waitForOperation } from './wait';

interface SwitchoverPreview {
  from: string;
  to: string | null;
  manager: string;
  notBefore: string | null;
}

interface FailoverView {
  kind: string;
  planned: boolean;
  oldPrimary: string | null;
  newPrimary: string | null;
  unavailableMs: number | null;
  requestedBy: string | null;
  decidedBy: string;
  observedAt: string;
}

/** `clusters switchover NAME [--to NODE] [--urgent]` and `clusters failovers NAME`. */
export function addSwitchoverCommands(parent: Command, ctx: CliContext): void {
  const out = ctx.io.stdout;
  parent
    .command('switchover <name>')
    .description("hand the primary role to a replica through the cluster's HA manager (Redis Sentinel)")
    .option('--to <node>', 'the replica to promote; default: the HA manager picks')
    .option('--urgent', 'switch over now instead of in the next maintenance window')
    .option('--dry-run', 'show what would happen and when; change nothing')
    .option('--wait', 'wait for the operation to end')
    .action(async (name: string, opts: { to?: string; urgent?: boolean; dryRun?: boolean; wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const answer = await client.request<{ preview: SwitchoverPreview; operation?: OperationView }>(
        'POST',
        `/api/clusters/${encodeURIComponent(name)}/switchover${opts.dryRun ? '?dryRun=true' : ''}`,
        { ...(opts.to ? { toNode: opts.to } : {}), ...(opts.urgent ? { urgent: true } : {}) },
      );
      if (wantsJson(command) && !opts.wait) return printJson(ctx.io, answer);
      const { preview } = answer;
      const when = preview.notBefore ? `in the maintenance window at ${preview.notBefore}` : 'now';
      if (!wantsJson(command))
        out(`${name}: ${preview.from} hands the primary role to ${preview.to ?? `the replica ${preview.manager} picks`}; starts ${when}\n`);
      if (!answer.operation || !opts.wait) return;
      const finished = await waitForOperation(client, answer.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      if (wantsJson(command)) printJson(ctx.io, finished);
      if (finished.status !== 'succeeded')
        throw new CliError(`switchover ${finished.status}${finished.error ? `: ${finished.error}` : ''}`);
    });

  parent
    .command('failovers <name>')
    .description("the cluster's failovers and switchovers, newest first")
    .action(async (name: string, _opts: object, command: Command) => {
      const events = await clientFor(command, ctx).request<FailoverView[]>('GET', `/api/clusters/${encodeURIComponent(name)}/failovers`);
      if (wantsJson(command)) return printJson(ctx.io, events);
      out(
        table(
          events.map((e) => ({
            when: e.observedAt,
            change: `${e.oldPrimary ?? '?'} → ${e.newPrimary ?? '?'}`,
            unavailable: e.unavailableMs === null ? 'unknown' : `${(e.unavailableMs / 1000).toFixed(1)} s`,
            kind: e.planned ? 'planned' : 'unplanned',
            who: e.requestedBy ?? e.decidedBy,
          })),
          ['when', 'change', 'unavailable', 'kind', 'who'],
        ),
      );
    });
}
