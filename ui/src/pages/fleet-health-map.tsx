import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive, useThrottledReload } from '../live';
import { ErrorNote } from '../components/error-note';
import { FilterSelect, useFilterChoices } from '../components/filter-select';
import { naturalCompare } from '../natural-order';
import { FleetTreemap } from './fleet-treemap';
import { healthStates, type FleetTile } from './fleet-tile-types';

type ServerFilter = 'engine' | 'region' | 'environment' | 'owner';
type Filters = Partial<Record<ServerFilter | 'health', string>>;

const rank = (t: FleetTile) => healthStates.indexOf(t.health);

/** Worst first: by health, then the lowest score, then the name in natural order (the server's tie-break is plain text). */
const worstFirst = (a: FleetTile, b: FleetTile) =>
  rank(a) - rank(b) || (a.score ?? Infinity) - (b.score ?? Infinity) || naturalCompare(a.name, b.name);

/**
 * The health macro view: every live cluster as a treemap tile, sized by nodes and coloured by health,
 * with the count per state (each a button narrowing the map to it) and a drop-down per filter; live.
 */
export function FleetHealthMap() {
  const [tiles, setTiles] = useState<FleetTile[]>([]);
  const [filters, setFilters] = useState<Filters>({});
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const choices = useFilterChoices();

  const { health, ...serverFilters } = filters;
  const serverQuery = new URLSearchParams(Object.entries(serverFilters).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  useEffect(() => {
    api<FleetTile[]>(`/api/fleet/health?${serverQuery}`).then((t) => (setTiles([...t].sort(worstFirst)), setError(null)), setError);
  }, [serverQuery, tick]);
  const requery = useThrottledReload(() => setTick((t) => t + 1), 500);
  useLive((type) => type !== 'operation' && type !== 'alert' && requery());

  // Counts are of the whole (filtered) fleet, so choosing a state still shows how many others there are.
  const count = (state: string) => tiles.filter((t) => t.health === state).length;
  const shown = health ? tiles.filter((t) => t.health === health) : tiles;
  const nodes = shown.reduce((sum, t) => sum + t.nodeCount, 0);
  const setFilter = (key: keyof Filters, value: string) => setFilters({ ...filters, [key]: value });
  const select = (key: keyof Filters, values: readonly string[]) => (
    <FilterSelect name={key} label={key} value={filters[key]} values={values} onChange={(v) => setFilter(key, v)} />
  );

  return (
    <section data-testid="fleet-health" aria-labelledby="fleet-health-title">
      <h2 id="fleet-health-title">Health</h2>
      <div class="counts" data-testid="health-counts">
        {healthStates.map((s) => (
          <button
            type="button"
            key={s}
            class={`count count-${s} ${health === s ? 'chosen' : ''}`}
            aria-pressed={health === s}
            data-testid={`count-${s}`}
            data-value={count(s)}
            onClick={() => setFilter('health', health === s ? '' : s)}
          >
            {count(s)} {s}
          </button>
        ))}
        <span class="muted" data-testid="map-total" data-clusters={shown.length} data-nodes={nodes}>
          {shown.length} cluster{shown.length === 1 ? '' : 's'} · {nodes} node{nodes === 1 ? '' : 's'} · area by node count
        </span>
      </div>
      <div class="toolbar">
        {select('engine', choices.engine)}
        {select('region', choices.region)}
        {select('environment', ['test', 'prod'])}
        {select('owner', choices.owner)}
        {select('health', healthStates)}
      </div>
      <ErrorNote error={error} />
      {shown.length ? (
        <FleetTreemap tiles={shown} />
      ) : (
        <p class="muted" data-testid="no-tiles">
          No live cluster matches.
        </p>
      )}
    </section>
  );
}
