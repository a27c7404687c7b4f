import type { BackupRepository } from './sql/backups';

// What other features may use of the backups records. They import these types, never sql/; the
// composition root hands them the concrete repository.

/**
 * The backup workflow fills in its row, fails it, and marks what retention removed; a restore's
 * provision reads the admin password the backup's data holds.
 */
export type BackupsPort = Pick<BackupRepository, 'get' | 'complete' | 'fail' | 'expireAllBut' | 'login' | 'recordExpectation'>;
