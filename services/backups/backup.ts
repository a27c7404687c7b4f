import type { BackupArtifact, BackupKind, SnapshotManifestEntry } from '../core/engine-port';
import type { EngineName } from '../core/types';

export const BackupStatuses = ['running', 'succeeded', 'failed', 'expired'] as const;
export type BackupStatus = (typeof BackupStatuses)[number];

/** One backup of a cluster, as its `backup` operation recorded it. */
export interface Backup {
  id: string;
  clusterId: string;
  clusterName: string;
  ownerTeamId: string;
  operationId: string;
  engine: EngineName;
  kind: BackupKind;
  status: BackupStatus;
  scheduled: boolean;
  label: string | null;
  sizeBytes: number | null;
  storedBytes: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  walStart: string | null;
  walStop: string | null;
  checksum: string | null;
  location: string | null;
  /** Snapshots of several nodes under one id (Cassandra, Elasticsearch): each node's part. */
  manifest: SnapshotManifestEntry[] | null;
  error: string | null;
  requestedBy: string;
  createdAt: Date;
}

export type { BackupArtifact, BackupKind };
