import { createCatalog, majorMinorLine } from '../versions';

/**
 * Apache Cassandra releases the platform has qualified. Rolling upgrades go one line at a time:
 * 3.11 → 4.0 → 4.1 → 5.0, each after upgradesstables on the previous line.
 */
export const cassandraCatalog = createCatalog({
  versions: [
    { version: '3.11.16', releasedAt: '2023-08-21', endOfLife: '2024-09-05', notes: 'End of life since 5.0 shipped' },
    { version: '3.11.17', releasedAt: '2024-05-20', endOfLife: '2024-09-05', notes: 'End of life since 5.0 shipped' },
    { version: '4.0.13', releasedAt: '2024-05-20' },
    { version: '4.0.14', releasedAt: '2024-10-25' },
    { version: '4.1.5', releasedAt: '2024-05-20' },
    { version: '4.1.6', releasedAt: '2024-08-05', notes: 'Recommended: the most proven line, with current fixes' },
    {
      version: '4.1.7',
      releasedAt: '2024-10-29',
      notes:
        'Known p99 regression: read p99 about 1.8× that of 4.1.6 under the standard workloads (simulated); upgrades to it fail the benchmark gate',
    },
    { version: '5.0.2', releasedAt: '2024-10-25', notes: 'Qualified; new clusters may opt in (vector search, UCS, trie memtables)' },
  ],
  recommended: '4.1.6',
  lineOf: majorMinorLine,
});
