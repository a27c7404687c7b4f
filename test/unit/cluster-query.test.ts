import { describe, expect, it } from 'vitest';
import { orderClause, whereClause } from '../../services/fleet/sql/cluster-query';
import { priorityFor, Priorities } from '../../services/infra/queues/priorities';
import { OperationTypes } from '../../services/core/types';

describe('inventory query building', () => {
  it('binds every filter as a parameter, never as SQL text', () => {
    const { sql, params } = whereClause({ engine: 'redis', region: "eu'; DROP TABLE clusters; --", q: '50%_off' });
    expect(sql).not.toContain('DROP');
    expect(params).toEqual(['redis', "eu'; DROP TABLE clusters; --", '%50\\%\\_off%']);
  });

  it('sorts on known columns only, with name as the tie-breaker', () => {
    expect(orderClause('-monthlyCostUsd')).toBe('ORDER BY c.monthly_cost_usd DESC NULLS LAST, c.name ASC');
    expect(orderClause('name; DELETE')).toBe('ORDER BY c.name ASC');
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
