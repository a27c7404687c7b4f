import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { healthConcerns, useHealthPoll, useLive } from '../live';
import { when } from '../format';
import { nodeHref } from '../links';

interface ClusterHealthView {
  state: string;
  score: number | null;
  causes: string[];
  nodes: Array<{ id: string; name: string; role: string; state: string; score: number | null; causes: string[] }>;
  transitions: Array<{ node: string | null; fromState: string | null; toState: string; score: number; causes: string[]; at: string }>;
}

/** A cluster's live health: each node's score and causes (its name opens the drill-down), and the recent transitions. */
export function ClusterHealth({ name, clusterId, selected }: { name: string; clusterId: string; selected?: string | undefined }) {
  const [health, setHealth] = useState<ClusterHealthView | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api<ClusterHealthView>(`/api/clusters/${encodeURIComponent(name)}/health`).then(setHealth, () => setHealth(null));
  }, [name, tick]);
  useLive((type, data) => (type === 'resync' || (type === 'health' && healthConcerns(data, clusterId))) && setTick((t) => t + 1));
  useHealthPoll(() => setTick((t) => t + 1));
  // The section keeps its place while the first answer is on its way, so the page does not jump.
  if (!health)
    return (
      <section data-testid="cluster-health-section">
        <h2>Health: …</h2>
      </section>
    );
  return (
    <section data-testid="cluster-health-section">
      <h2>
        Health:{' '}
        <span class={`health health-${health.state}`} data-testid="cluster-health">
          {health.state}
        </span>
        {health.score !== null ? ` (score ${health.score} / 100)` : ''}
      </h2>
      <table class="grid">
        <thead>
          <tr>
            <th>Node</th>
            <th>Role</th>
            <th>Health</th>
            <th>Score (of 100)</th>
            <th>Causes</th>
          </tr>
        </thead>
        <tbody>
          {health.nodes.map((n) => (
            <tr key={n.id} class={n.name === selected ? 'selected' : ''} data-testid={`health-row-${n.name}`}>
              <td>
                <a href={nodeHref(name, n.name)}>{n.name}</a>
              </td>
              <td>{n.role}</td>
              <td>
                <span class={`health health-${n.state}`}>{n.state}</span>
              </td>
              <td data-testid="health-row-score">{n.score ?? '-'}</td>
              <td>{n.causes.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>Recent transitions</summary>
        <ul>
          {health.transitions.slice(0, 20).map((t, i) => (
            <li key={i}>
              {when(t.at)} · {t.node ?? 'cluster'}: {t.fromState ?? '—'} → {t.toState} ({t.score}) {t.causes.join('; ')}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
