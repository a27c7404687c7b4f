export const RestoreDrillStatuses = ['running', 'passed', 'failed'] as const;
export type RestoreDrillStatus = (typeof RestoreDrillStatuses)[number];

/** What a drill compared: the figures recorded at backup time, those read from the scratch cluster, and every difference. */
export interface DrillVerification {
  expected: Record<string, unknown>;
  observed: Record<string, unknown>;
  mismatches: string[];
}

/** One restore drill of a cluster, as its `restore_drill` operation recorded it. */
export interface RestoreDrill {
  id: string;
  clusterId: string;
  clusterName: string;
  ownerTeamId: string;
  operationId: string;
  backupId: string | null;
  status: RestoreDrillStatus;
  scheduled: boolean;
  requestedBy: string;
  scratchClusterId: string | null;
  scratchClusterName: string | null;
  startedAt: Date;
  /** When the scratch cluster first served (its provision succeeded). */
  servingAt: Date | null;
  finishedAt: Date | null;
  /** Seconds from the newest write the restore held to the drill's start. */
  rpoSeconds: number | null;
  /** Seconds from the drill's start to a serving scratch cluster. */
  rtoSeconds: number | null;
  newestWriteAt: Date | null;
  verification: DrillVerification | null;
  error: string | null;
}

/** A cluster in the fleet-wide view: its last drill and its last verified restore. */
export interface ClusterDrillState {
  clusterId: string;
  clusterName: string;
  engine: string;
  ownerTeamName: string;
  lastDrill: RestoreDrill | null;
  lastPassed: RestoreDrill | null;
  /** No verified restore within the at-risk window. */
  atRisk: boolean;
}
