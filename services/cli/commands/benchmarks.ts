import type { Static } from '@sinclair/typebox';
import { Command, InvalidArgumentError } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { printJson, table } from '../output';
import { collectList } from '../parse';
import type { OperationView } from '../shapes';
import type { BenchmarkRunSummaryJson } from '../../api/schemas/benchmark';
import { waitForOperation } from './wait';

type RunView = Static<typeof BenchmarkRunSummaryJson>;

/** Measured seconds per workload: the API takes 1 to 600. */
const WORKLOADS = ['read-heavy-80-20', 'balanced-50-50', 'write-heavy-10-90'];

/** The standard workloads by name, repeatable or comma-separated; an unknown one is refused with the list. */
function workloadList(value: string, previous: string[] = []): string[] {
  const names = collectList(value, previous);
  const unknown = names.filter((n) => !WORKLOADS.includes(n));
  if (unknown.length) throw new InvalidArgumentError(`${unknown.join(', ')}: choose from ${WORKLOADS.join(', ')}.`);
  return names;
}

function durationSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 600) throw new InvalidArgumentError('must be a whole number of seconds from 1 to 600.');
  return n;
}

// Every figure's unit in its column's name: throughput in operations a second, latencies in ms.
const COLUMNS = ['workload', 'phase', 'version', 'ops/s', 'errors', 'avg ms', 'p50 ms', 'p95 ms', 'p99 ms', 'p99.9 ms', 'sim', 'started'];

function row(r: RunView) {
  const l = r.latencyMs;
  return {
    workload: r.workloadName,
    phase: r.phase,
    version: r.clusterVersion,
    'ops/s': Math.round(r.opsPerSecond),
    errors: r.errors,
    'avg ms': l.avg,
    'p50 ms': l.p50,
    'p95 ms': l.p95,
    'p99 ms': l.p99,
    'p99.9 ms': l.p999,
    sim: r.simulated ? 'yes' : '',
    started: r.startedAt,
  };
}

export function benchmarksCommand(ctx: CliContext): Command {
  const cmd = new Command('benchmarks').description(
    'run standard workloads against a cluster and read the stored results (latencies in ms)',
  );
  const out = ctx.io.stdout;

  cmd
    .command('run <cluster>')
    .description('run workloads (default: the standard set) as a background operation')
    .option('--workload <name...>', `${WORKLOADS.join(', ')} (repeatable or comma-separated)`, workloadList)
    .option('--duration <seconds>', 'measured seconds per workload, 1 to 600', durationSeconds)
    .option('--wait', 'wait for the operation and print the results')
    .action(async (cluster: string, opts: { workload?: string[]; duration?: number; wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const body = {
        ...(opts.workload ? { workloads: opts.workload } : {}),
        ...(opts.duration !== undefined ? { durationSeconds: opts.duration } : {}),
      };
      const path = `/api/clusters/${encodeURIComponent(cluster)}/benchmarks`;
      const { operation } = await client.request<{ operation: OperationView }>('POST', path, body);
      if (!opts.wait)
        return wantsJson(command) ? printJson(ctx.io, operation) : out(`${cluster}: benchmark requested (operation ${operation.id})\n`);
      const finished = await waitForOperation(client, operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      const runs = (await client.request<RunView[]>('GET', path)).filter((r) => r.operationId === operation.id);
      if (wantsJson(command)) printJson(ctx.io, { operation: finished, runs });
      else out(table(runs.map(row), COLUMNS));
      if (finished.status !== 'succeeded') throw new CliError(`benchmark ${finished.status}${finished.error ? `: ${finished.error}` : ''}`);
    });

  cmd
    .command('list <cluster>')
    .description('stored runs, newest first')
    .action(async (cluster: string, _opts: unknown, command: Command) => {
      const runs = await clientFor(command, ctx).request<RunView[]>('GET', `/api/clusters/${encodeURIComponent(cluster)}/benchmarks`);
      if (wantsJson(command)) return printJson(ctx.io, runs);
      out(table(runs.map(row), COLUMNS));
    });
  return cmd;
}
