import { StatusPill } from '../components/status';
import { day, when } from '../format';
import { clusterHref, nodeHref, operationHref } from '../links';
import type { MaintenanceNotice, PlannedReplacement } from './maintenance-types';

const reasons: Record<PlannedReplacement['reason'], string> = {
  retirement: 'provider retirement',
  age: 'node age',
};

/** What the owner was told, each notice with where it went (the full text on hover). */
const Notices = ({ notices }: { notices: MaintenanceNotice[] }) =>
  notices.length ? (
    <>
      {notices.map((n) => (
        <span
          key={`${n.kind}-${n.at}`}
          class={n.delivered ? 'delivery' : 'delivery error'}
          title={`${when(n.at)} · ${n.text}${n.delivered ? '' : ` · ${n.detail}`}`}
        >
          {n.kind}
          {n.channel ? ` → ${n.channel}` : ''}
          {n.delivered ? '' : ' (not delivered)'}
        </span>
      ))}
    </>
  ) : (
    <span class="muted">none yet</span>
  );

/**
 * Node replacements planned ahead: which node, why, when (inside the cluster's maintenance window,
 * or at once when the window comes too late), the provider's deadline it must beat, status, what
 * the owner was told, and the replacement operation. `withCluster` adds the cluster column for the
 * fleet-wide list.
 */
export function MaintenanceTable({
  rows,
  withCluster,
  empty,
  testId,
  label,
}: {
  rows: PlannedReplacement[];
  withCluster: boolean;
  empty: string;
  testId: string;
  label: string;
}) {
  const columns = withCluster ? 8 : 7;
  return (
    <table class="grid" data-testid={testId} aria-label={label}>
      <thead>
        <tr>
          {withCluster ? <th>Cluster</th> : null}
          <th>Node</th>
          <th>Reason</th>
          <th>Scheduled for</th>
          <th>Deadline</th>
          <th>Status</th>
          <th>Owner told</th>
          <th>Operation</th>
        </tr>
      </thead>
      <tbody>
        {rows.length ? (
          rows.map((m) => (
            <tr
              key={m.operationId}
              data-testid="maintenance-row"
              data-cluster={m.cluster}
              data-node={m.node}
              data-reason={m.reason}
              data-status={m.status}
              title={m.detail}
            >
              {withCluster ? (
                <td>
                  <a href={clusterHref(m.cluster)}>{m.cluster}</a>
                </td>
              ) : null}
              <td>
                <a href={nodeHref(m.cluster, m.node)}>{m.node}</a>
              </td>
              <td>{reasons[m.reason] ?? m.reason}</td>
              <td data-value={m.scheduledFor}>
                {when(m.scheduledFor)}
                {m.asap ? (
                  <span class="hint warn" title="The next maintenance window opens after the deadline">
                    {' '}
                    · at once
                  </span>
                ) : null}
              </td>
              <td data-value={m.deadline ?? ''} title={m.deadline ? when(m.deadline) : 'no provider deadline'}>
                {m.deadline ? day(m.deadline) : <span class="muted">none</span>}
              </td>
              <td>
                <StatusPill status={m.status} />
              </td>
              <td>
                <Notices notices={m.notices} />
              </td>
              <td>
                <a href={operationHref(m.cluster, m.operationId)} data-testid="maintenance-operation">
                  replace node
                </a>
              </td>
            </tr>
          ))
        ) : (
          <tr>
            <td colSpan={columns} class="muted">
              {empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
