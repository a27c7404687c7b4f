import { describe, expect, it } from 'vitest';
import { orderClause, pageWhereClause, parseSort, whereClause } from '../../services/fleet/sql/cluster-query';
import { decodeClusterCursor, encodeClusterCursor } from '../../services/fleet/cluster-list-cursor';
import { priorityFor, Priorities } from '../../services/infra/queues/priorities';
import { OperationTypes } from '../../services/core/types';

describe('inventory query building', () => {
  it('binds every filter as a parameter, never as SQL text', () => {
    const { sql, params } = whereClause({ engine: 'redis', region: "eu'; DROP TABLE clusters; --", q: '50%_off' });
    expect(sql).not.toContain('DROP');
    expect(params).toEqual(['redis', "eu'; DROP TABLE clusters; --", '%50\\%\\_off%']);
  });

  it('sorts on known columns only, with name as the tie-breaker', () => {
    expect(orderClause(parseSort('-monthlyCostUsd'))).toBe('ORDER BY c.monthly_cost_usd DESC, c.name ASC');
    expect(orderClause(parseSort('name; DELETE'))).toBe('ORDER BY c.name ASC');
    // No oldest node sorts last both ways, as NULLS LAST did, on an indexable expression.
    expect(orderClause(parseSort('oldestNodeAt'))).toBe("ORDER BY coalesce(c.oldest_node_at, 'infinity'::timestamptz) ASC, c.name ASC");
    expect(orderClause(parseSort('-oldestNodeAt'))).toBe("ORDER BY coalesce(c.oldest_node_at, '-infinity'::timestamptz) DESC, c.name ASC");
  });

  it("binds a cursor's key and name as parameters after the filters", () => {
    const after = { key: "1'; DROP TABLE clusters; --", name: 'x' };
    const { sql, params } = pageWhereClause({ engine: 'redis' }, parseSort('-createdAt'), after);
    expect(sql).toBe('WHERE c.engine = $1 AND c.created_at <= $2::timestamptz AND (c.created_at < $2::timestamptz OR c.name > $3::text)');
    expect(params).toEqual(['redis', after.key, 'x']);
    expect(pageWhereClause({}, parseSort('nodeCount'), { key: '3', name: 'a' }).sql).toBe(
      'WHERE (c.node_count, c.name) > ($1::integer, $2::text)',
    );
  });

  it('takes back only its own cursors, under the sort they were made for', () => {
    const sort = parseSort('nodeCount');
    const cursor = encodeClusterCursor(sort, { key: '12', name: 'orders' });
    expect(decodeClusterCursor(cursor, sort)).toEqual({ key: '12', name: 'orders' });
    expect(() => decodeClusterCursor(cursor, parseSort('-nodeCount'))).toThrow(/made for sort=nodeCount/);
    expect(() => decodeClusterCursor('bm90LWpzb24', sort)).toThrow(/not a cursor/);
    const forged = Buffer.from(JSON.stringify({ s: 'nodeCount', k: '1 OR 1=1', n: 'a' })).toString('base64url');
    expect(() => decodeClusterCursor(forged, sort)).toThrow(/not a cursor/);
  });
});

describe('queue priorities', () => {
  it('give every operation type an explicit priority, remediation first', () => {
    for (const type of OperationTypes) expect(priorityFor(type)).toBeGreaterThan(0);
    expect(priorityFor('restart_node')).toBe(Priorities.remediation);
    expect(Priorities.remediation).toBeLessThan(Priorities.upgrade);
    expect(Priorities.upgrade).toBeLessThan(Priorities.provision);
    expect(Priorities.provision).toBeLessThan(Priorities.background);
  });
});
