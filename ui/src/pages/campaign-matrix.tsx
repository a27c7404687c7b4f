import { useState } from 'preact/hooks';
import { clusterHref, operationHref } from '../links';
import { when } from '../format';
import { clusterStatuses, type CampaignCluster, type CampaignView } from './campaign-types';
import { waveTiming } from './campaign-wave-timing';

const describe = (c: CampaignCluster): string =>
  `${c.name} (${c.owner}): ${c.status.replace('_', ' ')}${c.reason ? ` — ${c.reason}` : ''}${c.status === 'scheduled' ? ` — starts ${when(c.plannedStart)}` : ''}`;

/**
 * One row per wave (with when it ran or will run), one cell per cluster, coloured by where its
 * upgrade stands, named on hover; a cell opens the cluster (or its upgrade). A legend names the colours.
 */
export function WaveMatrix({ waves, campaignStatus }: { waves: CampaignView['waves']; campaignStatus: string }) {
  const [hovered, setHovered] = useState<CampaignCluster | null>(null);
  const totals = Object.fromEntries(clusterStatuses.map((s) => [s, waves.reduce((n, w) => n + (w.counts[s] ?? 0), 0)]));
  return (
    <div data-testid="wave-matrix">
      <div class="legend" data-testid="matrix-legend">
        {clusterStatuses.map((s) => (
          <span key={s} class="legend-item" data-testid="legend-item" data-status={s}>
            <span class={`cell cell-${s}`} /> {s.replace('_', ' ')} <span class="muted">({totals[s]})</span>
          </span>
        ))}
      </div>
      <div class="cell-label" data-testid="matrix-hover">
        {hovered
          ? `${hovered.name} (${hovered.owner}): ${hovered.status.replace('_', ' ')}`
          : 'Point at a cell to see its cluster; click to open it.'}
      </div>
      <table class="matrix">
        <tbody>
          {waves.map((w) => {
            const timing = waveTiming(w, campaignStatus);
            return (
              <tr key={w.index} data-testid="wave-row" data-wave={w.index} data-environment={w.environment}>
                <th>
                  wave {w.index} <span class="muted">{w.environment}</span>
                  <div class="muted small">
                    {w.clusters.length} clusters · {w.counts.passed} passed ·{' '}
                    <span data-testid="wave-timing" data-state={timing.state}>
                      {timing.label}
                    </span>
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
                      aria-label={describe(c)}
                      title={describe(c)}
                      onMouseEnter={() => setHovered(c)}
                      onFocus={() => setHovered(c)}
                      onMouseLeave={() => setHovered(null)}
                    />
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
