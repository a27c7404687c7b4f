import type { ProviderNode } from '../provider';
import { NotFoundError } from '../../core/errors';
import type { SimulatorTime } from './instance-plan';
import { toProviderNode, type SimInstanceRow } from './rows';
import { metricsFor, type SimulatedMetrics } from './metrics';
import { gossipFor, type GossipView } from './gossip';
import type { SimEngine } from './sim-engine';
import type { SimInstances } from './sql/sim-instances';
import { heldGb, type ClusterUsage, type ClusterUsages } from './usage-track';

/** An instance type as the simulator reads it; memory is optional (metrics fall back to a default). */
export interface SimulatedInstanceType {
  vcpu: number;
  diskGb: number;
  memoryGb?: number;
}

const fallbackInstance: SimulatedInstanceType = { vcpu: 2, diskGb: 100 };

/** What a health round sees of one simulated node: its state, its metrics and what it says of its peers. */
export interface ObservedSimulatedNode {
  node: ProviderNode;
  metrics: SimulatedMetrics;
  peers: GossipView[];
}

export interface SimulatedObservationsDeps {
  time: SimulatorTime;
  instances: SimInstances;
  usages: ClusterUsages;
  instanceTypes: ReadonlyMap<string, SimulatedInstanceType>;
  engine(name: string): SimEngine;
  now(): Date;
}

/**
 * What the simulated cloud reports of its nodes: each node's metrics at the clock's now (following
 * its cluster's usage series where its history was backfilled) and a whole cluster's observation in
 * one read. Deterministic for a seed.
 */
export class SimulatedObservations {
  constructor(private readonly deps: SimulatedObservationsDeps) {}

  /** The node's instance type as the regions file describes it, with its disk as grown. */
  instanceOf(row: SimInstanceRow): SimulatedInstanceType {
    const type = this.deps.instanceTypes.get(row.instance_type) ?? fallbackInstance;
    return row.disk_gb === null || row.disk_gb === undefined ? type : { ...type, diskGb: Number(row.disk_gb) };
  }

  async metrics(providerId: string): Promise<SimulatedMetrics> {
    const row = await this.deps.instances.get(providerId);
    if (!row || row.terminated_at) throw new NotFoundError('simulated node', providerId);
    const now = this.deps.now();
    const usage = await this.deps.usages.forCluster(row.cluster_id, now.getTime());
    const cluster = usage ? await this.deps.instances.list(row.cluster_id) : [];
    return this.metricsOf(row, cluster, usage, now);
  }

  /** Every live node of a cluster, keyed by provider id (terminated nodes left out). */
  async observeCluster(clusterId: string): Promise<Map<string, ObservedSimulatedNode>> {
    const now = this.deps.now();
    const rows = await this.deps.instances.list(clusterId);
    // A cluster whose history was backfilled follows its usage series live (usage-track.ts).
    const usage = await this.deps.usages.forCluster(clusterId, now.getTime());
    const seen = new Map<string, ObservedSimulatedNode>();
    for (const row of rows) {
      if (row.terminated_at) continue;
      seen.set(row.provider_id, {
        node: toProviderNode(row, now),
        metrics: this.metricsOf(row, rows, usage, now),
        peers: gossipFor(row, rows, now, this.deps.engine(row.engine).simulated.membersGossip),
      });
    }
    return seen;
  }

  /** One node's metrics; `cluster` (its cluster's nodes) is read only when the cluster has a usage series. */
  private metricsOf(row: SimInstanceRow, cluster: SimInstanceRow[], usage: ClusterUsage | null, now: Date): SimulatedMetrics {
    const engine = this.deps.engine(row.engine);
    const held = usage ? heldGb(usage, now.getTime(), row, cluster, engine) : undefined;
    return metricsFor(row, {
      seed: this.deps.time.seed,
      timeScale: this.deps.time.timeScale,
      now,
      instance: this.instanceOf(row),
      engine,
      ...(held !== undefined ? { heldGb: held } : {}),
    });
  }
}
