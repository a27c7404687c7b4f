import { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { printJson, table } from '../output';
import { wholeNumber } from '../parse';
import type {
  OldNodeJson as OldNode,
  PlannedReplacementJson as Planned,
  ScanResultJson as ScanAnswer,
} from '../../api/schemas/maintenance';

const plannedRow = (m: Planned) => ({
  cluster: m.cluster,
  node: m.node,
  reason: m.reason,
  scheduled: `${m.scheduledFor}${m.asap ? ' (asap)' : ''}`,
  deadline: m.deadline,
  status: m.status,
  operation: m.operationId,
});
const plannedColumns = ['cluster', 'node', 'reason', 'scheduled', 'deadline', 'status', 'operation'];

export function maintenanceCommand(ctx: CliContext): Command {
  const cmd = new Command('maintenance').description('proactive maintenance: upcoming node replacements and the oldest nodes');
  const out = ctx.io.stdout;
  const query = (limit?: number) => (limit !== undefined ? `?${new URLSearchParams({ limit: String(limit) })}` : '');

  cmd
    .command('upcoming')
    .description("node replacements not finished yet (with --cluster: that cluster's, finished ones too)")
    .option('--cluster <name>', 'only this cluster')
    .option('--limit <n>', 'at most this many', wholeNumber)
    .action(async (opts: { cluster?: string; limit?: number }, command: Command) => {
      const path = opts.cluster ? `/api/clusters/${encodeURIComponent(opts.cluster)}/maintenance` : '/api/maintenance/upcoming';
      const rows = await clientFor(command, ctx).request<Planned[]>('GET', `${path}${query(opts.limit)}`);
      if (wantsJson(command)) return printJson(ctx.io, rows);
      out(table(rows.map(plannedRow), plannedColumns));
    });

  cmd
    .command('oldest')
    .description("the fleet's oldest live nodes")
    .option('--limit <n>', 'at most this many', wholeNumber)
    .action(async (opts: { limit?: number }, command: Command) => {
      const rows = await clientFor(command, ctx).request<OldNode[]>('GET', `/api/nodes/oldest${query(opts.limit)}`);
      if (wantsJson(command)) return printJson(ctx.io, rows);
      out(
        table(
          rows.map((n) => ({
            cluster: n.cluster,
            node: n.node,
            engine: n.engine,
            launched: n.launchedAt,
            'age (days)': n.ageDays.toFixed(1),
            'retires by': n.retirementDeadline,
          })),
          ['cluster', 'node', 'engine', 'launched', 'age (days)', 'retires by'],
        ),
      );
    });

  cmd
    .command('scan')
    .description('scan for retirement notices and old nodes now (platform team)')
    .action(async (_opts: unknown, command: Command) => {
      const answer = await clientFor(command, ctx).request<ScanAnswer>('POST', '/api/maintenance/scan', {});
      if (wantsJson(command)) return printJson(ctx.io, answer);
      out(
        `${answer.eventsRead} retirement notices read, ${answer.oldNodesFound} old nodes found, ${answer.scheduled.length} replacements planned\n`,
      );
      if (answer.scheduled.length > 0)
        out(
          table(
            answer.scheduled.map((s) => ({ ...plannedRow(s), change: s.change })),
            [...plannedColumns, 'change'],
          ),
        );
    });
  return cmd;
}
