import type { EngineName } from '../domain/types';
import type { SizingProfile } from '../engines/sizing';
import { cassandraSizing } from '../engines/cassandra/sizing';
import { elasticsearchSizing } from '../engines/elasticsearch/sizing';
import { postgresSizing } from '../engines/postgres/sizing';
import { redisSizing } from '../engines/redis/sizing';

const profiles: Record<EngineName, SizingProfile> = {
  cassandra: cassandraSizing,
  elasticsearch: elasticsearchSizing,
  redis: redisSizing,
  postgres: postgresSizing,
};

/** The engine's sizing rules (fill limit, resource, placement, node step), the same the planner sized the cluster with. */
export const sizingOf = (engine: EngineName): SizingProfile => profiles[engine];
