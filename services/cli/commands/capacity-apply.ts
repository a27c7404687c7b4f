import type { Static } from '@sinclair/typebox';
import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { printJson } from '../output';
import type { OperationView } from '../shapes';
import type { WhatIfJson } from '../../api/schemas/capacity';
import { gbPerDay, loadChange, writesPercent } from './capacity-change';
import { waitForOperation } from './wait';

/** `capacity apply NAME --writes +30%`: the what-if's advice for that change, scheduled as the one operation it names. */
export function addApplyCommand(cmd: Command, ctx: CliContext): void {
  const out = ctx.io.stdout;
  cmd
    .command('apply <cluster>')
    .description('schedule exactly what the what-if advises for this change (grow storage, scale or resize), in the maintenance window')
    .option('--writes <percent>', 'more (or fewer) writes, e.g. +30%', writesPercent)
    .option('--gb-per-day <gb>', 'extra data per day, e.g. 50', gbPerDay)
    .option('--urgent', 'run now instead of in the next maintenance window')
    .option('--wait', 'wait for the operation to end')
    .action(async (cluster: string, opts: { writes?: number; gbPerDay?: number; urgent?: boolean; wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const answer = await client.request<{ advice: Static<typeof WhatIfJson>; kind: string; operation: OperationView }>(
        'POST',
        `/api/clusters/${encodeURIComponent(cluster)}/forecast/what-if/apply`,
        { ...loadChange(command, opts), ...(opts.urgent ? { urgent: true } : {}) },
      );
      if (wantsJson(command) && !opts.wait) return printJson(ctx.io, answer);
      if (!wantsJson(command))
        out(`${cluster}: ${answer.advice.message}\n${answer.kind} operation ${answer.operation.id} ${answer.operation.status}\n`);
      if (!opts.wait) return;
      const finished = await waitForOperation(client, answer.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      if (wantsJson(command)) printJson(ctx.io, finished);
      if (finished.status !== 'succeeded')
        throw new CliError(`${answer.kind} ${finished.status}${finished.error ? `: ${finished.error}` : ''}`);
    });
}
