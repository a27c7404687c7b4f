import type { ClusterRecord } from '../fleet/cluster-record';

// What the restore_drill workflow calls of this feature. The workflow imports this type, never the
// feature's files; the composition root hands it the drill runner.

/** Where the scratch cluster's restore stands. */
export type ScratchState = { state: 'restoring' } | { state: 'serving'; at: Date } | { state: 'failed'; error: string };

/** The steps of a drill that act on other clusters; each is idempotent, as a resumed step repeats it. */
export interface RestoreDrillSteps {
  /** Restores the drill's backup into a new scratch cluster owned by the source's team (once per drill). */
  restore(drillId: string, source: ClusterRecord, backupId: string): Promise<{ scratchClusterId: string; provisionOperationId: string }>;
  /** The scratch cluster's provision: still restoring, serving since when (the RTO is recorded), or failed. */
  scratchState(drillId: string, provisionOperationId: string): Promise<ScratchState>;
  /** Reads the scratch cluster and compares it with what the backup was recorded to hold; returns every mismatch. */
  verify(drillId: string, scratchClusterId: string, backupId: string): Promise<string[]>;
  /** Asks for the scratch cluster's decommission; true once it is gone. */
  destroy(drillId: string, scratchClusterId: string): Promise<boolean>;
  /** The drill's outcome: recorded, and a failure pages the owning team (a pass resolves an open page). */
  finish(drillId: string, source: ClusterRecord, failure: string | null): Promise<void>;
}
