// The backup part of the EngineAdapter port (see engine-port.ts): what a backup is for an engine,
// and how a local node is backed up and restored.

import type { SnapshotManifestEntry } from './engine-snapshots';

/** Where a restored node's data comes from: a backup of another cluster, and for PostgreSQL a point in time. */
export interface RestoreSource {
  /** The cluster the backup was taken of (its stanza / directory in the repository). */
  clusterId: string;
  /** The repository's name for the backup (a pgBackRest label, an RDB file's snapshot id). */
  label: string;
  /** Replay the log up to this instant (ISO 8601, UTC); absent: stop where the backup became consistent. */
  targetTime?: string;
}

export const BackupKinds = ['full', 'diff', 'incr', 'snapshot'] as const;
export type BackupKind = (typeof BackupKinds)[number];

/** When and how a cluster is backed up: a policy, or an engine's best-practice default. */
export interface BackupPolicySettings {
  enabled: boolean;
  /** A scheduled backup this often, started inside the window. */
  frequencyHours: number;
  /** The kind of a scheduled backup; incr/diff still take a full one every fullEveryDays. */
  kind: BackupKind;
  fullEveryDays: number;
  /** Backups (and, for PostgreSQL, the WAL between them) are kept at least this long. */
  retentionDays: number;
  /** The backup window, in UTC: scheduled backups start only inside it. */
  windowStartHour: number;
  windowHours: number;
}

/** What backing up means for an engine; the catalog shows it. */
export type BackupProfile =
  | {
      supported: true;
      /** The mechanism, in a sentence. */
      method: string;
      /** The kinds a backup may be; the first is what an on-demand backup takes by default. */
      kinds: BackupKind[];
      /** Whether a restore can stop at any instant (a continuously archived log), not only at a backup. */
      pointInTime: boolean;
      defaultPolicy: BackupPolicySettings;
    }
  | { supported: false; /** Why there is nothing to back up. */ method: string };

/** What a finished backup is, as its repository describes it. */
export interface BackupArtifact {
  kind: BackupKind;
  /** The repository's name for it (pgBackRest label, snapshot id). */
  label: string;
  /** Size of the data backed up, and what it takes in the repository (after compression, deltas). */
  sizeBytes: number;
  storedBytes: number;
  startedAt: string;
  finishedAt: string;
  /** PostgreSQL: the first and last WAL segment the backup needs. */
  walStart: string | null;
  walStop: string | null;
  /** sha256 of the backup's manifest (pgBackRest) or of the snapshot file itself. */
  checksum: string;
  /** Where it lives: a directory or an s3:// URL. */
  location: string;
  /** Snapshots of several nodes under one id: each node's part (the checksum is the manifest's). */
  manifest?: SnapshotManifestEntry[];
}

/** How one local node of an engine is backed up into the repository; idempotent by `tag`. */
export interface LocalBackups {
  /**
   * Makes a backup tagged `tag` (the operation's id), or returns the one already made with that tag;
   * `busy` while another backup of the same cluster is still running (a killed worker's, say).
   */
  backUp(input: {
    backupRoot: string;
    dir: string;
    port: number;
    clusterId: string;
    kind: BackupKind;
    tag: string;
    password: string;
  }): Promise<BackupArtifact | 'busy'>;
  /** Removes what the retention no longer keeps; returns the labels still in the repository. */
  expire(input: { backupRoot: string; dir: string; port: number; clusterId: string; keepFull: number }): Promise<string[]>;
}
