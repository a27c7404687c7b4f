import { Command, InvalidArgumentError } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { printJson, table } from '../output';
import { dayTwo } from './day-two';

type Value = string | number | boolean;

interface ParameterView {
  name: string;
  type: string;
  values?: string[];
  min?: number;
  max?: number;
  unit?: string;
  applies: string;
  current: Value;
  description: string;
}

interface PreviewView {
  changes: Array<{ name: string; from: Value; to: Value; unit: string | null; applies: string }>;
  applies: string;
  notBefore: string | null;
  monthlyCostUsd: { before: number; after: number; difference: number };
}

/** NAME=VALUE: a number where it reads as one, true/false as booleans, else the text. */
function assignment(text: string, previous: Record<string, Value> = {}): Record<string, Value> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('write each setting as NAME=VALUE.');
  const raw = text.slice(eq + 1);
  const value: Value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
  return { ...previous, [text.slice(0, eq)]: value };
}

const range = (p: ParameterView) =>
  p.values ? p.values.join(' | ') : p.min !== undefined ? `${p.min}…${p.max}${p.unit ? ` ${p.unit}` : ''}` : p.type;

export function previewText(cluster: string, p: PreviewView): string {
  const lines = p.changes.map((c) => `  ${c.name}: ${String(c.from)} → ${String(c.to)}${c.unit ? ` ${c.unit}` : ''} (${c.applies})`);
  return [
    `${cluster}: ${p.changes.length} change(s), applied ${p.applies === 'live' ? 'live, no restart' : 'by rolling restart'}`,
    ...lines,
    `  starts: ${p.notBefore ? `in the maintenance window at ${p.notBefore}` : 'now'}`,
    `  monthly cost: $${p.monthlyCostUsd.before} → $${p.monthlyCostUsd.after} (${p.monthlyCostUsd.difference >= 0 ? '+' : ''}${p.monthlyCostUsd.difference})`,
    '',
  ].join('\n');
}

export function settingsCommand(ctx: CliContext): Command {
  const cmd = new Command('settings').description("a cluster's engine parameters: list them, preview and apply a change");
  const out = ctx.io.stdout;

  cmd
    .command('list <cluster>')
    .description('the parameters a team may change, with range, how each applies and the current value')
    .action(async (cluster: string, _opts: unknown, command: Command) => {
      const params = await clientFor(command, ctx).request<ParameterView[]>('GET', `/api/clusters/${encodeURIComponent(cluster)}/settings`);
      if (wantsJson(command)) return printJson(ctx.io, params);
      out(
        table(
          params.map((p) => ({ name: p.name, current: p.current, range: range(p), applies: p.applies })),
          ['name', 'current', 'range', 'applies'],
        ),
      );
    });

  cmd
    .command('set <cluster>')
    .description('change parameters (NAME=VALUE …): live where the engine allows, else by rolling restart; put back on failure')
    .argument('<settings...>', 'NAME=VALUE pairs')
    .option('--dry-run', 'show the diff, when it would start and the cost; change nothing')
    .option('--urgent', 'apply now instead of in the next maintenance window')
    .option('--wait', 'wait for the operation to end')
    .action(async (cluster: string, pairs: string[], opts: { dryRun?: boolean; urgent?: boolean; wait?: boolean }, command: Command) => {
      const settings = pairs.reduce<Record<string, Value>>((all, pair) => assignment(pair, all), {});
      await dayTwo<PreviewView>(ctx, command, {
        what: 'settings change',
        path: `/api/clusters/${encodeURIComponent(cluster)}/settings`,
        body: { settings },
        opts,
        text: (preview) => previewText(cluster, preview),
      });
    });
  return cmd;
}
