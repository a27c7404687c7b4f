// The restore-check part of the EngineAdapter port (see engine-port.ts): what a backup is recorded
// to hold when it is made, and whether a restore of it holds the same.
import type { Credentials, NodeEndpoint } from './node-endpoint';

/** JSON the engine writes at backup time and reads back in a drill; only the engine reads `figures`. */
export interface RestoreExpectation {
  /** When the control plane's probe write was made: the newest write it knows the backup holds. */
  probeWrittenAt: string;
  /** The engine's own figures (PostgreSQL: probe rows and their checksum; Redis: keys and sampled hashes). */
  figures: Record<string, unknown>;
}

/** What a restored cluster holds, compared with what its backup was recorded to hold. */
export interface RestoreObservation {
  /** Each difference, in a sentence; empty when the restore holds what the backup did. */
  mismatches: string[];
  /** The newest probe write the restored data holds (null: none). */
  newestWriteAt: string | null;
  /** The figures read from the restored cluster, shown beside the expected ones. */
  observed: Record<string, unknown>;
}

/**
 * How a restore drill knows a restore worked. Every call is bounded and idempotent enough to be
 * repeated by a worker that resumes.
 */
export interface RestoreCheck {
  /**
   * Just before a backup: writes the control plane's probe into the source through its primary and
   * reads, from the node the backup copies, what the backup will hold.
   */
  beforeBackup(input: {
    primary: NodeEndpoint;
    backupNode: NodeEndpoint;
    credentials: Credentials;
    tag: string;
  }): Promise<RestoreExpectation>;
  /**
   * Just after it, for engines whose backup cannot hold application writes still: widens the
   * expectation by what changed while the backup ran (absent: the probe alone is compared).
   */
  afterBackup?(input: { backupNode: NodeEndpoint; credentials: Credentials; expected: RestoreExpectation }): Promise<RestoreExpectation>;
  /** Reads the restored cluster's primary and compares it with the expectation. */
  verify(input: { primary: NodeEndpoint; credentials: Credentials; expected: RestoreExpectation }): Promise<RestoreObservation>;
}
