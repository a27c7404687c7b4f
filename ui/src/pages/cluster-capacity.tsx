import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { SimulatedBadge } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { day, days, gb, percent, when } from '../format';
import { CapacityChart } from './capacity-chart';
import { CapacityWhatIf } from './capacity-what-if';
import { CapacityNotices } from './capacity-notices';
import { CapacityLoad } from './capacity-load';
import type { ForecastView } from './capacity-types';

/** The one sentence an owner needs: when it runs out (and how sure we are), or why we cannot say. */
function Headline({ f }: { f: ForecastView }) {
  if (f.method === 'insufficient-history') {
    return (
      <p class="headline" data-testid="capacity-headline" data-state="insufficient">
        Not enough history yet to forecast ({days(f.historyDays)} of daily usage so far).
      </p>
    );
  }
  if (f.daysLeft === null || !f.exhaustionAt) {
    return (
      <p class="headline" data-testid="capacity-headline" data-state="none">
        No exhaustion predicted within the {f.horizonDays}-day horizon.
      </p>
    );
  }
  return (
    <p
      class={`headline ${f.atRisk ? 'at-risk' : ''}`}
      data-testid="capacity-headline"
      data-state="exhaustion"
      data-exhaustion-at={f.exhaustionAt}
      data-days-left={f.daysLeft}
    >
      Runs out around <strong data-testid="exhaustion-date">{day(f.exhaustionAt)}</strong>
      {f.earliestAt || f.latestAt ? (
        <>
          {' '}
          (between {f.earliestAt ? day(f.earliestAt) : 'now'} and {f.latestAt ? day(f.latestAt) : 'beyond the horizon'})
        </>
      ) : null}
      {' — '}
      <strong>{days(f.daysLeft)}</strong>
      {f.atRisk ? <span class="pill pill-failed">within {f.warningDays} days</span> : null}
    </p>
  );
}

/**
 * Capacity: when the engine's usable capacity (its resource times its fill limit) runs out, the chart
 * behind that date, the load against the instances' limit and the SLA, a recompute button and the
 * what-if form. The forecast changes daily or on a recompute, so it is not reloaded on live events.
 */
export function ClusterCapacity({ name }: { name: string }) {
  const [forecast, setForecast] = useState<ForecastView | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/clusters/${encodeURIComponent(name)}/forecast`;

  const show = (f: ForecastView) => (setForecast(f), setMissing(null), setError(null));
  const fail = (e: unknown) => (e instanceof ApiError && e.status === 404 ? setMissing(e.message) : setError(e));
  useEffect(() => {
    api<ForecastView>(path).then(show, fail);
  }, [name]);
  const recompute = async () => {
    setBusy(true);
    await api<ForecastView>(path, { method: 'POST' }).then(show, fail);
    setBusy(false);
  };

  const f = forecast;
  return (
    <section data-testid="capacity" aria-labelledby="capacity-title">
      <h2 id="capacity-title">
        Capacity {f ? <SimulatedBadge simulated={f.simulated} /> : null}
        <button type="button" onClick={() => void recompute()} disabled={busy} data-testid="recompute">
          {busy ? 'Recomputing…' : 'Recompute'}
        </button>
      </h2>
      <ErrorNote error={error} testId="capacity-error" />
      {missing && !f ? (
        <p class="muted" data-testid="no-forecast" title={missing}>
          No forecast yet: one runs every day once the cluster has metrics history, and Recompute runs it now.
        </p>
      ) : null}
      {f ? (
        <>
          <Headline f={f} />
          <CapacityNotices cluster={name} computedAt={f.computedAt} />
          <p class="muted small" data-testid="capacity-facts">
            {f.resource === 'memory' ? 'Memory' : 'Disk'} used {gb(f.usedGb)} of {gb(f.capacityGb)} usable ({percent(f.fillNow)}),{' '}
            {f.dailyGrowthGb >= 0 ? 'growing' : 'shrinking'} {gb(Math.abs(f.dailyGrowthGb))}/day
            {' · '}
            {f.method} forecast computed {when(f.computedAt)}
            {f.simulated ? ' from simulated usage' : ''}
          </p>
          {f.history.length || f.forecast.length ? <CapacityChart forecast={f} /> : null}
          <CapacityLoad f={f} />
          <CapacityWhatIf cluster={name} />
        </>
      ) : null}
    </section>
  );
}
