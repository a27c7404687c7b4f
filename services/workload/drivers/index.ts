import type { WorkloadDriver } from '../driver';
import type { WorkloadTarget } from '../target';
import { CassandraDriver } from './cassandra';
import { ElasticsearchDriver } from './elasticsearch';
import { PostgresDriver } from './postgres';
import { RedisDriver } from './redis';
import { SimulatedDriver } from './simulated';

/** The driver for a target: the simulated one for simulated nodes, else the engine's real client. */
export function driverFor(target: WorkloadTarget, options: { timeoutMs: number }): WorkloadDriver {
  if (target.kind === 'simulated') return new SimulatedDriver(target.nodes, target.timeScale);
  const { nodes, credentials } = target;
  switch (target.engine) {
    case 'redis':
      return new RedisDriver(nodes, credentials, options.timeoutMs);
    case 'postgres':
      return new PostgresDriver(nodes, credentials, options.timeoutMs, target.database ?? 'postgres');
    case 'cassandra':
      return new CassandraDriver(nodes, credentials, target.localDataCenter ?? 'datacenter1', options.timeoutMs);
    case 'elasticsearch':
      return new ElasticsearchDriver(nodes, credentials, options.timeoutMs);
  }
}
