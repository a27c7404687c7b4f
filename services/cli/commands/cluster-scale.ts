import { Command } from 'commander';
import type { CliContext } from '../context';
import { wholeNumber } from '../parse';
import { dayTwo, type DayTwoOptions } from './day-two';

interface Cost {
  before: number;
  after: number;
  difference: number;
}

interface ScalePreview {
  direction: 'out' | 'in';
  nodes: { before: number; after: number };
  leaving: Array<{ name: string; zone: string }>;
  capacityGb: { before: number; after: number };
  dataGb: number;
  notBefore: string | null;
  monthlyCostUsd: Cost;
}

interface ResizePreview {
  instanceType: { before: string; after: string };
  order: Array<{ name: string; role: string }>;
  capacityGb: { before: number; after: number };
  dataGb: number;
  notBefore: string | null;
  monthlyCostUsd: Cost;
}

const costLine = (c: Cost) => `  monthly cost: $${c.before} → $${c.after} (${c.difference >= 0 ? '+' : ''}${c.difference})`;
const startsLine = (notBefore: string | null) => `  starts: ${notBefore ? `in the maintenance window at ${notBefore}` : 'now'}`;
const capacityLine = (p: { capacityGb: { before: number; after: number }; dataGb: number }) =>
  `  capacity: ${p.capacityGb.before} → ${p.capacityGb.after} GB per region (holds ${p.dataGb} GB)`;

export function scalePreviewText(cluster: string, p: ScalePreview): string {
  return [
    `${cluster}: scale ${p.direction} from ${p.nodes.before} to ${p.nodes.after} nodes`,
    ...(p.leaving.length ? [`  leaving (data moved first): ${p.leaving.map((n) => `${n.name} (${n.zone})`).join(', ')}`] : []),
    capacityLine(p),
    startsLine(p.notBefore),
    costLine(p.monthlyCostUsd),
    '',
  ].join('\n');
}

export function resizePreviewText(cluster: string, p: ResizePreview): string {
  return [
    `${cluster}: resize from ${p.instanceType.before} to ${p.instanceType.after}, one node at a time`,
    `  order: ${p.order.map((n) => `${n.name} (${n.role})`).join(', ')}`,
    capacityLine(p),
    startsLine(p.notBefore),
    costLine(p.monthlyCostUsd),
    '',
  ].join('\n');
}

/** `clusters scale NAME --nodes N` and `clusters resize NAME --instance-type X`, each with --dry-run, --urgent and --wait. */
export function addScaleCommands(cmd: Command, ctx: CliContext): void {
  const clusterPath = (name: string) => `/api/clusters/${encodeURIComponent(name)}`;
  cmd
    .command('scale <name>')
    .description('scale out or in to N nodes (all regions together); data moves before a node leaves')
    .requiredOption('--nodes <n>', 'the node count to reach', wholeNumber)
    .option('--dry-run', 'show the node counts, leaving nodes, capacity, when and the cost; change nothing')
    .option('--urgent', 'scale now instead of in the next maintenance window')
    .option('--wait', 'wait for the operation to end')
    .action((name: string, opts: DayTwoOptions & { nodes: number }, command: Command) =>
      dayTwo<ScalePreview>(ctx, command, {
        what: 'scale',
        path: `${clusterPath(name)}/scale`,
        body: { nodes: opts.nodes },
        opts,
        text: (p) => scalePreviewText(name, p),
      }),
    );
  cmd
    .command('resize <name>')
    .description('move every node to another instance type, one at a time, replicas before the primary')
    .requiredOption('--instance-type <type>', 'the instance type to move to')
    .option('--dry-run', 'show the order, capacity, when and the cost; change nothing')
    .option('--urgent', 'resize now instead of in the next maintenance window')
    .option('--wait', 'wait for the operation to end')
    .action((name: string, opts: DayTwoOptions & { instanceType: string }, command: Command) =>
      dayTwo<ResizePreview>(ctx, command, {
        what: 'resize',
        path: `${clusterPath(name)}/resize`,
        body: { instanceType: opts.instanceType },
        opts,
        text: (p) => resizePreviewText(name, p),
      }),
    );
}
