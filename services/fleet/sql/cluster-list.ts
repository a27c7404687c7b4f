import { createHash } from 'node:crypto';
import type { Pool } from '../../infra/db/pool';
import { InputError } from '../../core/errors';
import { clusterColumns, clusterFrom, toCluster, type ClusterRecord, type ClusterRow } from './cluster-rows';
import { orderClause, pageWhereClause, parseSort, sortKeySelect, whereClause, type ClusterFilter } from './cluster-query';
import { decodeClusterCursor, encodeClusterCursor } from '../cluster-list-cursor';

/**
 * Counting stops here: a total beyond it is reported as this many and `totalCapped`, so a page of
 * a large fleet never counts every match (an exact count cost more than the page at 10,000).
 */
export const CLUSTER_TOTAL_CAP = 10_000;

/** Where a page starts: `offset` rows in (the console's pager) or after a `cursor` (keyset). */
export type ClusterPagePosition = { offset: number; cursor?: undefined } | { cursor: string; offset?: undefined };

export interface ClusterPage {
  items: ClusterRecord[];
  /** Matches counted, at most the cap (or, deeper by offset, one page past the requested one). */
  total: number;
  totalCapped: boolean;
  /** Continues after this page's last row; null on the last page. */
  nextCursor: string | null;
}

/**
 * A named statement: each connection plans it once and reuses the plan. The inventory's queries
 * come in a handful of shapes, and planning them cost as much as running them.
 */
function prepared(text: string, values: unknown[]) {
  return { name: `inv_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text, values };
}

type PageRow = ClusterRow & { sort_key: string };

export async function listClusters(
  pool: Pool,
  filter: ClusterFilter,
  sortText: string,
  limit: number,
  position: ClusterPagePosition,
): Promise<ClusterPage> {
  const sort = parseSort(sortText);
  const after = position.cursor === undefined ? null : decodeClusterCursor(position.cursor, sort);
  const offset = position.offset ?? 0;
  const page = pageWhereClause(filter, sort, after);
  const n = page.params.length;
  // One row more than the page says whether there is a next one.
  const pageSql = `SELECT ${clusterColumns}, ${sortKeySelect(sort)} FROM ${clusterFrom} ${page.sql} ${orderClause(sort)} LIMIT $${n + 1} OFFSET $${n + 2}`;

  // Enough rows to page on past the requested one, and never fewer than the cap.
  const countUpTo = Math.max(CLUSTER_TOTAL_CAP, offset + limit + 1);
  const where = whereClause(filter);
  // The owner's team is joined for counting only when the filter needs it.
  const countFrom = filter.owner ? 'clusters c JOIN teams t ON t.id = c.owner_team_id' : 'clusters c';
  const countSql = `SELECT count(*)::int AS total FROM (SELECT 1 FROM ${countFrom} ${where.sql} LIMIT $${where.params.length + 1}) m`;

  const [rows, count] = await Promise.all([
    pool.query<PageRow>(prepared(pageSql, [...page.params, limit + 1, offset])).catch((error: unknown) => {
      // A cursor's key that its column's type does not accept (a data exception, class 22).
      if (after && isDataException(error))
        throw new InputError('cursor: not a cursor this API made', [{ path: 'querystring/cursor', message: 'not a cursor this API made' }]);
      throw error;
    }),
    pool.query<{ total: number }>(prepared(countSql, [...where.params, countUpTo + 1])),
  ]);
  const counted = count.rows[0]?.total ?? 0;
  const items = rows.rows.slice(0, limit);
  const last = rows.rows.length > limit ? items[items.length - 1] : undefined;
  return {
    items: items.map(toCluster),
    total: Math.min(counted, countUpTo),
    totalCapped: counted > countUpTo,
    nextCursor: last ? encodeClusterCursor(sort, { key: last.sort_key, name: last.name }) : null,
  };
}

function isDataException(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (error as { code: string }).code.startsWith('22')
  );
}
