import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive, useThrottledReload } from '../live';
import { SimulatedBadge } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { FleetAtRisk } from './fleet-at-risk';
import { FleetMaintenance } from './fleet-maintenance';

interface FleetTile {
  id: string;
  name: string;
  engine: string;
  environment: string;
  regions: string[];
  owner: string;
  nodeCount: number;
  simulated: boolean;
  health: 'healthy' | 'degraded' | 'unhealthy' | 'unknown';
  score: number | null;
  causes: string[];
}

const states = ['unhealthy', 'degraded', 'healthy', 'unknown'] as const;

/**
 * Fleet macro view: clusters at risk of running out of capacity, upcoming node replacements and the
 * oldest nodes first (short, server-limited lists), then a tile per cluster, sized by its nodes,
 * coloured by health, worst first, live.
 */
export function Fleet() {
  const [tiles, setTiles] = useState<FleetTile[]>([]);
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    api<FleetTile[]>(`/api/fleet/health?${query}`).then(
      (t) => (setTiles(t), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [filters, tick]);
  const requery = useThrottledReload(() => setTick((t) => t + 1), 500);
  useLive((type) => type !== 'operation' && type !== 'alert' && requery());

  const counts = Object.fromEntries(states.map((s) => [s, tiles.filter((t) => t.health === s).length]));
  return (
    <main>
      <h1>Fleet</h1>
      <div class="planning">
        <FleetAtRisk />
        <FleetMaintenance />
      </div>
      <h2>Health</h2>
      <div class="counts" data-testid="health-counts">
        {states.map((s) => (
          <span key={s} class={`count count-${s}`}>
            {counts[s]} {s}
          </span>
        ))}
      </div>
      <div class="toolbar">
        {(['region', 'engine', 'environment', 'owner'] as const).map((f) => (
          <input key={f} placeholder={f} value={filters[f] ?? ''} onInput={(e) => setFilters({ ...filters, [f]: e.currentTarget.value })} />
        ))}
      </div>
      <ErrorNote error={error} />
      <div class="tiles">
        {tiles.map((t) => (
          <a
            key={t.id}
            href={`#/clusters/${t.name}`}
            class={`tile tile-${t.health}`}
            data-testid={`tile-${t.name}`}
            data-state={t.health}
            style={{ width: `${Math.min(320, 90 + t.nodeCount * 18)}px` }}
            title={t.causes.join('; ') || t.health}
          >
            <strong>{t.name}</strong> <SimulatedBadge simulated={t.simulated} />
            <div class="muted">
              {t.engine} · {t.nodeCount} nodes · {t.regions.join(', ')}
            </div>
            <div>
              {t.health}
              {t.score !== null ? ` (${t.score})` : ''}
            </div>
          </a>
        ))}
      </div>
    </main>
  );
}
