import type { Static } from '@sinclair/typebox';
import { InvalidArgumentError, type Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { keyValues, printJson } from '../output';
import type { GrowStoragePreviewJson, StoragePolicyJson } from '../../api/routes/storage';
import { dayTwo } from './day-two';

type Preview = Static<typeof GrowStoragePreviewJson>;
type Policy = Static<typeof StoragePolicyJson>;

function wholeGb(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('takes a whole number of GB, 1 or more.');
  return n;
}

const previewText = (cluster: string, p: Preview): string =>
  keyValues([
    ['cluster', cluster],
    ['disk per node', `${p.diskGb.from} → ${p.diskGb.to} GB on ${p.nodes} node(s)`],
    ['usable', `${p.usableCapacityGb.from} → ${p.usableCapacityGb.to} GB`],
    ['starts', p.notBefore ? `in the maintenance window at ${p.notBefore}` : 'now'],
    ['monthly cost', `$${p.monthlyCostUsd.before} → $${p.monthlyCostUsd.after} (+$${p.monthlyCostUsd.difference})`],
    ['note', p.note],
  ]);

const policyText = (cluster: string, p: Policy): string =>
  keyValues([
    ['cluster', cluster],
    ['automatic growth', p.enabled ? 'on' : p.stored ? 'off' : 'off (never set)'],
    ['grow by', `${p.growByPercent}%`],
    ['lead', `${p.leadDays} days before the forecast runs out`],
    ['max disk', `${p.maxDiskGb} GB per node (now ${p.currentDiskGb ?? '?'} GB)`],
    ['updated', p.updatedBy ? `${p.updatedAt} by ${p.updatedBy}` : null],
  ]);

/** `clusters grow-storage NAME --disk-gb N` and `clusters storage-policy NAME [--enable …]`. */
export function addStorageCommands(cmd: Command, ctx: CliContext): void {
  const out = ctx.io.stdout;
  cmd
    .command('grow-storage <name>')
    .description("grow every node's disk, one node at a time, in the maintenance window unless --urgent")
    .requiredOption('--disk-gb <gb>', "each node's disk after the grow", wholeGb)
    .option('--dry-run', 'show the change, when it would start and the cost; change nothing')
    .option('--urgent', 'grow now instead of in the next maintenance window')
    .option('--wait', 'wait for the operation to end')
    .action(async (name: string, opts: { diskGb: number; dryRun?: boolean; urgent?: boolean; wait?: boolean }, command: Command) => {
      await dayTwo<Preview>(ctx, command, {
        what: 'grow storage',
        path: `/api/clusters/${encodeURIComponent(name)}/storage`,
        body: { diskGb: opts.diskGb },
        opts,
        text: (preview) => previewText(name, preview),
      });
    });

  cmd
    .command('storage-policy <name>')
    .description("show or change automatic storage growth ahead of the forecast's exhaustion date")
    .option('--enable', 'grow automatically')
    .option('--disable', 'never grow automatically')
    .option('--grow-by <percent>', 'each grow adds this share of the disk', wholeGb)
    .option('--lead-days <days>', 'grow once the forecast runs out within this many days', wholeGb)
    .option('--max-disk-gb <gb>', 'never grow a node beyond this', wholeGb)
    .action(
      async (
        name: string,
        opts: { enable?: boolean; disable?: boolean; growBy?: number; leadDays?: number; maxDiskGb?: number },
        command: Command,
      ) => {
        if (opts.enable && opts.disable) command.error('error: give --enable or --disable, not both', { exitCode: 2 });
        const client = clientFor(command, ctx);
        const path = `/api/clusters/${encodeURIComponent(name)}/storage-policy`;
        let policy = await client.request<Policy>('GET', path);
        const changes = [opts.enable, opts.disable, opts.growBy, opts.leadDays, opts.maxDiskGb].some((o) => o !== undefined);
        if (changes)
          policy = await client.request<Policy>('PUT', path, {
            enabled: opts.enable ? true : opts.disable ? false : policy.enabled,
            growByPercent: opts.growBy ?? policy.growByPercent,
            leadDays: opts.leadDays ?? policy.leadDays,
            maxDiskGb: opts.maxDiskGb ?? policy.maxDiskGb,
          });
        if (wantsJson(command)) return printJson(ctx.io, policy);
        out(policyText(name, policy));
      },
    );
}
