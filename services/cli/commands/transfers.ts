import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { keyValues, printJson } from '../output';
import type { TransferOfferView } from '../shapes';

const path = (cluster: string, action = '') => `/api/clusters/${encodeURIComponent(cluster)}/transfer${action ? `/${action}` : ''}`;

/** `clusters transfer|accept-transfer|decline-transfer|cancel-transfer|pending-transfer`: handing a cluster to another team by consent. */
export function addTransferCommands(cmd: Command, ctx: CliContext): void {
  const show = (command: Command, offer: TransferOfferView) =>
    wantsJson(command)
      ? printJson(ctx.io, offer)
      : ctx.io.stdout(
          keyValues([
            ['cluster', offer.cluster.name],
            ['from', offer.from.name],
            ['to', offer.to.name],
            ['status', offer.status],
            ['offered by', offer.offeredBy],
            ['reason', offer.reason],
            ['decided by', offer.decidedBy],
          ]),
        );

  cmd
    .command('transfer <cluster>')
    .description('offer the cluster to another team; it changes hands when that team accepts')
    .requiredOption('--to <team>', 'receiving team')
    .option('--reason <text>', 'why, for the audit trail')
    .action(async (cluster: string, opts: { to: string; reason?: string }, command: Command) => {
      show(
        command,
        await clientFor(command, ctx).request<TransferOfferView>('POST', path(cluster), {
          to: opts.to,
          ...(opts.reason ? { reason: opts.reason } : {}),
        }),
      );
    });

  cmd
    .command('pending-transfer <cluster>')
    .description("the cluster's pending transfer offer, if any")
    .action(async (cluster: string, _opts: unknown, command: Command) => {
      const { offer } = await clientFor(command, ctx).request<{ offer: TransferOfferView | null }>('GET', path(cluster));
      if (wantsJson(command)) return printJson(ctx.io, { offer });
      if (!offer) return ctx.io.stdout(`no pending transfer offer for ${cluster}\n`);
      show(command, offer);
    });

  const decisions = [
    ['accept-transfer', 'accept', 'accept the offer made to your team (the cluster becomes yours)'],
    ['decline-transfer', 'decline', 'decline the offer made to your team'],
    ['cancel-transfer', 'cancel', 'withdraw the offer your team made'],
  ] as const;
  for (const [name, action, description] of decisions) {
    cmd
      .command(`${name} <cluster>`)
      .description(description)
      .action(async (cluster: string, _opts: unknown, command: Command) => {
        show(command, await clientFor(command, ctx).request<TransferOfferView>('POST', path(cluster, action), {}));
      });
  }
}
