import { clusterHref, operationHref } from '../links';
import { when } from '../format';
import { clusterStatuses, type CampaignView } from './campaign-types';

/** One row per wave, one cell per cluster, coloured by where its upgrade stands; a cell opens the cluster (or its upgrade). */
export function WaveMatrix({ waves }: { waves: CampaignView['waves'] }) {
  return (
    <div data-testid="wave-matrix">
      <div class="legend">
        {clusterStatuses.map((s) => (
          <span key={s} class="legend-item">
            <span class={`cell cell-${s}`} /> {s.replace('_', ' ')}
          </span>
        ))}
      </div>
      <table class="matrix">
        <tbody>
          {waves.map((w) => (
            <tr key={w.index} data-testid="wave-row" data-wave={w.index} data-environment={w.environment}>
              <th>
                wave {w.index} <span class="muted">{w.environment}</span>
                <div class="muted small">
                  {w.clusters.length} clusters · {w.counts.passed} passed{w.plannedStart ? ` · planned ${when(w.plannedStart)}` : ''}
                </div>
              </th>
              <td>
                {w.clusters.map((c) => (
                  <a
                    key={c.clusterId}
                    href={c.operationId ? operationHref(c.name, c.operationId) : clusterHref(c.name)}
                    class={`cell cell-${c.status}`}
                    data-testid="matrix-cell"
                    data-cluster={c.name}
                    data-status={c.status}
                    title={`${c.name} (${c.owner}): ${c.status}${c.reason ? ` — ${c.reason}` : ''}${c.status === 'scheduled' ? ` — starts ${when(c.plannedStart)}` : ''}`}
                  />
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
