import { StatusPill } from '../components/status';
import { day, when } from '../format';
import { clusterHref, nodeHref, operationHref } from '../router';
import type { UpcomingMaintenance } from './maintenance-types';

const reasons: Record<UpcomingMaintenance['reason'], string> = {
  retirement: 'provider retirement',
  age: 'node age',
};

/**
 * Node replacements scheduled ahead of time, soonest first: which node, why, when (inside the
 * cluster's maintenance window) and the provider's deadline it must beat. `withCluster` adds the
 * cluster column for the fleet-wide list.
 */
export function MaintenanceTable({ rows, withCluster, empty, testId }: { rows: UpcomingMaintenance[]; withCluster: boolean; empty: string; testId: string }) {
  const columns = withCluster ? 7 : 6;
  return (
    <table class="grid" data-testid={testId} aria-label="Upcoming maintenance">
      <thead>
        <tr>{withCluster ? <th>Cluster</th> : null}<th>Node</th><th>Reason</th><th>Scheduled for</th><th>Deadline</th><th>Status</th><th>Operation</th></tr>
      </thead>
      <tbody>
        {rows.length ? rows.map((m) => (
          <tr key={m.operationId} data-testid="maintenance-row" data-cluster={m.cluster} data-node={m.node} data-reason={m.reason} data-status={m.status}>
            {withCluster ? <td><a href={clusterHref(m.cluster)}>{m.cluster}</a></td> : null}
            <td><a href={nodeHref(m.cluster, m.node)}>{m.node}</a></td>
            <td>{reasons[m.reason] ?? m.reason}</td>
            <td data-value={m.scheduledFor}>{when(m.scheduledFor)}</td>
            <td data-value={m.deadline ?? ''} title={m.deadline ? when(m.deadline) : 'no provider deadline'}>{m.deadline ? day(m.deadline) : <span class="muted">none</span>}</td>
            <td><StatusPill status={m.status} /></td>
            <td><a href={operationHref(m.cluster, m.operationId)} data-testid="maintenance-operation">replace node</a></td>
          </tr>
        )) : <tr><td colSpan={columns} class="muted">{empty}</td></tr>}
      </tbody>
    </table>
  );
}
