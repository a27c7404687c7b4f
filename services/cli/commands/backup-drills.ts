import type { Static } from '@sinclair/typebox';
import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { keyValues, printJson, table } from '../output';
import type { OperationView } from '../shapes';
import type { DrillSummaryJson, RestoreDrillJson } from '../../api/schemas/restore-drill';
import { waitForOperation } from './wait';

type DrillView = Static<typeof RestoreDrillJson>;
type SummaryView = Static<typeof DrillSummaryJson>;

const seconds = (s: number | null) => (s === null ? null : s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);

const drillRow = (d: DrillView) => ({
  id: d.id,
  status: d.status,
  started: d.startedAt,
  rpo: seconds(d.rpoSeconds),
  rto: seconds(d.rtoSeconds),
  backup: d.backupId,
  scheduled: d.scheduled ? 'yes' : 'no',
  error: d.error,
});

function drillDetails(d: DrillView): string {
  return keyValues([
    ['id', d.id],
    ['cluster', d.cluster.name],
    ['status', d.status],
    ['backup', d.backupId],
    ['scratch cluster', d.scratchCluster?.name ?? null],
    ['started', d.startedAt],
    ['serving', d.servingAt],
    ['finished', d.finishedAt],
    ['RPO', seconds(d.rpoSeconds)],
    ['RTO', seconds(d.rtoSeconds)],
    ['newest write', d.newestWriteAt],
    ['mismatches', d.verification ? d.verification.mismatches.join('; ') || 'none' : null],
    ['operation', d.operationId],
    ['requested by', d.requestedBy],
    ['error', d.error],
  ]);
}

/** `backups drill`, `backups drills` and `backups drill-summary`: restore drills of a cluster and of the fleet. */
export function addDrillCommands(cmd: Command, ctx: CliContext): void {
  const out = ctx.io.stdout;
  const path = (cluster: string) => `/api/clusters/${encodeURIComponent(cluster)}/restore-drills`;

  cmd
    .command('drill <cluster>')
    .description("drill the cluster's restore now: its latest backup restored into a scratch cluster, verified, timed, destroyed")
    .option('--wait', 'wait for the drill to end and print its RPO, RTO and verdict')
    .action(async (cluster: string, opts: { wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const started = await client.request<{ drill: DrillView; operation: OperationView }>('POST', path(cluster), {});
      if (!opts.wait)
        return wantsJson(command)
          ? printJson(ctx.io, started)
          : out(
              `${cluster}: restore drill ${started.drill.id} of backup ${started.drill.backupId} requested (operation ${started.operation.id})\n`,
            );
      await waitForOperation(client, started.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      const drill = await client.request<DrillView>('GET', `/api/restore-drills/${started.drill.id}`);
      if (wantsJson(command)) printJson(ctx.io, drill);
      else out(drillDetails(drill));
      if (drill.status !== 'passed') throw new CliError(`restore drill ${drill.status}${drill.error ? `: ${drill.error}` : ''}`);
    });

  cmd
    .command('drills <cluster>')
    .description('restore drills of a cluster, newest first, with their measured RPO and RTO')
    .action(async (cluster: string, _opts: unknown, command: Command) => {
      const drills = await clientFor(command, ctx).request<DrillView[]>('GET', path(cluster));
      if (wantsJson(command)) return printJson(ctx.io, drills);
      out(table(drills.map(drillRow), ['id', 'status', 'started', 'rpo', 'rto', 'backup', 'scheduled', 'error']));
    });

  cmd
    .command('drill-summary')
    .description("every cluster's last verified restore (RPO, RTO); those without one recently are at risk")
    .action(async (_opts: unknown, command: Command) => {
      const summary = await clientFor(command, ctx).request<SummaryView>('GET', '/api/restore-drills/summary');
      if (wantsJson(command)) return printJson(ctx.io, summary);
      const rows = summary.clusters.map((c) => ({
        cluster: c.cluster.name,
        engine: c.engine,
        owner: c.owner,
        verified: c.lastVerified?.finishedAt ?? null,
        rpo: seconds(c.lastVerified?.rpoSeconds ?? null),
        rto: seconds(c.lastVerified?.rtoSeconds ?? null),
        'last drill': c.lastDrill ? c.lastDrill.status : null,
        risk: c.atRisk ? `AT RISK (no verified restore in ${summary.atRiskDays} days)` : null,
      }));
      out(table(rows, ['cluster', 'engine', 'owner', 'verified', 'rpo', 'rto', 'last drill', 'risk']));
    });
}
