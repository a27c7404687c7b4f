import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Engine, Region, Team } from '../types';

export type InventoryFilters = Partial<Record<'q' | 'engine' | 'environment' | 'region' | 'status' | 'owner', string>>;

const statuses = ['PROVISIONING', 'ACTIVE', 'UPDATING', 'FAILED', 'DECOMMISSIONING', 'DECOMMISSIONED'];

/** The inventory's filter bar; choices come from the API so a new engine, region or team just appears. */
export function InventoryFilterBar({
  filters,
  onChange,
}: {
  filters: InventoryFilters;
  onChange: (key: keyof InventoryFilters, value: string) => void;
}) {
  const [options, setOptions] = useState<{ engine: string[]; region: string[]; owner: string[] }>({ engine: [], region: [], owner: [] });
  useEffect(() => {
    Promise.all([api<Engine[]>('/api/engines'), api<Region[]>('/api/regions'), api<Team[]>('/api/teams')]).then(
      ([engines, regions, teams]) =>
        setOptions({ engine: engines.map((e) => e.name), region: regions.map((r) => r.name), owner: teams.map((t) => t.name) }),
      () => undefined, // The table shows the error of its own query; empty choices are enough here.
    );
  }, []);

  const select = (key: keyof InventoryFilters, label: string, values: string[]) => (
    <select
      value={filters[key] ?? ''}
      onChange={(e) => onChange(key, e.currentTarget.value)}
      data-testid={`filter-${key}`}
      aria-label={label}
    >
      <option value="">any {label}</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );

  return (
    <>
      <input
        type="search"
        maxLength={40}
        placeholder="name contains…"
        value={filters.q ?? ''}
        onInput={(e) => onChange('q', e.currentTarget.value)}
        data-testid="filter-q"
      />
      {select('engine', 'engine', options.engine)}
      {select('environment', 'environment', ['test', 'prod'])}
      {select('region', 'region', options.region)}
      {select('status', 'status', statuses)}
      {select('owner', 'owner', options.owner)}
    </>
  );
}
