import type { Redis } from 'ioredis';
import type { CoreContext } from '../../services/context';
import type { ClusterNode, EngineName } from '../../services/domain/types';
import { SimulatedProvider } from '../../services/providers/simulated/simulated-provider';
import { encodeSnapshot, type NodeSnapshot } from './snapshot';
import { healthKeys, STREAM_MAX_LENGTH } from './stream';

interface Target {
  node: ClusterNode;
  engine: EngineName;
  password: string;
}

/**
 * Stands in for the agent on every node: each interval it reads each running node of each live
 * cluster — with the engine's real driver for local nodes, from the simulator for simulated ones —
 * and pushes one snapshot per node into the health stream.
 */
export class HealthCollector {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(private readonly ctx: CoreContext, private readonly redis: Redis) {}

  private async targets(): Promise<Target[]> {
    const { rows } = await this.ctx.pool.query<{ cluster_id: string; engine: EngineName; password: string; node_id: string }>(
      `SELECT c.id AS cluster_id, c.engine, s.password, n.id AS node_id FROM clusters c
         JOIN cluster_secrets s ON s.cluster_id = c.id JOIN nodes n ON n.cluster_id = c.id
        WHERE c.status IN ('ACTIVE', 'UPDATING') AND n.state <> 'terminated'`,
    );
    const nodesByCluster = new Map<string, ClusterNode[]>();
    for (const id of new Set(rows.map((r) => r.cluster_id))) nodesByCluster.set(id, await this.ctx.repos.nodes.forCluster(id));
    return rows.flatMap((r) => {
      const node = nodesByCluster.get(r.cluster_id)?.find((n) => n.id === r.node_id);
      return node ? [{ node, engine: r.engine, password: r.password }] : [];
    });
  }

  private async snapshot({ node, engine, password }: Target): Promise<NodeSnapshot> {
    const base = { clusterId: node.clusterId, nodeId: node.id, nodeName: node.name, role: node.role, at: Date.now(), simulated: node.simulated };
    const provider = this.ctx.providers.forRegion(node.region);
    if (provider instanceof SimulatedProvider && node.providerId) {
      const seen = await provider.describeNode(node.providerId);
      if (seen?.state !== 'running') return { ...base, up: false, error: `simulated node is ${seen?.state ?? 'missing'}`, latencyMs: 0 };
      const m = await provider.metrics(node.providerId);
      const diskGb = this.ctx.regions.instanceTypes.get(node.instanceType)?.diskGb ?? 100;
      return { ...base, up: true, latencyMs: m.p99LatencyMs, memoryUsedPercent: m.memoryUsedPercent, diskUsedPercent: (m.diskUsedGb / diskGb) * 100 };
    }
    const adapter = this.ctx.engines.get(engine);
    if (node.host === null || node.port === null) return { ...base, up: false, error: 'node has no endpoint', latencyMs: 0 };
    const probe = await adapter.probe({ name: node.name, host: node.host, port: node.port, role: node.role }, { username: adapter.adminUsername, password });
    const used = Number(probe.details.used_memory);
    const max = Number(probe.details.maxmemory);
    return {
      ...base, up: probe.up, latencyMs: probe.latencyMs, ...(probe.error ? { error: probe.error } : {}),
      ...(used > 0 && max > 0 ? { memoryUsedPercent: (used / max) * 100 } : {}),
      ...(node.role === 'replica' && probe.details.master_link_status !== undefined ? { replicationLinkUp: probe.details.master_link_status === 'up' } : {}),
    };
  }

  async collectOnce(): Promise<number> {
    const keys = healthKeys(this.ctx.config.queuePrefix);
    const targets = await this.targets();
    const snapshots = await Promise.all(targets.map((t) => this.snapshot(t)));
    const pipeline = this.redis.pipeline();
    for (const s of snapshots) pipeline.xadd(keys.stream, 'MAXLEN', '~', STREAM_MAX_LENGTH, '*', 'snapshot', encodeSnapshot(s));
    pipeline.set(keys.collectorHeartbeat, String(Date.now()), 'PX', this.ctx.config.healthIntervalMs * 3);
    await pipeline.exec();
    return snapshots.length;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.collectOnce()
        .catch((error) => this.ctx.logger.warn({ err: error }, 'health collection round failed'))
        .finally(() => (this.busy = false));
    }, this.ctx.config.healthIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
