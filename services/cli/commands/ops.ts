import { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { keyValues, printJson, table } from '../output';
import type { OperationView } from '../shapes';
import { OPERATION_STATUSES, oneOf } from '../closed-sets';
import { wholeNumber } from '../parse';

/** A rolled-back operation worked as designed: its reason is the gate's evidence, not an error. */
const outcomeLabel = (op: OperationView): string =>
  op.status === 'rolled_back' ? 'rolled back because' : op.status === 'cancelled' ? 'cancelled because' : 'error';

export function opsCommand(ctx: CliContext): Command {
  const cmd = new Command('ops').description('operations: the one way clusters change');
  const out = ctx.io.stdout;

  cmd
    .command('list')
    .description('operations, newest first')
    .option('--cluster <name>', 'only this cluster')
    .addOption(oneOf('--status <status>', 'only operations in this status', OPERATION_STATUSES))
    .option('--limit <n>', 'at most this many', wholeNumber)
    .action(async (opts: { cluster?: string; status?: string; limit?: number }, command: Command) => {
      const client = clientFor(command, ctx);
      const ops = opts.cluster
        ? await client.request<OperationView[]>('GET', `/api/clusters/${encodeURIComponent(opts.cluster)}/operations`)
        : await client.request<OperationView[]>(
            'GET',
            `/api/operations?${new URLSearchParams({ ...(opts.status ? { status: opts.status } : {}), ...(opts.limit !== undefined ? { limit: String(opts.limit) } : {}) })}`,
          );
      const shown = opts.status ? ops.filter((o) => o.status === opts.status) : ops;
      if (wantsJson(command)) return printJson(ctx.io, shown);
      out(
        table(
          shown.map((o) => ({ id: o.id, type: o.type, status: o.status, by: o.requestedBy, created: o.createdAt, why: o.error })),
          ['id', 'type', 'status', 'by', 'created', 'why'],
        ),
      );
    });

  cmd
    .command('get <id>')
    .description('one operation with its steps')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const op = await clientFor(command, ctx).request<OperationView>('GET', `/api/operations/${encodeURIComponent(id)}`);
      if (wantsJson(command)) return printJson(ctx.io, op);
      out(
        keyValues([
          ['id', op.id],
          ['type', op.type],
          ['status', op.status],
          ['requested by', op.requestedBy],
          ['reason', op.reason],
          [outcomeLabel(op), op.error],
        ]),
      );
      out(
        `\n${table(
          op.steps.map((s) => ({ ...s })),
          ['index', 'name', 'status', 'attempts', 'error'],
        )}`,
      );
    });

  cmd
    .command('cancel <id>')
    .description('stop an operation where it is still safe to')
    .option('--reason <text>', 'why, for the audit trail')
    .action(async (id: string, opts: { reason?: string }, command: Command) => {
      const op = await clientFor(command, ctx).request<OperationView>(
        'POST',
        `/api/operations/${encodeURIComponent(id)}/cancel`,
        opts.reason ? { reason: opts.reason } : {},
      );
      if (wantsJson(command)) return printJson(ctx.io, op);
      out(`${op.id}: ${op.status}${op.status === 'running' ? ' (asked to stop at the next safe point)' : ''}\n`);
    });
  return cmd;
}
