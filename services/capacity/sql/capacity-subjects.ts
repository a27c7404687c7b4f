import type { Pool } from '../../infra/db/pool';
import type { ClusterSpec, EngineName, Sla } from '../../core/types';

/** What a capacity forecast needs to know about a cluster, read for a whole batch at once. */
export interface CapacitySubject {
  id: string;
  name: string;
  engine: EngineName;
  regions: string[];
  spec: ClusterSpec;
  nodeCount: number;
  sla: Sla;
  simulated: boolean;
  ownerTeamName: string;
  /** The owning team's chat channel, where its notices go; null when it has none. */
  teamChannel: string | null;
}

interface Row {
  id: string;
  name: string;
  engine: EngineName;
  regions: string[];
  spec: ClusterSpec;
  node_count: number;
  sla: Sla;
  simulated: boolean;
  team_name: string;
  chat_channel: string | null;
}

const select = `SELECT c.id, c.name, c.engine, c.regions, c.spec, c.node_count, c.sla, c.simulated, t.name AS team_name, t.chat_channel
  FROM clusters c JOIN teams t ON t.id = c.owner_team_id`;

const fromRow = (r: Row): CapacitySubject => ({
  id: r.id,
  name: r.name,
  engine: r.engine,
  regions: r.regions,
  spec: r.spec,
  nodeCount: r.node_count,
  sla: r.sla,
  simulated: r.simulated,
  ownerTeamName: r.team_name,
  teamChannel: r.chat_channel,
});

/** Clusters that hold data: everything but those being or already decommissioned. */
const holdsData = `c.status NOT IN ('DECOMMISSIONING', 'DECOMMISSIONED')`;

/** One page of the fleet in id order (keyset: each page is an index range scan, however deep). */
export async function subjectsAfter(pool: Pool, afterId: string | null, limit: number): Promise<CapacitySubject[]> {
  const { rows } = await pool.query<Row>(`${select} WHERE ${holdsData} AND ($1::uuid IS NULL OR c.id > $1::uuid) ORDER BY c.id LIMIT $2`, [
    afterId,
    limit,
  ]);
  return rows.map(fromRow);
}

export async function subjectById(pool: Pool, clusterId: string): Promise<CapacitySubject | null> {
  const { rows } = await pool.query<Row>(`${select} WHERE c.id = $1`, [clusterId]);
  return rows[0] ? fromRow(rows[0]) : null;
}
