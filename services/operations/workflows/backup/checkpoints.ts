import { checkpointsOf } from '../../checkpoints';
import type { BackupArtifact } from '../../../core/engine-port';

/** What each step of a backup records. */
export interface BackupCheckpoints {
  'back-up': { artifact: BackupArtifact; node: string; busyRounds: number };
  record: object;
  expire: { kept: string[] };
}

export const backupCheckpoints = checkpointsOf<'backup', BackupCheckpoints>();
