import type { Pool, PoolClient } from '../../infra/db/pool';

type Queryable = Pool | PoolClient;

/** What `openGuarded` decided: the guard that refused (with its figure), or the remediation it opened. */
export type GuardedOpen =
  | { outcome: 'duplicate' | 'capability_refused'; detail: string }
  | { outcome: 'recurred'; detail: 'succeeded' | 'failed' }
  | { outcome: 'cluster_limit' | 'fleet_limit'; detail: string }
  | { outcome: 'opened'; detail: string };
import { newId } from '../../core/ids';
import { GroupCommit } from '../../infra/db/group-commit';

/** A remediation to open if the guards allow it (see `openGuarded`). */
export interface OpenRequest {
  dedupKey: string;
  clusterId: string;
  node: string | null;
  playbookId: string;
  playbookVersion: number;
  alertName: string;
  action: string;
  notBefore: Date | null;
  windowMs: number;
  perClusterPerHour: number;
  perFleetPerHour: number;
  capabilityRefused: boolean;
}

export class RemediationRepository {
  private readonly opens: GroupCommit<OpenRequest & { id: string }, GuardedOpen>;

  constructor(private readonly pool: Pool) {
    this.opens = new GroupCommit((requests) => this.openBatch(requests));
  }

  /**
   * Opens a remediation for the problem unless a guard refuses (the migration's `open_remediation`,
   * which holds the guards across processes with an advisory lock): one open per problem, none
   * again within `windowMs` of the last, and the hourly limits per cluster and fleet-wide read from
   * per-minute counters. `capabilityRefused`: the guards are still checked first (their refusal is
   * the one to report), but nothing is opened. Opens asked for together share one statement, decided
   * in arrival order, so waiting for the lock never holds more than one pooled connection.
   */
  async openGuarded(r: OpenRequest): Promise<GuardedOpen> {
    return this.opens.add({ ...r, id: newId() });
  }

  private async openBatch(requests: Array<OpenRequest & { id: string }>): Promise<GuardedOpen[]> {
    const { rows } = await this.pool.query<{ idx: number; outcome: GuardedOpen['outcome']; detail: string | null }>(
      'SELECT idx, outcome, detail FROM open_remediations($1::jsonb)',
      [JSON.stringify(requests)],
    );
    const decided = new Map(rows.map((row) => [row.idx, { outcome: row.outcome, detail: row.detail ?? '' } as GuardedOpen]));
    return requests.map((_, i) => {
      const outcome = decided.get(i);
      if (!outcome) throw new Error(`open_remediations decided nothing for request ${i}`);
      return outcome;
    });
  }

  async counts(): Promise<{ started: number; succeeded: number; failed: number; open: number }> {
    const { rows } = await this.pool.query(
      `SELECT count(*)::int AS started, (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded,
              (count(*) FILTER (WHERE status = 'failed'))::int AS failed, (count(*) FILTER (WHERE status = 'open'))::int AS open
         FROM remediations`,
    );
    return rows[0];
  }

  /** Pass the operation's transaction so the remediation names its operation as soon as that exists. */
  async attach(id: string, operationId: string, db: Queryable = this.pool): Promise<void> {
    await db.query('UPDATE remediations SET operation_id = $2 WHERE id = $1', [id, operationId]);
  }

  /** The alert whose remediation this operation carries out, if a playbook started it. */
  async alertNameFor(operationId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ alert_name: string }>('SELECT alert_name FROM remediations WHERE operation_id = $1', [
      operationId,
    ]);
    return rows[0]?.alert_name ?? null;
  }

  /** Closes the remediation an operation carried out; returns its alert name and node for follow-up. */
  async finishForOperation(
    operationId: string,
    status: 'succeeded' | 'failed',
  ): Promise<{ alertName: string; node: string | null; clusterId: string } | null> {
    const { rows } = await this.pool.query(
      `UPDATE remediations SET status = $2, finished_at = now() WHERE operation_id = $1 AND status = 'open' RETURNING alert_name, node, cluster_id`,
      [operationId, status],
    );
    return rows[0] ? { alertName: rows[0].alert_name, node: rows[0].node, clusterId: rows[0].cluster_id } : null;
  }

  async recent(limit = 100): Promise<unknown[]> {
    const { rows } = await this.pool.query(
      `SELECT r.*, c.name AS cluster FROM remediations r JOIN clusters c ON c.id = r.cluster_id ORDER BY r.started_at DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }
}
