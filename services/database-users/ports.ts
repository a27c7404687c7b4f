import type { DatabaseUserRepository } from './sql/database-users';

export type { DatabaseUserRecord } from './sql/database-users';

// What other features may use of applications' users; they import this type, never sql/.

/** The database_user workflow: read a user, open its pending password, and record what the servers now have. */
export type DatabaseUsersPort = Pick<DatabaseUserRepository, 'find' | 'pendingPassword' | 'markApplied' | 'forgetPrevious' | 'remove'>;
