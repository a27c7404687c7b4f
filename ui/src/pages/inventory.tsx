import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive } from '../live';
import type { Cluster } from '../types';
import { SimulatedBadge, StatusPill, ErrorNote } from '../components/status';
import { columns, saveColumns, savedColumns } from './inventory-columns';

const PAGE = 50;
const filterFields = [
  { key: 'engine', options: ['', 'cassandra', 'elasticsearch', 'redis', 'postgres'] },
  { key: 'environment', options: ['', 'test', 'prod'] },
  { key: 'status', options: ['', 'PROVISIONING', 'ACTIVE', 'UPDATING', 'FAILED', 'DECOMMISSIONING', 'DECOMMISSIONED'] },
] as const;

export function Inventory() {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [sort, setSort] = useState('name');
  const [offset, setOffset] = useState(0);
  const [visible, setVisible] = useState<string[]>(savedColumns());
  const [page, setPage] = useState<{ items: Cluster[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const query = new URLSearchParams({ sort, limit: String(PAGE), offset: String(offset) });
    for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
    api<{ items: Cluster[]; total: number }>(`/api/clusters?${query}`).then(
      (p) => (setPage(p), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [filters, sort, offset, tick]);

  useLive((type) => type === 'cluster' && setTick((t) => t + 1), []);

  const setFilter = (key: string, value: string) => {
    setOffset(0);
    setFilters({ ...filters, [key]: value });
  };
  const toggleColumn = (key: string) => {
    const next = visible.includes(key) ? visible.filter((k) => k !== key) : columns.filter((c) => c.key === key || visible.includes(c.key)).map((c) => c.key);
    setVisible(next);
    saveColumns(next);
  };
  const shown = columns.filter((c) => visible.includes(c.key));

  return (
    <main>
      <h1>Fleet inventory</h1>
      <div class="toolbar">
        <input placeholder="name contains…" value={filters.q ?? ''} onInput={(e) => setFilter('q', e.currentTarget.value)} data-testid="filter-q" />
        {filterFields.map((f) => (
          <select key={f.key} value={filters[f.key] ?? ''} onChange={(e) => setFilter(f.key, e.currentTarget.value)} data-testid={`filter-${f.key}`}>
            {f.options.map((o) => (
              <option key={o} value={o}>{o || `any ${f.key}`}</option>
            ))}
          </select>
        ))}
        <input placeholder="region" value={filters.region ?? ''} onInput={(e) => setFilter('region', e.currentTarget.value)} />
        <input placeholder="owner team" value={filters.owner ?? ''} onInput={(e) => setFilter('owner', e.currentTarget.value)} />
        <button type="button" onClick={() => setPicking(!picking)} data-testid="column-picker">Columns</button>
      </div>
      {picking ? (
        <div class="picker">
          {columns.map((c) => (
            <label key={c.key}>
              <input type="checkbox" checked={visible.includes(c.key)} onChange={() => toggleColumn(c.key)} /> {c.label}
            </label>
          ))}
        </div>
      ) : null}
      <ErrorNote error={error} />
      <table class="grid" data-testid="inventory">
        <thead>
          <tr>
            {shown.map((c) => (
              <th key={c.key} class={c.sort ? 'sortable' : ''} onClick={() => c.sort && setSort(sort === c.sort ? `-${c.sort}` : c.sort)}>
                {c.label} {sort === c.sort ? '▲' : sort === `-${c.sort}` ? '▼' : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page?.items.map((cluster) => (
            <tr key={cluster.id} class="clickable" onClick={() => (location.hash = `#/clusters/${cluster.name}`)} data-testid={`row-${cluster.name}`}>
              {shown.map((c) => (
                <td key={c.key}>
                  {c.key === 'status' ? <StatusPill status={cluster.status} /> : c.value(cluster)}
                  {c.key === 'name' ? <> <SimulatedBadge simulated={cluster.simulated} /></> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {page ? (
        <div class="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>‹ Previous</button>
          <span>{page.total === 0 ? 'No clusters yet — request one with “New cluster”.' : `${offset + 1}–${Math.min(offset + PAGE, page.total)} of ${page.total}`}</span>
          <button type="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>Next ›</button>
        </div>
      ) : null}
    </main>
  );
}
