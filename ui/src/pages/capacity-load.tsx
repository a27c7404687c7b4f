import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { SeriesChart, type ChartSpec } from '../components/series-chart';
import { compact, day, ms, percent } from '../format';
import type { ForecastView } from './capacity-types';

/** GET /api/clusters/:ref/metrics?resolution=day (the fields drawn here). */
interface DailyMetrics {
  points: Array<{ at: string; readsPerSecond: number | null; writesPerSecond: number | null; p99Ms: number | null }>;
}

const seconds = (iso: string) => new Date(iso).getTime() / 1000;
/** The instance limit is stated in reads + 2 × writes (a write costs about two reads); the line uses the same unit. */
const load = (p: DailyMetrics['points'][number]) =>
  p.readsPerSecond === null || p.writesPerSecond === null ? null : p.readsPerSecond + 2 * p.writesPerSecond;
const highest = (values: Array<number | null>) => Math.max(0, ...values.map((v) => v ?? 0));

function specs(f: ForecastView, m: DailyMetrics): { ops: ChartSpec; latency: ChartSpec } {
  const x = m.points.map((p) => seconds(p.at));
  const ops = m.points.map(load);
  const p99 = m.points.map((p) => p.p99Ms);
  return {
    ops: {
      x,
      unit: 'ops/s',
      yMax: Math.max(highest(ops), f.ops.peakPerSecond, f.ops.limitPerSecond) * 1.15 || 1,
      lines: [
        { label: 'Load (daily average)', values: ops, stroke: '#2f5fd0' },
        { label: 'Instance limit', values: x.map(() => f.ops.limitPerSecond), stroke: '#c23b32' },
      ],
    },
    latency: {
      x,
      unit: 'ms',
      yMax: Math.max(highest(p99), f.sla.p99ReadMs) * 1.2 || 1,
      lines: [
        { label: 'p99 (daily worst)', values: p99, stroke: '#2f5fd0' },
        { label: 'SLA p99', values: x.map(() => f.sla.p99ReadMs), stroke: '#c23b32', dash: [6, 4] },
      ],
    },
  };
}

/**
 * Traffic against what the instances can serve and latency against the SLA: the sentence with the
 * forecast's figures, and the daily history behind them (GET .../metrics?resolution=day).
 */
export function CapacityLoad({ f }: { f: ForecastView }) {
  const [metrics, setMetrics] = useState<DailyMetrics | null>(null);
  useEffect(() => {
    // Secondary to the forecast: without the series the sentences still stand.
    api<DailyMetrics>(`/api/clusters/${encodeURIComponent(f.cluster)}/metrics?resolution=day`).then(setMetrics, () => setMetrics(null));
  }, [f.cluster, f.computedAt]);
  const charts = useMemo(() => (metrics && metrics.points.length ? specs(f, metrics) : null), [f, metrics]);

  const share = f.ops.limitPerSecond > 0 ? f.ops.peakPerSecond / f.ops.limitPerSecond : null;
  const slaMissed = f.sla.met === false;
  return (
    <div data-testid="capacity-load">
      <dl class="facts">
        <dt>Ops/s</dt>
        <dd data-testid="ops-vs-limit">
          peak {compact.format(f.ops.peakPerSecond)} of the instances' limit {compact.format(f.ops.limitPerSecond)} ({percent(share)}){' '}
          <span class="muted">{f.ops.unit}</span>
          {f.ops.limitAt ? (
            <span class="hint warn"> · reaches the limit around {day(f.ops.limitAt)}</span>
          ) : (
            <span class="muted"> · not reaching the limit within the horizon</span>
          )}
        </dd>
        <dt>Latency</dt>
        <dd data-testid="latency-vs-sla" class={slaMissed ? 'error' : ''}>
          p99 {f.sla.p99Ms === null ? 'not measured' : ms(f.sla.p99Ms)} (worst day of the last week) against the SLA's{' '}
          {ms(f.sla.p99ReadMs, 0)}
          {slaMissed ? ': SLA missed' : f.sla.met ? ': met' : ''}
        </dd>
      </dl>
      {charts ? (
        <div class="charts load-charts">
          <figure class="metric">
            <figcaption>
              Load against the instance limit <span class="muted">({f.ops.unit})</span>
            </figcaption>
            <SeriesChart spec={charts.ops} testId="ops-chart" label="Daily load against the instance limit" width={520} height={190} />
          </figure>
          <figure class="metric">
            <figcaption>
              p99 latency against the SLA <span class="muted">(ms)</span>
            </figcaption>
            <SeriesChart
              spec={charts.latency}
              testId="latency-chart"
              label="Daily worst p99 latency against the SLA"
              width={520}
              height={190}
            />
          </figure>
        </div>
      ) : null}
    </div>
  );
}
