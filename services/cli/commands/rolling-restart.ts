import { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { printJson } from '../output';
import type { OperationView } from '../shapes';
import { waitForOperation } from './wait';

interface RestartPreview {
  order: Array<{ name: string; role: string }>;
  notBefore: string | null;
}

export function rollingRestartCommand(ctx: CliContext): Command {
  const out = ctx.io.stdout;
  return new Command('rolling-restart')
    .description('restart every node of a cluster in turn, replicas before the primary')
    .argument('<cluster>')
    .option('--dry-run', 'show the order and when it would start; change nothing')
    .option('--urgent', 'restart now instead of in the next maintenance window')
    .option('--wait', 'wait for the operation to end')
    .action(async (cluster: string, opts: { dryRun?: boolean; urgent?: boolean; wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const path = `/api/clusters/${encodeURIComponent(cluster)}/rolling-restart${opts.dryRun ? '?dryRun=true' : ''}`;
      const answer = await client.request<{ preview: RestartPreview; operation?: OperationView }>(
        'POST',
        path,
        opts.urgent ? { urgent: true } : {},
      );
      if (wantsJson(command) && !opts.wait) return printJson(ctx.io, answer);
      const when = answer.preview.notBefore ? `in the maintenance window at ${answer.preview.notBefore}` : 'now';
      if (!wantsJson(command))
        out(`${cluster}: restarts ${answer.preview.order.map((n) => `${n.name} (${n.role})`).join(', ')}; starts ${when}\n`);
      if (!answer.operation || !opts.wait) return;
      const finished = await waitForOperation(client, answer.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      if (wantsJson(command)) printJson(ctx.io, finished);
      if (finished.status !== 'succeeded')
        throw new CliError(`rolling restart ${finished.status}${finished.error ? `: ${finished.error}` : ''}`);
    });
}
