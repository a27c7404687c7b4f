import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { day, when } from '../format';
import type { CapacityNotice } from './capacity-types';

/**
 * The warnings sent about this cluster's capacity: one per threshold crossing (re-armed once the
 * cluster is back above it), with where each went. Reloaded when the forecast is recomputed.
 */
export function CapacityNotices({ cluster, computedAt }: { cluster: string; computedAt: string }) {
  const [notices, setNotices] = useState<CapacityNotice[]>([]);
  useEffect(() => {
    // Secondary to the forecast: a failure here leaves the line out rather than alarming anyone.
    api<CapacityNotice[]>(`/api/clusters/${encodeURIComponent(cluster)}/capacity-notices`).then(setNotices, () => setNotices([]));
  }, [cluster, computedAt]);

  if (notices.length === 0) return null;
  return (
    <ul class="notices small" data-testid="capacity-notices" aria-label="Capacity notices">
      {notices.slice(0, 3).map((n) => (
        <li key={n.id} data-testid="capacity-notice" data-open={n.open}>
          {n.open ? 'Warned' : 'Warned (since cleared)'} {when(n.notifiedAt ?? n.crossedAt)}: {n.daysLeft} days left
          {n.exhaustionAt ? `, out around ${day(n.exhaustionAt)}` : ''} (under {n.thresholdDays} days) ·{' '}
          {n.deliveries.length ? (
            n.deliveries.map((d) => (
              <span key={d.channel} class={d.ok ? 'delivery' : 'delivery error'} title={d.detail}>
                {d.channel}
                {d.ok ? '' : ' (not delivered)'}
              </span>
            ))
          ) : (
            <span class="muted">recorded only (no webhook configured)</span>
          )}
        </li>
      ))}
    </ul>
  );
}
