import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';
import type { ClusterDetail } from '../types';
import { FailoverTable, type FailoverEvent } from './failover-table';

/**
 * The cluster's failovers and switchovers (reloaded with the page's `tick`, which every failover
 * event of this cluster moves), and a planned switchover through its HA manager (a simulated
 * cluster's: the one the simulated cloud models), after a confirm:
 * to a chosen replica or the one the manager picks, now or in the maintenance window.
 */
export function ClusterFailovers({ cluster, tick, onChanged }: { cluster: ClusterDetail; tick: number; onChanged: () => void }) {
  const [rows, setRows] = useState<FailoverEvent[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [target, setTarget] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const path = `/api/clusters/${encodeURIComponent(cluster.name)}`;

  useEffect(() => {
    api<FailoverEvent[]>(`${path}/failovers?limit=20`).then((r) => (setRows(r), setError(null)), setError);
  }, [cluster.name, tick]);

  const primary = cluster.nodes.find((n) => n.role === 'primary');
  const replicas = cluster.nodes.filter((n) => n.role === 'replica');
  const switchOver = async () => {
    const to = target || 'the replica the HA manager picks';
    if (
      !confirm(
        `Switch ${cluster.name} over from ${primary?.name ?? 'its primary'} to ${to}${urgent ? ' now' : ' in the maintenance window'}? Writes pause for a moment.`,
      )
    )
      return;
    try {
      const answer = await api<{ preview: { notBefore: string | null } }>(`${path}/switchover`, {
        method: 'POST',
        body: { ...(target ? { toNode: target } : {}), ...(urgent ? { urgent: true } : {}) },
      });
      setNote(answer.preview.notBefore ? `Switchover held until the window opens at ${answer.preview.notBefore}` : 'Switchover started');
      setError(null);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };

  const live = cluster.status === 'ACTIVE' || cluster.status === 'UPDATING';
  // A simulated cluster's manager is the simulated cloud's model of it: labelled so.
  const modelled = !cluster.failoverManager && cluster.modelledFailoverManager;
  return (
    <section data-testid="cluster-failovers" aria-labelledby="failovers-title">
      <h2 id="failovers-title">Failovers</h2>
      {cluster.failoverManager || cluster.modelledFailoverManager ? (
        live && primary && replicas.length ? (
          <div class="toolbar">
            <label>
              to{' '}
              <select value={target} onChange={(e) => setTarget(e.currentTarget.value)} data-testid="switchover-target">
                <option value="">the replica the HA manager picks</option>
                {replicas.map((n) => (
                  <option key={n.name} value={n.name}>
                    {n.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.currentTarget.checked)} /> now (not in the window)
            </label>
            <button type="button" onClick={switchOver} data-testid="switchover">
              Switch over…
            </button>
            {modelled ? (
              <span class="muted" data-testid="switchover-simulated">
                through the simulated {cluster.modelledFailoverManager}
              </span>
            ) : null}
          </div>
        ) : null
      ) : (
        <p class="muted" data-testid="failover-manager-note">
          No HA manager fails this cluster over{cluster.failoverNote ? `: ${cluster.failoverNote}` : ''}.
        </p>
      )}
      {note ? (
        <p class="notice" data-testid="switchover-note">
          {note}
        </p>
      ) : null}
      <ErrorNote error={error} testId="failovers-error" />
      <FailoverTable rows={rows} withCluster={false} testId="failovers" empty="No failover or switchover yet." />
    </section>
  );
}
