import type { Static } from '@sinclair/typebox';
import { duration, when } from '../format';
import { clusterHref } from '../links';
import type { FailoverEventJson } from '../../../services/api/schemas/failover';

export type FailoverEvent = Static<typeof FailoverEventJson>;

/** Seconds with one decimal: Sentinel's windows are a few seconds, a switchover's well under one. */
export const unavailable = (ms: number | null): string => (ms === null ? 'not measured' : duration(ms / 1000));

/**
 * Changes of primary, newest first: when, old → new primary, how long writes were refused, planned
 * (a switchover asked for) or not, and who: the person or playbook that asked, else the HA manager.
 */
export function FailoverTable({
  rows,
  withCluster,
  testId,
  empty,
}: {
  rows: FailoverEvent[];
  withCluster: boolean;
  testId: string;
  empty: string;
}) {
  return (
    <table class="grid compact" data-testid={testId} aria-label="Failovers">
      <thead>
        <tr>
          <th>When</th>
          {withCluster ? <th>Cluster</th> : null}
          <th>Primary</th>
          <th class="num">Writes unavailable</th>
          <th>Kind</th>
          <th>Who</th>
        </tr>
      </thead>
      <tbody>
        {rows.length ? (
          rows.map((e) => (
            <tr key={e.id} data-testid="failover-row" data-kind={e.kind} data-cluster={e.clusterName}>
              <td data-value={e.observedAt}>{when(e.observedAt)}</td>
              {withCluster ? (
                <td>
                  <a href={clusterHref(e.clusterName)}>{e.clusterName}</a>
                </td>
              ) : null}
              <td data-testid="failover-change">
                {e.oldPrimary ?? '?'} → {e.newPrimary ?? '?'}
              </td>
              <td class="num" data-testid="failover-unavailable">
                {unavailable(e.unavailableMs)}
              </td>
              <td>
                <span class={`pill ${e.planned ? 'pill-succeeded' : 'pill-failed'}`}>{e.planned ? 'planned' : 'unplanned'}</span>
              </td>
              <td>{e.requestedBy ?? `${e.decidedBy} (automatic)`}</td>
            </tr>
          ))
        ) : (
          <tr>
            <td colSpan={withCluster ? 6 : 5} class="muted">
              {empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
