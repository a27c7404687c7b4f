import type { Static } from '@sinclair/typebox';
import { Command, InvalidArgumentError } from 'commander';
import { gbPerDay, loadChange, writesPercent } from './capacity-change';
import { clientFor, wantsJson, type CliContext } from '../context';
import { keyValues, printJson, table } from '../output';
import { ApiError } from '../client';
import { addApplyCommand } from './capacity-apply';
import type { AtRiskJson, ForecastJson, WhatIfJson } from '../../api/schemas/capacity';

type ForecastView = Static<typeof ForecastJson>;
type WhatIfView = Static<typeof WhatIfJson>;
type AtRiskView = Static<typeof AtRiskJson>;

export { gbPerDay, loadChange, writesPercent } from './capacity-change';

function listLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('takes a whole number from 1 to 1000.');
  return n;
}

const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '-');
const grouped = (n: number): string => Math.round(n).toLocaleString('en-US');
const signed = (n: number): string => `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;

function forecastLines(f: ForecastView): string {
  const exhaustion = f.exhaustionAt
    ? `${f.daysLeft} (runs out ${day(f.exhaustionAt)}, likely ${day(f.earliestAt)} to ${f.latestAt ? day(f.latestAt) : `beyond ${f.horizonDays} days`})`
    : `more than the ${f.horizonDays}-day horizon`;
  const limitAt = f.ops.limitAt ? `limit reached ${day(f.ops.limitAt)}` : 'limit not reached within the horizon';
  const sla =
    f.sla.p99Ms === null
      ? `no p99 measured, SLA ${f.sla.p99ReadMs} ms`
      : `${f.sla.p99Ms} ms worst day of the week, SLA ${f.sla.p99ReadMs} ms: ${f.sla.met ? 'met' : 'MISSED'}`;
  return keyValues([
    ['cluster', `${f.cluster}${f.simulated ? ' (simulated)' : ''}`],
    ['method', `${f.method}, ${f.historyDays} days of history`],
    ['used', `${grouped(f.usedGb)} of ${grouped(f.capacityGb)} GB usable ${f.resource} (${Math.round(f.fillNow * 100)}%)`],
    ['growth', `${signed(f.dailyGrowthGb)} GB/day`],
    ['days left', exhaustion],
    ['at risk', f.atRisk ? `yes (within ${f.warningDays} days)` : 'no'],
    ['ops/s', `peak ${grouped(f.ops.peakPerSecond)} of ${grouped(f.ops.limitPerSecond)} (${f.ops.unit}); ${limitAt}`],
    ['p99', sla],
    ['computed', f.computedAt],
  ]);
}

export function capacityCommand(ctx: CliContext): Command {
  const cmd = new Command('capacity').description('capacity forecasts, what-if headroom and clusters at risk');
  const out = ctx.io.stdout;
  const showForecast = (command: Command, f: ForecastView) => (wantsJson(command) ? printJson(ctx.io, f) : out(forecastLines(f)));

  cmd
    .command('show <cluster>')
    .description("the cluster's latest forecast: when it runs out, how sure, ops/s and p99 against limits")
    .action(async (cluster: string, _opts: unknown, command: Command) => {
      let forecast: ForecastView;
      try {
        forecast = await clientFor(command, ctx).request<ForecastView>('GET', `/api/clusters/${encodeURIComponent(cluster)}/forecast`);
      } catch (error) {
        // A new cluster has no forecast yet: that is its state, not a failure.
        if (!(error instanceof ApiError && (error.details as { reason?: unknown } | undefined)?.reason === 'no_forecast_yet')) throw error;
        if (wantsJson(command)) return printJson(ctx.io, null);
        return out(
          `${cluster}: no forecast yet (the daily pass forecasts a cluster once it has metrics history; \`datafleet capacity forecast ${cluster}\` tries now)\n`,
        );
      }
      showForecast(command, forecast);
    });

  cmd
    .command('forecast <cluster>')
    .description('recompute the forecast now')
    .action(async (cluster: string, _opts: unknown, command: Command) => {
      showForecast(
        command,
        await clientFor(command, ctx).request<ForecastView>('POST', `/api/clusters/${encodeURIComponent(cluster)}/forecast`),
      );
    });

  cmd
    .command('what-if <cluster>')
    .description('headroom after a change in load: sufficient until when, and what to scale to by when')
    .option('--writes <percent>', 'more (or fewer) writes, e.g. +30%', writesPercent)
    .option('--gb-per-day <gb>', 'extra data per day, e.g. 50', gbPerDay)
    .action(async (cluster: string, opts: { writes?: number; gbPerDay?: number }, command: Command) => {
      const body = loadChange(command, opts);
      const answer = await clientFor(command, ctx).request<WhatIfView>(
        'POST',
        `/api/clusters/${encodeURIComponent(cluster)}/forecast/what-if`,
        body,
      );
      if (wantsJson(command)) return printJson(ctx.io, answer);
      const s = answer.scaleTo;
      out(
        keyValues([
          ['answer', answer.message],
          [
            'sufficient until',
            answer.sufficientUntil
              ? `${day(answer.sufficientUntil)} (${answer.daysLeft} days)`
              : `beyond the ${answer.horizonDays}-day horizon`,
          ],
          ['growth', `${signed(answer.dailyGrowthGb)} GB/day`],
          [
            'scale to',
            s
              ? s.diskGb
                ? `${s.diskGb} GB disk per node`
                : s.instanceType
                  ? `instance type ${s.instanceType}`
                  : `${s.nodes} nodes${s.nodes !== s.nodesPerRegion ? ` (${s.nodesPerRegion} per region)` : ''}`
              : null,
          ],
          ['by', s ? day(s.by) : null],
        ]),
      );
    });

  cmd
    .command('at-risk')
    .description('clusters predicted to run out, fewest days left first')
    .option('--limit <n>', 'at most this many, 1 to 1000 (default 50)', listLimit)
    .action(async (opts: { limit?: number }, command: Command) => {
      const rows = await clientFor(command, ctx).request<AtRiskView[]>(
        'GET',
        `/api/capacity/at-risk${opts.limit !== undefined ? `?limit=${opts.limit}` : ''}`,
      );
      if (wantsJson(command)) return printJson(ctx.io, rows);
      out(
        table(
          rows.map((r) => ({
            cluster: r.cluster,
            engine: r.engine,
            owner: r.owner,
            'days left': r.daysLeft,
            'runs out': day(r.exhaustionAt),
            likely: `${day(r.earliestAt)}..${day(r.latestAt)}`,
            fill: `${Math.round(r.fillNow * 100)}%`,
            sim: r.simulated ? 'yes' : '',
          })),
          ['cluster', 'engine', 'owner', 'days left', 'runs out', 'likely', 'fill', 'sim'],
        ),
      );
    });
  addApplyCommand(cmd, ctx);
  return cmd;
}
