import { randomBytes } from 'node:crypto';

/**
 * This run's own suffix (pid and a random id), in every database name and Redis prefix it
 * creates, so two runs at once never share or drop each other's state.
 */
export const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
