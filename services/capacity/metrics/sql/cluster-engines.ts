import type { Pool } from '../../../infra/db/pool';
import type { EngineName } from '../../../core/types';

/** The engine of each of these clusters that exists. */
export async function clusterEngines(pool: Pool, clusterIds: string[]): Promise<Array<{ id: string; engine: EngineName }>> {
  const { rows } = await pool.query<{ id: string; engine: EngineName }>('SELECT id, engine FROM clusters WHERE id = ANY($1::uuid[])', [
    clusterIds,
  ]);
  return rows;
}
