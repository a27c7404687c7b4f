import type { EngineName } from '../core/types';
import type { SizingProfile } from './sizing';
import { cassandraSizing } from './cassandra/sizing';
import { elasticsearchSizing } from './elasticsearch/sizing';
import { postgresSizing } from './postgres/sizing';
import { redisSizing } from './redis/sizing';

/** Each engine's sizing profile by name: which resource its data fills, how much of it, how it spreads. */
export const sizingProfiles: Record<EngineName, SizingProfile> = {
  cassandra: cassandraSizing,
  elasticsearch: elasticsearchSizing,
  postgres: postgresSizing,
  redis: redisSizing,
};
