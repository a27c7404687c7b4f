/** Inventory filters and sorts, turned into SQL on indexed columns only. */
export interface ClusterFilter {
  engine?: string;
  version?: string;
  region?: string;
  environment?: string;
  owner?: string;
  status?: string;
  q?: string;
}

export const ClusterSortKeys = {
  name: 'c.name',
  createdAt: 'c.created_at',
  monthlyCostUsd: 'c.monthly_cost_usd',
  nodeCount: 'c.node_count',
  version: 'c.version',
  oldestNodeAt: 'c.oldest_node_at',
  status: 'c.status',
  engine: 'c.engine',
} as const;
export type ClusterSortKey = keyof typeof ClusterSortKeys;

export function isSortKey(key: string): key is ClusterSortKey {
  return Object.hasOwn(ClusterSortKeys, key);
}

export function whereClause(filter: ClusterFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(`$${params.length}`));
  };
  if (filter.engine) add((p) => `c.engine = ${p}`, filter.engine);
  if (filter.version) add((p) => `c.version = ${p}`, filter.version);
  if (filter.region) add((p) => `c.regions @> ARRAY[${p}]::text[]`, filter.region);
  if (filter.environment) add((p) => `c.environment = ${p}`, filter.environment);
  if (filter.status) add((p) => `c.status = ${p}`, filter.status);
  if (filter.owner) add((p) => `(t.name = ${p} OR t.id::text = ${p})`, filter.owner);
  if (filter.q) add((p) => `c.name ILIKE ${p}`, `%${filter.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function orderClause(sort: string): string {
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  const column = isSortKey(key) ? ClusterSortKeys[key] : ClusterSortKeys.name;
  const direction = descending ? 'DESC' : 'ASC';
  // name breaks ties so pages are stable.
  return column === 'c.name' ? `ORDER BY c.name ${direction}` : `ORDER BY ${column} ${direction} NULLS LAST, c.name ASC`;
}
