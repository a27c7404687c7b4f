/** Inventory filters and sorts, turned into SQL on indexed columns only. */
export interface ClusterFilter {
  engine?: string;
  version?: string;
  region?: string;
  environment?: string;
  owner?: string;
  status?: string;
  q?: string;
  /** false leaves out decommissioned clusters, unless `status` names a status (which then wins). */
  includeDecommissioned?: boolean;
}

interface SortColumn {
  /** The expression ordered by, ascending and descending; never NULL, so the keyset compares plainly. */
  asc: string;
  desc: string;
  /** The SQL type a cursor's key (carried as text) is cast back to. */
  type: 'text' | 'timestamptz' | 'double precision' | 'integer';
}

const plain = (column: string, type: SortColumn['type']): SortColumn => ({ asc: column, desc: column, type });

/**
 * Every sort the API offers. Each (key, direction) has an index of exactly this shape
 * (migrations/019_cluster_list_indexes.sql), so a page reads only its own rows. A cluster without
 * nodes has no oldest node: it sorts last either way, as NULLS LAST did, through an infinity
 * that keeps the expression non-null and indexable.
 */
export const ClusterSortKeys = {
  name: plain('c.name', 'text'),
  createdAt: plain('c.created_at', 'timestamptz'),
  monthlyCostUsd: plain('c.monthly_cost_usd', 'double precision'),
  nodeCount: plain('c.node_count', 'integer'),
  version: plain('c.version', 'text'),
  oldestNodeAt: {
    asc: "coalesce(c.oldest_node_at, 'infinity'::timestamptz)",
    desc: "coalesce(c.oldest_node_at, '-infinity'::timestamptz)",
    type: 'timestamptz',
  },
  status: plain('c.status', 'text'),
  engine: plain('c.engine', 'text'),
} as const satisfies Record<string, SortColumn>;
export type ClusterSortKey = keyof typeof ClusterSortKeys;

export function isSortKey(key: string): key is ClusterSortKey {
  return Object.hasOwn(ClusterSortKeys, key);
}

export interface ClusterSort {
  key: ClusterSortKey;
  descending: boolean;
}

/** `name`, `-createdAt`, …; an unknown key falls back to the name (the schema refuses it first). */
export function parseSort(sort: string): ClusterSort {
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  return { key: isSortKey(key) ? key : 'name', descending };
}

export function sortName(sort: ClusterSort): string {
  return `${sort.descending ? '-' : ''}${sort.key}`;
}

function sortExpression(sort: ClusterSort): string {
  const column: SortColumn = ClusterSortKeys[sort.key];
  return sort.descending ? column.desc : column.asc;
}

export function sortKeyType(sort: ClusterSort): SortColumn['type'] {
  return (ClusterSortKeys[sort.key] as SortColumn).type;
}

export function whereClause(filter: ClusterFilter): { sql: string; params: unknown[] } {
  const { parts, params } = filterParts(filter);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function filterParts(filter: ClusterFilter): { parts: string[]; params: unknown[] } {
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
  else if (filter.includeDecommissioned === false) parts.push(`c.status <> 'DECOMMISSIONED'`);
  if (filter.owner) add((p) => `(t.name = ${p} OR t.id::text = ${p})`, filter.owner);
  if (filter.q) add((p) => `c.name ILIKE ${p}`, `%${filter.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
  return { parts, params };
}

/** Where a page starts: after the row whose sort key (as text) and name are these. */
export interface ClusterKeyset {
  key: string;
  name: string;
}

/**
 * The filter plus, when continuing from a cursor, the rows after it. For a descending sort the
 * name still breaks ties ascending (the order the console has always shown), so the condition is a
 * range on the sort key (which the index seeks to) narrowed on the tie.
 */
export function pageWhereClause(filter: ClusterFilter, sort: ClusterSort, after: ClusterKeyset | null): { sql: string; params: unknown[] } {
  const { parts, params } = filterParts(filter);
  if (after && sort.key === 'name') {
    // The name is the whole key: its text and its tie-breaker are one.
    params.push(after.name);
    parts.push(`c.name ${sort.descending ? '<' : '>'} $${params.length}::text`);
  } else if (after) {
    params.push(after.key, after.name);
    const key = `$${params.length - 1}::${sortKeyType(sort)}`;
    const name = `$${params.length}::text`;
    const expr = sortExpression(sort);
    if (sort.descending) parts.push(`${expr} <= ${key} AND (${expr} < ${key} OR c.name > ${name})`);
    else parts.push(`(${expr}, c.name) > (${key}, ${name})`);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** The page's order; the name breaks ties so pages are stable. */
export function orderClause(sort: ClusterSort): string {
  const direction = sort.descending ? 'DESC' : 'ASC';
  if (sort.key === 'name') return `ORDER BY c.name ${direction}`;
  return `ORDER BY ${sortExpression(sort)} ${direction}, c.name ASC`;
}

/** The sort key of each row as text, exact (microseconds, every float digit) for its cursor. */
export function sortKeySelect(sort: ClusterSort): string {
  return `(${sortExpression(sort)})::text AS sort_key`;
}
