import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';
import { useLive, useThrottledReload } from '../live';
import { FailoverTable, type FailoverEvent } from './failover-table';

/** How far back the fleet panel looks. */
const WINDOW_MS = 7 * 24 * 3600_000;

/** The fleet's failovers and switchovers of the last week, newest first; reloaded on each one recorded. */
export function FleetFailovers() {
  const [rows, setRows] = useState<FailoverEvent[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const since = new Date(Date.now() - WINDOW_MS).toISOString();
    api<FailoverEvent[]>(`/api/failovers?limit=10&since=${encodeURIComponent(since)}`).then((r) => (setRows(r), setError(null)), setError);
  }, [tick]);
  const reload = useThrottledReload(() => setTick((t) => t + 1), 300);
  useLive((type) => (type === 'failover' || type === 'resync') && reload());

  const unplanned = rows.filter((r) => !r.planned).length;
  return (
    <section class="panel" data-testid="fleet-failovers" aria-labelledby="fleet-failovers-title">
      <h2 id="fleet-failovers-title">Recent failovers</h2>
      <ErrorNote error={error} testId="fleet-failovers-error" />
      <p class="muted">{rows.length ? `${rows.length} in the last 7 days, ${unplanned} unplanned` : 'None in the last 7 days.'}</p>
      <FailoverTable rows={rows} withCluster={true} testId="recent-failovers" empty="No failover or switchover in the last 7 days." />
    </section>
  );
}
