import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';
import { day, duration, when } from '../format';
import { clusterHref } from '../links';
import type { DrillSummaryJson } from '../../../services/api/schemas/restore-drill';

type Summary = Static<typeof DrillSummaryJson>;

/** Drills run weekly or on demand: a slow poll is enough. */
const pollMs = 60_000;

/**
 * Each cluster's last verified restore (a restore drill that passed) with its measured RPO and RTO,
 * and its last drill; clusters without a verified restore in the last N days are at risk, listed first.
 */
export function FleetRestoreDrills() {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    api<Summary>('/api/restore-drills/summary').then((s) => (setSummary(s), setError(null)), setError);
  }, [tick]);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), pollMs);
    return () => clearInterval(timer);
  }, []);

  const rows = [...(summary?.clusters ?? [])].sort(
    (a, b) => Number(b.atRisk) - Number(a.atRisk) || a.cluster.name.localeCompare(b.cluster.name),
  );
  return (
    <section class="panel" data-testid="restore-drills" aria-labelledby="restore-drills-title">
      <h2 id="restore-drills-title">Verified restores</h2>
      <ErrorNote error={error} testId="restore-drills-error" />
      {summary ? (
        <p class="muted" data-testid="restore-drills-at-risk">
          {summary.atRisk.length
            ? `${summary.atRisk.length} at risk: no verified restore in ${summary.atRiskDays} days (${summary.atRisk.join(', ')})`
            : `Every cluster has a verified restore in the last ${summary.atRiskDays} days.`}
        </p>
      ) : null}
      <table class="grid compact" aria-label="Verified restores">
        <thead>
          <tr>
            <th>Cluster</th>
            <th>Engine</th>
            <th>Owner</th>
            <th>Verified</th>
            <th class="num">RPO</th>
            <th class="num">RTO</th>
            <th>Last drill</th>
          </tr>
        </thead>
        <tbody>
          {rows.length ? (
            rows.map((r) => (
              <tr key={r.cluster.id} data-testid="restore-drill-row" data-cluster={r.cluster.name} data-at-risk={String(r.atRisk)}>
                <td>
                  <a href={clusterHref(r.cluster.name)}>{r.cluster.name}</a>{' '}
                  {r.atRisk ? <span class="pill pill-failed">at risk</span> : null}
                </td>
                <td>{r.engine}</td>
                <td>{r.owner}</td>
                <td data-value={r.lastVerified?.finishedAt ?? ''}>{r.lastVerified ? day(r.lastVerified.finishedAt) : 'never'}</td>
                <td class="num" data-testid="drill-rpo">
                  {duration(r.lastVerified?.rpoSeconds)}
                </td>
                <td class="num" data-testid="drill-rto">
                  {duration(r.lastVerified?.rtoSeconds)}
                </td>
                <td class={r.lastDrill?.status === 'failed' ? 'error' : ''} title={r.lastDrill?.error ?? ''} data-testid="drill-last">
                  {r.lastDrill ? `${r.lastDrill.status} ${when(r.lastDrill.startedAt)}` : 'none yet'}
                </td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={7} class="muted">
                No cluster has a backup a restore drill can check yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
