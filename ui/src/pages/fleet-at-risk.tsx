import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { SimulatedBadge } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { day, percent } from '../format';
import { clusterTabHref } from '../links';
import type { AtRiskCluster } from './capacity-types';

/** Forecasts change daily or on a recompute, not on live events: a slow poll is enough. */
const pollMs = 60_000;
const pageSize = 15;

/** Clusters predicted to run out of capacity, soonest first; the server orders and limits, so a fleet of thousands costs one short query. */
export function FleetAtRisk() {
  const [rows, setRows] = useState<AtRiskCluster[]>([]);
  const [limit, setLimit] = useState(pageSize);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    api<AtRiskCluster[]>(`/api/capacity/at-risk?limit=${limit}`).then((r) => (setRows(r), setError(null)), setError);
  }, [limit, tick]);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), pollMs);
    return () => clearInterval(timer);
  }, []);

  return (
    <section class="panel" data-testid="at-risk" aria-labelledby="at-risk-title">
      <h2 id="at-risk-title">Clusters at risk</h2>
      {rows.length ? (
        <p class="muted" data-testid="at-risk-summary">
          <strong class="error">{rows.filter((r) => r.withinWarning).length}</strong> within the {rows[0]?.warningDays}-day warning horizon
          (marked); the others are predicted to run out later.
        </p>
      ) : null}
      <ErrorNote error={error} testId="at-risk-error" />
      <table class="grid compact" aria-label="Clusters at risk">
        <thead>
          <tr>
            <th>Cluster</th>
            <th>Engine</th>
            <th>Owner</th>
            <th class="num">Days left (d)</th>
            <th>Runs out</th>
            <th>Interval</th>
            <th class="num">Fill now (%)</th>
          </tr>
        </thead>
        <tbody>
          {rows.length ? (
            rows.map((r) => (
              <tr
                key={r.cluster}
                class={r.withinWarning ? 'within-warning' : 'beyond-warning'}
                data-testid="at-risk-row"
                data-cluster={r.cluster}
                data-days-left={r.daysLeft}
                data-within-warning={String(r.withinWarning)}
              >
                <td>
                  <a href={clusterTabHref(r.cluster, 'capacity')}>{r.cluster}</a> <SimulatedBadge simulated={r.simulated} />
                  {r.withinWarning ? (
                    <span
                      class="badge warning"
                      title={`Runs out within the ${r.warningDays}-day warning horizon`}
                      data-testid="within-warning"
                    >
                      warning
                    </span>
                  ) : null}
                </td>
                <td>{r.engine}</td>
                <td>{r.owner}</td>
                <td class={`num ${r.withinWarning ? 'error' : ''}`}>
                  <strong>{Math.round(r.daysLeft)}</strong>
                </td>
                <td data-value={r.exhaustionAt}>{day(r.exhaustionAt)}</td>
                <td class="muted">
                  {r.earliestAt ? day(r.earliestAt) : 'now'} – {r.latestAt ? day(r.latestAt) : 'later'}
                </td>
                <td class="num">{percent(r.fillNow)}</td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={7} class="muted">
                No cluster is predicted to run out within the forecast horizon.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {rows.length >= limit ? (
        <button type="button" class="link" onClick={() => setLimit(limit + pageSize * 2)} data-testid="at-risk-more">
          show more
        </button>
      ) : null}
    </section>
  );
}
