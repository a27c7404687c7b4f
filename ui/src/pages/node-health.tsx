import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { healthConcerns, useHealthPoll, useLive, useThrottledReload } from '../live';
import { Chart, type ChartPoint } from '../components/chart';
import { ErrorNote } from '../components/error-note';
import { clusterHref } from '../links';
import type { NodeHealthJson, RecentSnapshotJson } from '../../../services/api/schemas/health';

type Snapshot = RecentSnapshotJson;

/** GET /api/clusters/:ref/nodes/:node/health; snapshots oldest first. */
type NodeHealthView = NodeHealthJson;

type Metric = Exclude<keyof Snapshot, 'at' | 'up'>;
const metrics: Array<{ key: Metric; title: string; unit: string; max?: number }> = [
  { key: 'latencyMs', title: 'Probe latency', unit: 'ms' },
  { key: 'memoryUsedPercent', title: 'Memory used', unit: '%', max: 100 },
  { key: 'diskUsedPercent', title: 'Disk used', unit: '%', max: 100 },
  { key: 'connections', title: 'Connections', unit: 'conn' },
  { key: 'replicationLagSeconds', title: 'Replication lag', unit: 's' },
  { key: 'errors', title: 'Errors', unit: 'errors' },
];

/** The newest snapshot's value: a down node's last good reading is not what it reports now. */
const latestValue = (points: ChartPoint[], unit: string): string => {
  const last = points[points.length - 1]?.value;
  return last === undefined || last === null ? 'none now' : `${Math.round(last * 10) / 10} ${unit}`;
};

/** One node's drill-down: its health and causes now, and the recent snapshot values behind them. */
export function NodeHealth({ cluster, clusterId, node }: { cluster: string; clusterId: string; node: string }) {
  const [view, setView] = useState<NodeHealthView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const reload = useThrottledReload(() => setTick((t) => t + 1), 500);
  const panel = useRef<HTMLElement>(null);
  // Opened from the health table further down (or a shared link): bring the panel into view.
  useEffect(() => panel.current?.scrollIntoView({ block: 'nearest' }), []);

  useEffect(() => {
    api<NodeHealthView>(`/api/clusters/${encodeURIComponent(cluster)}/nodes/${encodeURIComponent(node)}/health`).then(
      (v) => (setView(v), setError(null)),
      setError,
    );
  }, [cluster, node, tick]);
  useHealthPoll(() => setTick((t) => t + 1));
  useLive((type, data) => (type === 'resync' || (type === 'health' && healthConcerns(data, clusterId))) && reload());

  const down = view?.snapshots.filter((s) => !s.up).length ?? 0;
  return (
    <section class="node-health" data-testid="node-health" ref={panel}>
      <h2>
        Node {node}
        {view ? (
          <>
            {' '}
            <span class="muted">({view.role})</span>{' '}
            <span class={`health health-${view.state}`} data-testid="node-health-state">
              {view.state}
            </span>
            {view.score !== null ? <span data-testid="node-health-score">{` (${view.score})`}</span> : ''}
          </>
        ) : null}
        <a class="push-right close" href={clusterHref(cluster)} data-testid="close-node">
          close
        </a>
      </h2>
      <ErrorNote error={error} testId="node-health-error" />
      {view ? (
        <>
          <h3>Causes</h3>
          {view.causes.length ? (
            <ul class="causes" data-testid="node-causes">
              {view.causes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : (
            <p class="muted" data-testid="node-causes">
              None: the last snapshots are within every threshold.
            </p>
          )}
          <p class="muted" data-testid="snapshot-window">
            {view.snapshots.length} recent snapshots
            {view.snapshots.length
              ? `, ${new Date(view.snapshots[0]!.at).toLocaleTimeString()} – ${new Date(view.snapshots[view.snapshots.length - 1]!.at).toLocaleTimeString()}`
              : ''}
            {down ? (
              <span class="error" data-testid="down-count">
                {' '}
                · did not answer in {down}
              </span>
            ) : null}
            {down ? <span class="legend-down"> (shaded red)</span> : null}
          </p>
          <div class="charts">
            {metrics.map((m) => {
              const points = view.snapshots.map((s) => ({ at: s.at, value: s[m.key], down: !s.up }));
              const reported = points.some((p) => p.value !== null);
              return (
                <figure key={m.key} class="metric" data-testid={`metric-${m.key}`}>
                  <figcaption>
                    {m.title} ({m.unit}) <span class="muted">{reported ? latestValue(points, m.unit) : 'not reported'}</span>
                  </figcaption>
                  {reported ? (
                    <Chart title={m.title} unit={m.unit} points={points} max={m.max} testId={`chart-${m.key}`} />
                  ) : (
                    <div class="chart-empty muted">no values for this node</div>
                  )}
                </figure>
              );
            })}
          </div>
        </>
      ) : null}
    </section>
  );
}
