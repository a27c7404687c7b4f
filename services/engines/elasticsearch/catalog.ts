import { compareVersions, createCatalog, majorLine } from '../versions';

/**
 * Elasticsearch releases the platform has qualified. Within a major any newer minor is a rolling
 * upgrade; 8.x is reachable only from the last 7.x minor (7.17), as Elastic requires.
 */
export const elasticsearchCatalog = createCatalog({
  versions: [
    { version: '7.17.24', releasedAt: '2024-09-26', endOfLife: '2026-01-15' },
    { version: '7.17.25', releasedAt: '2024-11-12', endOfLife: '2026-01-15', notes: 'Last qualified 7.x; the step to 8.x' },
    { version: '8.15.3', releasedAt: '2024-10-15' },
    { version: '8.16.1', releasedAt: '2024-11-21' },
    { version: '8.17.1', releasedAt: '2025-01-21', notes: 'Recommended' },
  ],
  recommended: '8.17.1',
  lineOf: majorLine,
  mayLeaveLine: (version) => majorLine(version) !== '7' || compareVersions(version, '7.17.0') >= 0,
});
