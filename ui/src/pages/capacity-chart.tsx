import { useMemo } from 'preact/hooks';
import { SeriesChart, type ChartSpec } from '../components/series-chart';
import type { ForecastView } from './capacity-types';

const dayMs = 86_400_000;
const seconds = (iso: string) => new Date(iso).getTime() / 1000;

/**
 * One x axis for history then forecast. The forecast lines start at the last measured day so they
 * continue the history line instead of floating beside it.
 */
export function capacitySpec(f: ForecastView, now = Date.now()): ChartSpec {
  const shown = { ...f, forecast: f.forecast.filter((p) => Date.parse(p.at) <= lastShown(f, now)) };
  return specOf(shown, now);
}

/**
 * When it runs out, the chart ends a month past the interval's far end (or a little past the warning
 * horizon, whichever is later): a year of forecast above the capacity line would squash the part
 * that matters. Otherwise the whole horizon shows.
 */
function lastShown(f: ForecastView, now: number): number {
  const end = f.latestAt ?? f.exhaustionAt;
  if (!end) return Infinity;
  return Math.max(Date.parse(end) + 30 * dayMs, now + f.warningDays * 1.2 * dayMs);
}

function specOf(f: ForecastView, now: number): ChartSpec {
  const past = f.history.length;
  const last = f.history[past - 1]?.usedGb ?? null;
  const ahead = (pick: (p: ForecastView['forecast'][number]) => number) => [
    ...f.history.map((_, i) => (i === past - 1 ? last : null)),
    ...f.forecast.map(pick),
  ];
  const used = [...f.history.map((h) => h.usedGb), ...f.forecast.map(() => null)];
  const predicted = ahead((p) => p.usedGb);
  const top = Math.max(f.capacityGb, ...used.map((v) => v ?? 0));
  return {
    x: [...f.history.map((h) => seconds(h.at)), ...f.forecast.map((p) => seconds(p.at))],
    unit: 'GB',
    // What lies beyond a third above capacity (the forecast after it runs out, a wide band) is cut off.
    yMax: top * 1.3 || 1,
    lines: [
      { label: 'Used (daily max)', values: used, stroke: '#2f5fd0', width: 1.5, points: past < 40 },
      { label: 'Forecast', values: predicted, stroke: '#7a3fd0', width: 2, dash: [6, 4] },
      { label: 'Interval high', values: ahead((p) => p.highGb), stroke: 'rgba(122, 63, 208, 0.35)', width: 1 },
      { label: 'Interval low', values: ahead((p) => p.lowGb), stroke: 'rgba(122, 63, 208, 0.35)', width: 1 },
      { label: 'Usable capacity', values: [...f.history, ...f.forecast].map(() => f.capacityGb), stroke: '#c23b32', width: 1.5 },
    ],
    bands: [{ upper: 2, lower: 3, fill: 'rgba(122, 63, 208, 0.14)' }],
    marks: [
      { at: now / 1000, label: 'now', colour: '#6b7385' },
      { at: (now + f.warningDays * dayMs) / 1000, label: `${f.warningDays} days`, colour: '#b7791f' },
    ],
  };
}

/** Usage history, forecast, prediction interval, usable capacity and the warning horizon on one chart. */
export function CapacityChart({ forecast }: { forecast: ForecastView }) {
  const spec = useMemo(() => capacitySpec(forecast), [forecast]);
  return (
    <figure class="capacity-figure">
      <SeriesChart
        spec={spec}
        testId="capacity-chart"
        label={`${forecast.resource === 'memory' ? 'Memory' : 'Storage'} used per day and forecast against the usable capacity of ${forecast.capacityGb} GB`}
      />
      <figcaption class="muted small">
        Blue: {forecast.resource} used (daily max) · purple dashed: forecast, shaded: its prediction interval · red: usable capacity · amber
        dashed: {forecast.warningDays} days from now, the warning horizon.
      </figcaption>
    </figure>
  );
}
