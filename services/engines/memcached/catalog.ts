import { createCatalog, majorMinorLine } from '../versions';

/**
 * memcached releases the platform has qualified (dates from memcached's release notes). Every one is
 * on the 1.6 line, so upgrades move to any newer 1.6.x; a node restarts empty on the new binary.
 */
export const memcachedCatalog = createCatalog({
  versions: [
    { version: '1.6.9', releasedAt: '2020-11-20', notes: 'What Debian 11 ships; oldest qualified 1.6' },
    { version: '1.6.18', releasedAt: '2023-01-10', notes: 'What Debian 12 ships; runs on the local provider' },
    { version: '1.6.21', releasedAt: '2023-06-15' },
    { version: '1.6.23', releasedAt: '2024-01-09' },
    { version: '1.6.29', releasedAt: '2024-06-28', notes: 'Recommended: latest qualified 1.6' },
  ],
  recommended: '1.6.29',
  lineOf: majorMinorLine,
});

/**
 * What memcached keeps across a restart: nothing. Items live only in memory, so there is nothing to
 * back up or restore; a restarted or replaced node starts empty and is refilled by its clients
 * (EVCache reads a miss from another zone's copy and writes it back).
 */
export const memcachedDurability = {
  persistence: 'none',
  backup: 'none',
  restartKeepsData: false,
} as const;
