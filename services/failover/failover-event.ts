/** A cluster's topology as recorded around a failover: who led, who followed, what the HA manager saw. */
export interface TopologySnapshot {
  primary: string | null;
  replicas: string[];
  /** Nodes the HA manager saw down. */
  down: string[];
  managersReachable?: number;
  managersTotal?: number;
}

/** One change of primary that the cluster's HA manager decided (a failover) or carried out on request (a switchover). */
export interface FailoverEvent {
  id: string;
  clusterId: string;
  kind: 'failover' | 'switchover';
  /** The HA manager that decided: 'sentinel'. */
  decidedBy: string;
  oldPrimary: string | null;
  newPrimary: string | null;
  before: TopologySnapshot;
  after: TopologySnapshot;
  /** How long writes were refused, as the HA manager measured it; null when it could not tell. */
  unavailableMs: number | null;
  operationId: string | null;
  observedAt: Date;
  /** On reads: the cluster's name, and who asked for it (an operation's requester; null when the manager acted alone). */
  clusterName?: string;
  requestedBy?: string | null;
}
