import type { Pool } from '../../infra/db/pool';
import type { MaintenanceWindow } from '../../core/types';
import type { RestoreExpectation } from '../../core/engine-port';
import type { ClusterDrillState, RestoreDrill } from '../restore-drill';
import { DRILL_SELECT, toDrill } from './restore-drills';

type Row = Record<string, unknown>;

/** The clusters drills are for: ACTIVE, of an engine and region that can be drilled, and not themselves a drill's scratch. */
const DRILLABLE = `c.status = 'ACTIVE' AND c.origin->>'drillId' IS NULL AND c.regions && $1::text[] AND c.engine = ANY($2::text[])`;

export interface DrillCandidate {
  clusterId: string;
  clusterName: string;
  maintenanceWindow: MaintenanceWindow | null;
  lastDrillAt: Date | null;
  running: boolean;
}

/** A cluster's drills as read, before the at-risk rule is applied. */
export type FleetDrillRow = Omit<ClusterDrillState, 'atRisk'>;

/** The newest backup a drill can restore and check: succeeded, in the repository, with what it holds recorded. */
export interface DrillableBackup {
  id: string;
  expectation: RestoreExpectation;
}

/** What the drill scan and the fleet-wide view read. */
export class DrillFleetRepository {
  constructor(private readonly pool: Pool) {}

  async newestDrillableBackup(clusterId: string): Promise<DrillableBackup | null> {
    const { rows } = await this.pool.query<Row>(
      `SELECT id, restore_expectation FROM backups
       WHERE cluster_id = $1 AND status = 'succeeded' AND label IS NOT NULL AND finished_at IS NOT NULL AND restore_expectation IS NOT NULL
       ORDER BY finished_at DESC LIMIT 1`,
      [clusterId],
    );
    const r = rows[0];
    return r ? { id: r.id as string, expectation: r.restore_expectation as RestoreExpectation } : null;
  }

  /** What a backup was recorded to hold, or null. */
  async expectationOf(backupId: string): Promise<RestoreExpectation | null> {
    const { rows } = await this.pool.query<Row>(`SELECT restore_expectation FROM backups WHERE id = $1`, [backupId]);
    return (rows[0]?.restore_expectation as RestoreExpectation | null | undefined) ?? null;
  }

  /** Clusters the scan may drill: those with a drillable backup, with their last drill. */
  async candidates(regions: readonly string[], engines: readonly string[]): Promise<DrillCandidate[]> {
    if (regions.length === 0 || engines.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT c.id, c.name, c.maintenance_window,
              (SELECT max(d.started_at) FROM restore_drills d WHERE d.cluster_id = c.id) AS last_drill_at,
              EXISTS (SELECT 1 FROM restore_drills d WHERE d.cluster_id = c.id AND d.status = 'running') AS running
       FROM clusters c
       WHERE ${DRILLABLE}
         AND EXISTS (SELECT 1 FROM backups b WHERE b.cluster_id = c.id AND b.status = 'succeeded' AND b.restore_expectation IS NOT NULL)
       ORDER BY c.name`,
      [regions, engines],
    );
    return rows.map((r) => ({
      clusterId: r.id as string,
      clusterName: r.name as string,
      maintenanceWindow: (r.maintenance_window as MaintenanceWindow | null) ?? null,
      lastDrillAt: (r.last_drill_at as Date | null) ?? null,
      running: r.running as boolean,
    }));
  }

  /** Every drillable cluster with its last drill and its last passed drill, by name. */
  async fleet(regions: readonly string[], engines: readonly string[]): Promise<FleetDrillRow[]> {
    if (regions.length === 0 || engines.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT c.id, c.name, c.engine, t.name AS owner_team_name, last.id AS last_id, ok.id AS passed_id
       FROM clusters c JOIN teams t ON t.id = c.owner_team_id
       LEFT JOIN LATERAL (SELECT d.id FROM restore_drills d WHERE d.cluster_id = c.id ORDER BY d.started_at DESC LIMIT 1) last ON true
       LEFT JOIN LATERAL (SELECT d.id FROM restore_drills d WHERE d.cluster_id = c.id AND d.status = 'passed'
                          ORDER BY d.finished_at DESC LIMIT 1) ok ON true
       WHERE ${DRILLABLE}
       ORDER BY c.name`,
      [regions, engines],
    );
    const ids = rows.flatMap((r) => [r.last_id, r.passed_id]).filter((id): id is string => typeof id === 'string');
    const drills = new Map<string, RestoreDrill>();
    if (ids.length > 0) {
      const found = await this.pool.query<Row>(`${DRILL_SELECT} WHERE d.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
      for (const r of found.rows) drills.set(r.id as string, toDrill(r));
    }
    return rows.map((r) => ({
      clusterId: r.id as string,
      clusterName: r.name as string,
      engine: r.engine as string,
      ownerTeamName: r.owner_team_name as string,
      lastDrill: typeof r.last_id === 'string' ? (drills.get(r.last_id) ?? null) : null,
      lastPassed: typeof r.passed_id === 'string' ? (drills.get(r.passed_id) ?? null) : null,
    }));
  }
}
