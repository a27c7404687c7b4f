import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { printJson } from '../output';
import type { OperationView } from '../shapes';
import { waitForOperation } from './wait';

/** What every day-2 command takes: preview only, skip the window, wait for the end. */
export interface DayTwoOptions {
  dryRun?: boolean;
  urgent?: boolean;
  wait?: boolean;
}

/** Posts a day-2 change (or its preview), prints the preview, and waits for the operation when asked. */
export async function dayTwo<P>(
  ctx: CliContext,
  command: Command,
  change: { what: string; path: string; body: Record<string, unknown>; opts: DayTwoOptions; text: (p: P) => string },
): Promise<void> {
  const out = ctx.io.stdout;
  const client = clientFor(command, ctx);
  const { opts } = change;
  const answer = await client.request<{ preview: P; operation?: OperationView }>(
    'POST',
    `${change.path}${opts.dryRun ? '?dryRun=true' : ''}`,
    {
      ...change.body,
      ...(opts.urgent ? { urgent: true } : {}),
    },
  );
  if (wantsJson(command) && !opts.wait) return printJson(ctx.io, answer);
  if (!wantsJson(command)) out(change.text(answer.preview));
  if (!answer.operation) return;
  if (!wantsJson(command)) out(`operation ${answer.operation.id} ${answer.operation.status}\n`);
  if (!opts.wait) return;
  const finished = await waitForOperation(client, answer.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
  if (wantsJson(command)) printJson(ctx.io, finished);
  if (finished.status !== 'succeeded')
    throw new CliError(`${change.what} ${finished.status}${finished.error ? `: ${finished.error}` : ''}`);
}
