import { checkpointsOf } from '../../checkpoints';
import type { BackupArtifact, RestoreExpectation } from '../../../core/engine-port';

/** What each step of a backup records. */
export interface BackupCheckpoints {
  probe: { expected: RestoreExpectation };
  'back-up': { artifact: BackupArtifact; node: string; busyRounds: number };
  record: object;
  expire: { kept: string[] };
}

export const backupCheckpoints = checkpointsOf<'backup', BackupCheckpoints>();
