import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive, useThrottledReload } from '../live';
import { ErrorNote } from '../components/error-note';
import { age, day } from '../format';
import { clusterHref, nodeHref } from '../links';
import { MaintenanceTable } from './maintenance-table';
import type { OldNode, PlannedReplacement } from './maintenance-types';

const upcomingLimit = 20;
const oldestLimit = 10;

/**
 * Fleet-wide node replacements coming up (soonest first) and the oldest nodes, both limited on the
 * server. Replacements move with operations, so the list follows operation events, at most one
 * query every few seconds however busy the fleet is.
 */
export function FleetMaintenance() {
  const [upcoming, setUpcoming] = useState<PlannedReplacement[]>([]);
  const [oldest, setOldest] = useState<OldNode[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    api<PlannedReplacement[]>(`/api/maintenance/upcoming?limit=${upcomingLimit}`).then((r) => (setUpcoming(r), setError(null)), setError);
    api<OldNode[]>(`/api/nodes/oldest?limit=${oldestLimit}`).then(setOldest, setError);
  }, [tick]);
  const reload = useThrottledReload(() => setTick((t) => t + 1), 5000);
  useLive((type) => (type === 'operation' || type === 'resync') && reload());

  return (
    <>
      <section class="panel" data-testid="fleet-maintenance" aria-labelledby="fleet-maintenance-title">
        <h2 id="fleet-maintenance-title">Upcoming maintenance</h2>
        <ErrorNote error={error} testId="fleet-maintenance-error" />
        <MaintenanceTable
          rows={upcoming}
          withCluster
          testId="upcoming-maintenance"
          label="Upcoming maintenance"
          empty="No node replacement is scheduled in the fleet."
        />
      </section>
      <section class="panel" data-testid="oldest-nodes" aria-labelledby="oldest-nodes-title">
        <h2 id="oldest-nodes-title">Oldest nodes</h2>
        <table class="grid compact" aria-label="Oldest nodes">
          <thead>
            <tr>
              <th>Node</th>
              <th>Cluster</th>
              <th>Engine</th>
              <th>Launched</th>
              <th class="num">Age</th>
              <th>Retirement deadline</th>
            </tr>
          </thead>
          <tbody>
            {oldest.length ? (
              oldest.map((n) => (
                <tr
                  key={`${n.cluster}/${n.node}`}
                  data-testid="old-node-row"
                  data-node={n.node}
                  data-cluster={n.cluster}
                  data-age-days={n.ageDays}
                >
                  <td>
                    <a href={nodeHref(n.cluster, n.node)}>{n.node}</a>
                  </td>
                  <td>
                    <a href={clusterHref(n.cluster)}>{n.cluster}</a>
                  </td>
                  <td>{n.engine}</td>
                  <td>{day(n.launchedAt)}</td>
                  <td class="num">{age(n.launchedAt)}</td>
                  <td>
                    {n.retirementDeadline ? <span class="hint warn">{day(n.retirementDeadline)}</span> : <span class="muted">none</span>}
                  </td>
                </tr>
              ))
            ) : (
              <tr>
                <td colSpan={6} class="muted">
                  No nodes.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}
