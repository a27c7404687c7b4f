import type { Pool } from '../../infra/db/pool';
import { newId } from '../../core/ids';
import type { FailoverEvent, TopologySnapshot } from '../failover-event';

interface EventRow {
  id: string;
  cluster_id: string;
  kind: FailoverEvent['kind'];
  decided_by: string;
  old_primary: string | null;
  new_primary: string | null;
  before_topology: TopologySnapshot;
  after_topology: TopologySnapshot;
  unavailable_ms: number | null;
  operation_id: string | null;
  observed_at: Date;
  cluster_name?: string;
  requested_by?: string | null;
}

const toEvent = (r: EventRow): FailoverEvent => ({
  id: r.id,
  clusterId: r.cluster_id,
  kind: r.kind,
  decidedBy: r.decided_by,
  oldPrimary: r.old_primary,
  newPrimary: r.new_primary,
  before: r.before_topology,
  after: r.after_topology,
  unavailableMs: r.unavailable_ms,
  operationId: r.operation_id,
  observedAt: r.observed_at,
  ...(r.cluster_name !== undefined ? { clusterName: r.cluster_name } : {}),
  ...(r.requested_by !== undefined ? { requestedBy: r.requested_by } : {}),
});

/** An event with its cluster's name and who asked for it (the operation's requester; null: the manager acted alone). */
const READ = `SELECT e.*, c.name AS cluster_name, o.requested_by
                FROM failover_events e JOIN clusters c ON c.id = e.cluster_id LEFT JOIN operations o ON o.id = e.operation_id`;

export class FailoverEventRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Records that `newPrimaryId` leads in place of `oldPrimaryId`, with the event, in one statement:
   * only when the old node is still recorded as the primary, so a second observer (the watcher and
   * a replacement, or a worker resuming) records nothing again. Null when it was recorded already.
   * A switchover seen by a watcher before the operation that asked for it is credited to that
   * operation: the cluster's one running operation (one mutating operation per cluster at a time).
   */
  async recordChange(input: {
    clusterId: string;
    kind: FailoverEvent['kind'];
    decidedBy: string;
    oldPrimaryId: string;
    newPrimaryId: string;
    before: TopologySnapshot;
    after: TopologySnapshot;
    unavailableMs: number | null;
    operationId: string | null;
  }): Promise<FailoverEvent | null> {
    const { rows } = await this.pool.query<EventRow>(
      `WITH still AS (
         SELECT 1 FROM nodes WHERE id = $2 AND cluster_id = $1 AND role = 'primary' FOR UPDATE
       ), swapped AS (
         UPDATE nodes SET role = CASE WHEN id = $3 THEN 'primary' ELSE 'replica' END
          WHERE id IN ($2, $3) AND EXISTS (SELECT 1 FROM still)
         RETURNING id, name
       )
       INSERT INTO failover_events (id, cluster_id, kind, decided_by, old_primary, new_primary, before_topology, after_topology,
                                    unavailable_ms, operation_id)
       SELECT $4, $1, $5, $6, (SELECT name FROM swapped WHERE id = $2), (SELECT name FROM swapped WHERE id = $3), $7, $8, $9,
              COALESCE($10, CASE WHEN $5 = 'switchover' THEN
                (SELECT id FROM operations WHERE cluster_id = $1 AND status = 'running' ORDER BY started_at DESC LIMIT 1) END)
        WHERE EXISTS (SELECT 1 FROM swapped)
       RETURNING *`,
      [
        input.clusterId,
        input.oldPrimaryId,
        input.newPrimaryId,
        newId(),
        input.kind,
        input.decidedBy,
        JSON.stringify(input.before),
        JSON.stringify(input.after),
        input.unavailableMs,
        input.operationId,
      ],
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async forCluster(clusterId: string, limit = 50): Promise<FailoverEvent[]> {
    const { rows } = await this.pool.query<EventRow>(`${READ} WHERE e.cluster_id = $1 ORDER BY e.observed_at DESC LIMIT $2`, [
      clusterId,
      limit,
    ]);
    return rows.map(toEvent);
  }

  /** The live clusters whose HA manager Datafleet watches. */
  async watchedClusterIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      "SELECT id FROM clusters WHERE failover_manager IS NOT NULL AND status IN ('ACTIVE', 'UPDATING') ORDER BY id",
    );
    return rows.map((r) => r.id);
  }

  /** The fleet's latest failovers (observed after `since`, when given), newest first. */
  async recent(limit = 50, since: Date | null = null): Promise<FailoverEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `${READ} WHERE ($2::timestamptz IS NULL OR e.observed_at > $2) ORDER BY e.observed_at DESC LIMIT $1`,
      [limit, since],
    );
    return rows.map(toEvent);
  }
}
