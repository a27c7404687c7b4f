import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive, useThrottledReload } from '../live';
import { clusterHref, navigate } from '../links';
import type { Cluster } from '../types';
import { HealthBadge, SimulatedBadge, StatusPill } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { ColumnPicker } from '../components/column-picker';
import { Pager } from '../components/pager';
import { columns, saveColumns, savedColumns } from './inventory-columns';
import { InventoryFilterBar, type InventoryFilters } from './inventory-filters';

interface ClusterPage {
  items: Cluster[];
  total: number;
  /** The server counts matches up to a cap; past it, `total` is the cap and this is true. */
  totalCapped?: boolean;
}

const pageSizes = [25, 50, 100, 200];

/** The fleet as a table: server-side filters, sort and paging; rows follow live cluster events. */
export function Inventory() {
  const [filters, setFilters] = useState<InventoryFilters>({});
  // Decommissioned clusters are history: hidden unless asked for, so the list shows what runs.
  const [showDecommissioned, setShowDecommissioned] = useState(false);
  const [sort, setSort] = useState('name');
  const [offset, setOffset] = useState(0);
  const [limit, setLimit] = useState(50);
  const [visible, setVisible] = useState<string[]>(savedColumns);
  const [page, setPage] = useState<ClusterPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const query = new URLSearchParams({ sort, limit: String(limit), offset: String(offset) });
    for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
    if (!showDecommissioned) query.set('includeDecommissioned', 'false');
    // Typing in the search box starts a query per key; only the latest may land.
    let latest = true;
    api<ClusterPage>(`/api/clusters?${query}`).then(
      (p) => latest && (setPage(p), setError(null)),
      (e: unknown) => latest && setError(e),
    );
    return () => {
      latest = false;
    };
  }, [filters, showDecommissioned, sort, offset, limit, tick]);

  // A changed cluster on this page is redrawn at once from the event; membership, order and the
  // total may have changed too, which only a (throttled) re-query can tell.
  const requery = useThrottledReload(() => setTick((t) => t + 1));
  useLive((type, data) => {
    if (type === 'cluster') {
      setPage((p) => p && { ...p, items: p.items.map((c) => (c.id === data.id ? { ...c, ...(data as Partial<Cluster>) } : c)) });
      requery();
    } else if (type === 'resync' || type === 'health') requery();
  });

  const setFilter = (key: keyof InventoryFilters, value: string) => {
    setOffset(0);
    setFilters({ ...filters, [key]: value });
  };
  const toggleColumn = (key: string) => {
    const next = visible.includes(key)
      ? visible.filter((k) => k !== key)
      : columns.filter((c) => c.key === key || visible.includes(c.key)).map((c) => c.key);
    setVisible(next);
    saveColumns(next);
  };
  const shown = columns.filter((c) => visible.includes(c.key));

  return (
    <main>
      <h1>
        Fleet inventory{' '}
        {page ? (
          <span class="muted count-note">
            {page.total.toLocaleString('en-US')}
            {page.totalCapped ? '+' : ''} cluster{page.total === 1 && !page.totalCapped ? '' : 's'}
          </span>
        ) : null}
      </h1>
      <div class="toolbar">
        <InventoryFilterBar
          filters={filters}
          onChange={setFilter}
          showDecommissioned={showDecommissioned}
          onShowDecommissioned={(show) => (setOffset(0), setShowDecommissioned(show))}
        />
        <ColumnPicker columns={columns} visible={visible} onToggle={toggleColumn} />
      </div>
      <ErrorNote error={error} />
      <table class="grid" data-testid="inventory">
        <thead>
          <tr>
            {shown.map((c) => (
              <th
                key={c.key}
                class={`${c.sort ? 'sortable' : ''} ${c.numeric ? 'num' : ''}`}
                data-testid={`header-${c.key}`}
                aria-sort={sort === c.sort ? 'ascending' : sort === `-${c.sort}` ? 'descending' : undefined}
                onClick={() => c.sort && (setOffset(0), setSort(sort === c.sort ? `-${c.sort}` : c.sort))}
              >
                {c.label} {sort === c.sort ? '▲' : sort === `-${c.sort}` ? '▼' : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page?.items.map((cluster) => (
            <tr key={cluster.id} class="clickable" onClick={() => navigate(clusterHref(cluster.name))} data-testid={`row-${cluster.name}`}>
              {shown.map((c) => (
                <td key={c.key} class={c.numeric ? 'num' : ''}>
                  {c.key === 'status' ? (
                    <StatusPill status={cluster.status} />
                  ) : c.key === 'health' ? (
                    <HealthBadge health={cluster.health} testId="row-health" />
                  ) : (
                    c.value(cluster)
                  )}
                  {c.key === 'name' ? (
                    <>
                      {' '}
                      <SimulatedBadge simulated={cluster.simulated} />
                    </>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {page ? (
        <div class="toolbar footer">
          <Pager
            offset={offset}
            limit={limit}
            total={page.total}
            totalCapped={page.totalCapped ?? false}
            onOffset={setOffset}
            empty="No clusters match — request one with “New cluster”."
          />
          <select
            value={String(limit)}
            onChange={(e) => (setOffset(0), setLimit(Number(e.currentTarget.value)))}
            aria-label="rows per page"
            data-testid="page-size"
          >
            {pageSizes.map((n) => (
              <option key={n} value={String(n)}>
                {n} per page
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </main>
  );
}
