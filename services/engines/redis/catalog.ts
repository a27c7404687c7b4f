import { createCatalog, majorMinorLine } from '../versions';

/** Redis releases the platform has qualified. Upgrades go one line at a time: 6.2 → 7.0 → 7.2. */
export const redisCatalog = createCatalog({
  versions: [
    { version: '6.2.14', releasedAt: '2024-01-09', endOfLife: '2025-02-28', notes: 'Legacy line; upgrade to 7.0' },
    { version: '6.2.16', releasedAt: '2024-10-02', endOfLife: '2025-02-28', notes: 'Last qualified 6.2 (security fixes)' },
    { version: '7.0.15', releasedAt: '2024-01-09', notes: 'What Debian 12 ships; runs on the local provider' },
    { version: '7.2.4', releasedAt: '2024-01-09' },
    { version: '7.2.6', releasedAt: '2024-10-02', notes: 'Recommended: latest qualified 7.2 with security fixes' },
    {
      version: '7.2.7',
      releasedAt: '2025-01-06',
      notes:
        'Known p99 regression: p99 about 1.8× that of 7.2.6 under the standard workloads (simulated); upgrades to it fail the benchmark gate',
    },
  ],
  recommended: '7.2.6',
  lineOf: majorMinorLine,
});
