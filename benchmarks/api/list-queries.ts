import type { SeededCluster } from '../lib/seed';

/** The inventory queries measured, each with the seeded clusters it matches (so the match count is known). */
export const listQueries: Array<{ path: string; matches: (c: SeededCluster) => boolean }> = [
  { path: '/api/clusters?engine=cassandra&sort=-monthlyCostUsd&limit=50&offset=100', matches: (c) => c.engine === 'cassandra' },
  { path: '/api/clusters?environment=prod&sort=name&limit=50&offset=200', matches: (c) => c.environment === 'prod' },
  { path: '/api/clusters?region=eu-west-1&sort=-createdAt&limit=50', matches: (c) => c.region === 'eu-west-1' },
  {
    path: '/api/clusters?engine=redis&version=7.2.5&sort=oldestNodeAt&limit=25&fields=name,version,oldestNodeAt',
    matches: (c) => c.engine === 'redis' && c.version === '7.2.5',
  },
];
