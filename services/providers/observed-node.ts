import type { NodeState } from '../core/types';

/** A node's figures as a provider that observes its own nodes reports them (nothing is contacted). */
export interface ObservedMetrics {
  simulated: true;
  providerId: string;
  at: Date;
  state: NodeState;
  cpuPercent: number;
  memoryUsedPercent: number;
  memoryUsedGb: number;
  /** The instance's RAM. */
  memoryTotalGb: number;
  diskUsedGb: number;
  diskTotalGb: number;
  readsPerSecond: number;
  writesPerSecond: number;
  /** p99 under the node's traffic of the moment (production load, its daily cycle, failures). */
  p99LatencyMs: number;
  /**
   * p99 of the node serving a benchmark's load alone: its version's speed and its failures, without
   * the production traffic of the moment. What a benchmark run against the node starts from, so two
   * runs hours apart differ by version and by the run's own drift, not by the time of day.
   */
  benchmarkP99Ms: number;
  /** Client connections held open. */
  connections: number;
  /** Errors the engine counted in the current 5-real-second window (rejected requests, failed writes). */
  errors: number;
  /** A replica's delay behind its primary; null for primaries and equal members. */
  replicationLagSeconds: number | null;
}

/** What a node says of one peer. */
export interface PeerView {
  name: string;
  up: boolean;
}

export interface ObservedNode {
  /** The node as describeNode reports it (a ProviderNode). */
  node: { providerId: string; state: NodeState };
  metrics: ObservedMetrics;
  peers: PeerView[];
}

/**
 * How health and benchmarks see the nodes of a provider without real servers (no runsRealServers):
 * the provider itself reports them, since there is nothing to probe.
 */
export interface NodeObserver {
  /** Every live node of a cluster in one read, keyed by provider id. */
  observeCluster(clusterId: string): Promise<Map<string, ObservedNode>>;
  metrics(providerId: string): Promise<ObservedMetrics>;
  /** Simulated seconds per real second: how fast the provider's time runs. */
  readonly timeScale: number;
}
